"""Accounts and headers: throttled logins, Argon2, CSP, secure cookies in production."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_for_a_while(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(username="ioana")
    for _ in range(2):
        response = log_in(client, "ioana", "wrong password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.text
    locked = log_in(client, "ioana", "wrong password")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    assert "You can try again in 15 minutes" in locked.text
    # even the right password waits out the pause
    assert log_in(client, "ioana", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # other accounts are not affected
    UserFactory(username="reza")
    assert log_in(client, "reza", PASSWORD).status_code == 302
    assert user.pk


@pytest.mark.django_db
def test_a_successful_login_forgets_earlier_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="ioana")
    log_in(client, "ioana", "wrong password")
    log_in(client, "ioana", "wrong password")
    assert log_in(client, "ioana", PASSWORD).status_code == 302
    client.logout()
    log_in(client, "ioana", "wrong password")
    log_in(client, "ioana", "wrong password")
    assert log_in(client, "ioana", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_new_passwords_are_hashed_with_argon2(client, settings):
    from strategy_planner import settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS  # the suite uses a fast one
    response = client.post(
        reverse("signup"),
        {
            "display_name": "Mina",
            "username": "mina",
            "email": "mina@example.com",
            "password1": "a long and unusual pass phrase",
            "password2": "a long and unusual pass phrase",
        },
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    stored = get_user_model().objects.get(username="mina").password
    assert identify_hasher(stored).algorithm == "argon2"
    assert check_password("a long and unusual pass phrase", stored)


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    # and the page itself has no inline script for the policy to block
    assert "<script>" not in response.text
    assert "<script src=" in response.text


def production_settings(code: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="false",
        SECRET_KEY="k7#Qp2!vZr9@Lm4$Xw8^Tn6&Yb3*Hc5(Jd1)Fg0_Se-Ua+Oi=Pe",
        ALLOWED_HOSTS="planner.example.com",
        DJANGO_SETTINGS_MODULE="strategy_planner.settings",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_cookies_are_secure_in_production():
    printed = production_settings(
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SESSION_COOKIE_HTTPONLY, settings.CSRF_COOKIE_HTTPONLY,"
        " settings.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
    )
    assert printed == "True True True True Argon2PasswordHasher"
