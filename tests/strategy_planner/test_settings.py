import json
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qp2!vZr9@Lm4$Xw8^Tn6&Yb3*Hc5(Jd1)Fg0_Se-Ua+Oi=Pe",
    "ALLOWED_HOSTS": "planner.example.com",
}


def production_environment(**overrides) -> dict:
    # The browser tests' async switch is a test-only setting, never a production one.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **overrides}


def manage(*arguments, **environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=production_environment(**environment),
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    # What `manage.py collectstatic` leaves in STATIC_ROOT for the check to find
    # (the real one compresses every file: over a minute).
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": {}}))
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", STATIC_ROOT=str(tmp_path), **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_before_collectstatic_in_production(tmp_path):
    result = manage("check", "--deploy", STATIC_ROOT=str(tmp_path), **PRODUCTION)
    assert result.returncode != 0
    assert "strategy_planner.E001" in result.stderr
    assert "Run `python manage.py collectstatic`" in result.stderr


def test_collectstatic_and_migrate_run_before_collectstatic_in_production(tmp_path):
    static_root = str(tmp_path / "static")
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for arguments in (["collectstatic", "--noinput", "--dry-run"], ["migrate", "--plan"]):
        result = manage(*arguments, STATIC_ROOT=static_root, DATABASE_URL=database, **PRODUCTION)
        assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_in_production():
    env = production_environment(DEBUG="false", SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
