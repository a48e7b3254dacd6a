"""A published version's PDF, rendered by the task worker like the draft's.

Rendering takes seconds (tens for a large strategy): done in the request, it
would hold the request's transaction, and on SQLite the write lock every other
editor waits for, that long. The job is queued in the same transaction as the
version (or the answer that changes its cover), so neither exists without the other.
"""

from django_tasks import task

from versions.models import Version


@task()
def render_version_pdf(version_id: int) -> None:
    version = Version.objects.select_related("strategy").filter(pk=version_id).first()
    if version is not None:
        version.render_pdf()
