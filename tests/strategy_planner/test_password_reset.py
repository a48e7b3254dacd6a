"""Password-reset mails are throttled per e-mail address and per client address,
and the refusal never tells whether an account uses the address."""

import re
import time

import pytest
from django.core import mail
from django.core.cache.backends import base, locmem
from django.urls import reverse

from tests.factories import UserFactory

CLIENT_ADDRESS = "203.0.113.7"


def ask_for_reset(client, email, client_address=CLIENT_ADDRESS):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=client_address)


def refusal(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


class LaterClock:
    """The cache's clock, moved on by ``seconds``."""

    def __init__(self, seconds):
        self.seconds = seconds

    def time(self):
        return time.time() + self.seconds


def test_the_fourth_request_for_one_address_within_the_hour_sends_nothing_and_says_why(
    client, team
):
    for _ in range(3):
        assert ask_for_reset(client, team.owner.email).url == reverse("password_reset_done")
    assert len(mail.outbox) == 3

    response = ask_for_reset(client, team.owner.email.upper())

    assert response.status_code == 429
    assert len(mail.outbox) == 3
    assert "Too many password resets were asked for this address" in response.text
    assert f'value="{team.owner.email.upper()}"' in response.text  # kept as typed


def test_the_address_may_ask_again_an_hour_later(client, team, monkeypatch):
    for _ in range(4):
        ask_for_reset(client, team.owner.email)
    assert len(mail.outbox) == 3

    clock = LaterClock(60 * 60 + 1)
    monkeypatch.setattr(base, "time", clock)
    monkeypatch.setattr(locmem, "time", clock)
    response = ask_for_reset(client, team.owner.email)

    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 4


def test_one_client_address_gets_ten_requests_an_hour_whatever_the_addresses(client, db):
    users = UserFactory.create_batch(11)
    for user in users[:10]:
        ask_for_reset(client, user.email)
    assert len(mail.outbox) == 10

    response = ask_for_reset(client, users[10].email)

    assert response.status_code == 429
    assert len(mail.outbox) == 10
    assert ask_for_reset(client, users[10].email, client_address="198.51.100.4").status_code == 302
    assert len(mail.outbox) == 11


def test_a_client_over_its_limit_uses_up_no_turn_of_the_address(client, team, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 1
    ask_for_reset(client, "someone-else@example.com")
    for _ in range(5):
        assert ask_for_reset(client, team.owner.email).status_code == 429

    ask_for_reset(client, team.owner.email, client_address="198.51.100.4")

    assert [message.to for message in mail.outbox] == [[team.owner.email]]


def test_the_refusal_reads_the_same_with_and_without_an_account(client, team):
    addresses = {"with": team.owner.email, "without": "nobody-here@example.com"}
    for _ in range(3):
        for email in addresses.values():
            ask_for_reset(client, email, client_address="198.51.100.4")

    answers = {kind: ask_for_reset(client, email) for kind, email in addresses.items()}

    assert answers["with"].status_code == answers["without"].status_code == 429
    assert refusal(answers["with"]) == refusal(answers["without"]) != []

    def page(kind):  # without what differs anyway: the address typed, the CSRF tokens
        text = answers[kind].text.replace(addresses[kind], "ADDRESS")
        return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", text)

    assert page("with") == page("without")


def test_a_form_with_errors_uses_up_no_turn(client, team, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 1
    for _ in range(3):
        assert ask_for_reset(client, "not an address").status_code == 200

    assert ask_for_reset(client, team.owner.email).status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("language", ["fa", "ro"])
def test_the_refusal_is_translated(client, team, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    for _ in range(3):
        ask_for_reset(client, team.owner.email)

    response = ask_for_reset(client, team.owner.email)

    assert response.status_code == 429
    assert "Too many password resets" not in response.text
    assert refusal(response)[0].strip()
