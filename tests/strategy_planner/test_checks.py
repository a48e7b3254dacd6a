"""The system check that stops a production start-up before the static files
are collected (strategy_planner/checks.py)."""

import json

import pytest
from django.core import checks

from strategy_planner.checks import static_files_collected

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production(settings, tmp_path, monkeypatch):
    """Production's static files settings, with STATIC_ROOT empty; run as `manage.py check`."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    monkeypatch.setattr("sys.argv", ["manage.py", "check"])
    return tmp_path


def collect(static_root):
    """What `manage.py collectstatic` leaves behind that the check looks for."""
    (static_root / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": {}}))


def test_it_says_to_run_collectstatic_when_nothing_was_collected(production):
    errors = static_files_collected()

    assert [error.id for error in errors] == ["strategy_planner.E001"]
    assert "python manage.py collectstatic" in errors[0].msg
    assert str(production) in errors[0].hint


def test_it_is_registered_and_run_by_manage_py_check(production):
    assert "strategy_planner.E001" in [error.id for error in checks.run_checks()]


def test_it_is_quiet_once_collectstatic_has_run(production):
    collect(production)

    assert static_files_collected() == []


def test_it_is_quiet_with_debug_on(production, settings):
    settings.DEBUG = True

    assert static_files_collected() == []


def test_it_is_quiet_with_a_storage_that_needs_no_manifest(production, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    assert static_files_collected() == []


@pytest.mark.parametrize("command", ["migrate", "collectstatic"])
def test_it_lets_the_commands_run_that_come_before_the_static_files(
    production, monkeypatch, command
):
    monkeypatch.setattr("sys.argv", ["manage.py", command])

    assert static_files_collected() == []


def test_collectstatic_runs_no_check_that_would_stop_it(production):
    assert checks.run_checks(tags=[checks.Tags.staticfiles]) == []


def test_the_test_settings_need_no_collected_files():
    assert static_files_collected() == []


def test_the_application_server_does_not_start_before_collectstatic(tmp_path):
    """gunicorn runs no system checks: loading the WSGI application runs this one."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "a-production-key-that-is-long-enough-for-the-deploy-checks-0123456789",
        "STATIC_ROOT": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "strategy_planner.settings",
    }
    started = subprocess.run(
        [sys.executable, "-c", "import strategy_planner.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert started.returncode != 0
    assert "python manage.py collectstatic" in started.stderr
    collect(tmp_path)
    started = subprocess.run(
        [sys.executable, "-c", "import strategy_planner.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert started.returncode == 0, started.stderr
