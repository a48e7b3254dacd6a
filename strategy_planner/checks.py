"""System checks of the project's own, registered in ``StrategyPlannerConfig.ready()``.

With DEBUG off, the static files are served from STATIC_ROOT under hashed names
listed in a manifest that `manage.py collectstatic` writes; without it every
page fails on its first stylesheet. ``manage.py check`` (with or without
``--deploy``), ``runserver`` and the other management commands (the worker's
too) say so and stop before anything starts.
"""

import sys

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

# The commands that must work before the static files are collected: collectstatic
# itself, and migrate, which a deployment may run first. collectstatic runs only
# the checks tagged "staticfiles" (this one has no tag), migrate runs them all.
# Django itself takes the command's name from argv[1].
BEFORE_COLLECTSTATIC = {"collectstatic", "migrate"}


def _running_command() -> str | None:
    return sys.argv[1] if len(sys.argv) > 1 else None


def stop_unless_ready() -> None:
    """Refuse to start serving (the WSGI application) while a check here fails."""
    errors = static_files_collected()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")


def static_files_collected(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG or _running_command() in BEFORE_COLLECTSTATIC:
        return []
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []
    if storage.manifest_storage.exists(storage.manifest_name):
        return []
    return [
        Error(
            "DEBUG is off and the static files have not been collected: every page "
            "would fail. Run `python manage.py collectstatic` before starting the app.",
            hint=f"collectstatic writes them, and their manifest {storage.manifest_name}, "
            f"to STATIC_ROOT ({settings.STATIC_ROOT}).",
            id="strategy_planner.E001",
        )
    ]
