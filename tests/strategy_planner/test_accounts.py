import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

User = get_user_model()


def test_signup_creates_an_account_and_logs_in(client, db):
    response = client.post(
        reverse("signup"),
        {
            "display_name": "Maria Ionescu",
            "job_title": "Social media manager",
            "username": "maria",
            "email": "maria@example.com",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("starters:dashboard")
    assert response.context["user"].username == "maria"
    profile = response.context["user"].profile
    assert (profile.display_name, profile.job_title) == ("Maria Ionescu", "Social media manager")
    assert "Welcome, Maria Ionescu!" in response.text


def test_signup_refuses_mismatched_passwords_and_keeps_the_username(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "maria",
            "email": "maria@example.com",
            "password1": "one-password-here",
            "password2": "another-password",
        },
    )
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert 'value="maria"' in response.text
    assert not User.objects.filter(username="maria").exists()


def test_signup_refuses_a_taken_email(client, team):
    response = client.post(
        reverse("signup"),
        {
            "username": "other",
            "email": team.owner.email.upper(),
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    assert "email" in response.context["form"].errors


def test_login_and_logout(client, team):
    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("starters:dashboard")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("starters:dashboard")).status_code == 302


def test_wrong_password_is_refused(client, team):
    response = client.post(reverse("login"), {"username": "owner", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_change_password(client_for, team):
    client = client_for(team.owner)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 302
    team.owner.refresh_from_db()
    assert team.owner.check_password("a-brand-new-passphrase")


def test_reset_password_by_email(client, team):
    client.post(reverse("password_reset"), {"email": team.owner.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session and redirects
    response = client.post(
        form_url, {"new_password1": "reset-to-this-phrase", "new_password2": "reset-to-this-phrase"}
    )
    assert response.status_code == 302
    team.owner.refresh_from_db()
    assert team.owner.check_password("reset-to-this-phrase")
