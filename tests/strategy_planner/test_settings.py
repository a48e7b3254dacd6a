import os
import subprocess
import sys

from django.conf import settings


def production_environment(**overrides) -> dict:
    # The browser tests' async switch is a test-only setting, never a production one.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **overrides}


def test_check_deploy_is_clean_in_production():
    env = production_environment(
        **{
            "DEBUG": "false",
            "SECRET_KEY": "k7#Qp2!vZr9@Lm4$Xw8^Tn6&Yb3*Hc5(Jd1)Fg0_Se-Ua+Oi=Pe",
            "ALLOWED_HOSTS": "planner.example.com",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
