"""The PDF is rendered by the background worker; the request only starts it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from report.models import ShareLink
from tests.factories import GoalFactory, StrategyFactory


@pytest.fixture
def worker_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes connections it thinks are stale between tasks; inside a
    # test's transaction that would be the test's own connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def pdf_url(strategy, size=None):
    url = reverse("report:document_pdf", args=[strategy.uuid])
    return f"{url}?size={size}" if size else url


def test_the_download_waits_for_the_worker_then_hands_over_the_file(worker_queue, client_for, team):
    client = client_for(team.viewer)
    started = client.get(pdf_url(team.strategy))
    assert started.status_code == 302
    progress_url = started["Location"]
    assert progress_url.startswith(pdf_url(team.strategy) + "/")

    waiting = client.get(progress_url)
    assert waiting.status_code == 200
    assert "Waiting for a free worker to render the PDF" in waiting.text
    assert 'data-hx-trigger="every 1500ms"' in waiting.text  # the page keeps asking
    assert '<meta http-equiv="refresh"' in waiting.text  # ... also without script

    # asking again while it waits does not queue a second render
    assert client.get(pdf_url(team.strategy))["Location"] == progress_url

    run_worker()
    ready = client.get(progress_url)
    assert "Your PDF is ready" in ready.text
    assert "data-hx-trigger" not in ready.text
    assert f'href="{pdf_url(team.strategy, "a4")}"' in ready.text

    download = client.get(pdf_url(team.strategy, "a4"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


def test_an_unchanged_strategy_is_served_from_the_cache(
    worker_queue, client_for, team, django_assert_max_num_queries
):
    client = client_for(team.viewer)
    client.get(pdf_url(team.strategy))
    run_worker()
    with django_assert_max_num_queries(18):
        assert client.get(pdf_url(team.strategy)).status_code == 200
    # an edit makes a new version, which needs a new render
    GoalFactory(strategy=team.strategy)
    assert client.get(pdf_url(team.strategy)).status_code == 302


def test_each_page_size_is_its_own_render(worker_queue, client_for, team):
    client = client_for(team.viewer)
    a4 = client.get(pdf_url(team.strategy))["Location"]
    letter = client.get(pdf_url(team.strategy, "letter"))["Location"]
    assert a4.split("?")[0] != letter.split("?")[0]
    assert letter.endswith("?size=letter")


def test_a_failed_render_says_so_and_can_be_tried_again(
    worker_queue, client_for, team, monkeypatch
):
    from report import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    client = client_for(team.viewer)
    with monkeypatch.context() as patched:
        patched.setattr(pdf, "render_pdf", broken)
        progress_url = client.get(pdf_url(team.strategy))["Location"]
        run_worker()
    failed = client.get(progress_url)
    assert "The PDF could not be made" in failed.text
    assert "Try again" in failed.text
    retry = client.get(pdf_url(team.strategy))
    assert retry.status_code == 302 and retry["Location"] != progress_url
    run_worker()
    assert "Your PDF is ready" in client.get(retry["Location"]).text


def test_a_job_is_only_visible_through_its_own_strategy(worker_queue, client_for, team):
    other = StrategyFactory()
    from strategy_planner.models import Membership, Role

    Membership.objects.create(strategy=other, user=team.viewer, role=Role.OWNER)
    client = client_for(team.viewer)
    progress_url = client.get(pdf_url(team.strategy))["Location"]
    job = progress_url.split("?")[0].rstrip("/").split("/")[-1]
    foreign = reverse("report:document_pdf_progress", args=[other.uuid, job])
    assert client.get(foreign).status_code == 404
    client.logout()
    client.force_login(team.outsider)
    assert client.get(progress_url).status_code == 404


def test_a_share_link_waits_for_the_worker_too(worker_queue, client, team):
    link = ShareLink.objects.create(strategy=team.strategy, created_by=team.owner)
    started = client.get(reverse("share_pdf", args=[link.token]))
    assert started.status_code == 302
    progress_url = started["Location"]
    assert progress_url.startswith(reverse("share_pdf", args=[link.token]) + "/")
    assert "Waiting for a free worker" in client.get(progress_url).text
    run_worker()
    assert "Your PDF is ready" in client.get(progress_url).text
    pdf = client.get(reverse("share_pdf", args=[link.token]) + "?size=a4")
    assert pdf.content.startswith(b"%PDF")
    # a revoked link closes the waiting page as well
    link.revoked_at = link.created_at
    link.save()
    assert client.get(progress_url).status_code == 404


def pending_renders() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status="READY", task_path__endswith="render_strategy_pdf"
    ).count()


def test_a_busy_editor_keeps_one_render_waiting_per_page_size(worker_queue, client_for, team):
    client = client_for(team.viewer)
    for number in range(5):  # edit, download, edit, download...
        GoalFactory(strategy=team.strategy, marketing_goal=f"Goal {number}")
        client.get(pdf_url(team.strategy, "a4"))
        client.get(pdf_url(team.strategy, "letter"))
    assert pending_renders() == 2  # not 10: each waiting render takes the newest version
    run_worker()
    # What the worker rendered is the strategy as it is now: both downloads are ready.
    for size in ("a4", "letter"):
        assert client.get(pdf_url(team.strategy, size)).content.startswith(b"%PDF")


def test_the_pdf_is_rendered_ahead_once_the_edits_stop(
    worker_queue, settings, client_for, team, django_capture_on_commit_callbacks
):
    import time

    settings.PDF_RENDER_AHEAD_SECONDS = 1
    with django_capture_on_commit_callbacks(execute=True):
        GoalFactory(strategy=team.strategy, marketing_goal="First")
    with django_capture_on_commit_callbacks(execute=True):
        GoalFactory(strategy=team.strategy, marketing_goal="Second")  # within the second
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="render_ahead").count() == 1
    time.sleep(1.1)
    run_worker()  # the edits stopped a second ago: rendered now
    download = client_for(team.viewer).get(pdf_url(team.strategy, "a4"))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_an_edit_puts_the_render_ahead_off(worker_queue, settings, team):
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from report.pdf import render_ahead

    settings.PDF_RENDER_AHEAD_SECONDS = 60
    Strategy = type(team.strategy)
    Strategy.objects.filter(pk=team.strategy.pk).update(content_changed_at=timezone.now())
    render_ahead.call(team.strategy.pk)  # run early: the strategy was changed just now
    later = DBTaskResult.objects.get(task_path__endswith="render_ahead")
    assert later.run_after > timezone.now() + datetime.timedelta(seconds=50)
    assert pending_renders() == 0  # nothing rendered yet
