"""English readers are British or American: dates, the first weekday and the
new strategy's currency follow the reader's locale; the app's name follows the
reader's language everywhere it is shown."""

import datetime
import email.header
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from starters.templates import TEMPLATES
from strategy_planner.models import Currency, Language, Strategy

NOWRUZ_2027 = datetime.date(2027, 3, 21)


@pytest.fixture
def dated(team):
    Strategy.objects.filter(pk=team.strategy.pk).update(
        start_date=NOWRUZ_2027, end_date=datetime.date(2027, 12, 31)
    )
    return team


def dashboard(client, **headers):
    return client.get(reverse("starters:dashboard"), headers=headers)


@pytest.mark.parametrize(
    ("accept", "language", "horizon"),
    [
        ("en-GB,en;q=0.8", "en-gb", "21/03/2027 – 31/12/2027"),
        ("en-US,en;q=0.8", "en-us", "03/21/2027 – 12/31/2027"),
        ("en", "en-us", "03/21/2027 – 12/31/2027"),
        ("ro-RO,ro;q=0.9", "ro", "21.03.2027 – 31.12.2027"),
    ],
)
def test_the_browsers_language_picks_the_english_of_its_reader(
    client_for, dated, accept, language, horizon
):
    response = dashboard(client_for(dated.owner), accept_language=accept)
    assert f'<html lang="{language}" dir="ltr">' in response.text
    assert horizon in response.text


def test_an_earlier_english_cookie_still_reads_english(client_for, dated):
    client = client_for(dated.owner)
    client.cookies["django_language"] = "en"
    response = dashboard(client, accept_language="en-GB")
    assert '<html lang="en-us" dir="ltr">' in response.text  # the cookie decides, as before
    assert "My strategies" in response.text


@pytest.mark.parametrize(("chosen", "horizon"), [("en-gb", "21/03/2027"), ("en", "03/21/2027")])
def test_the_language_menu_sets_the_english_of_its_reader(client_for, dated, chosen, horizon):
    client = client_for(dated.owner)
    response = client.post(reverse("set_language"), {"language": chosen, "next": "/"})
    assert response.status_code == 302
    assert horizon in dashboard(client, accept_language="fa").text


def test_the_menu_offers_each_language_named_in_itself(client_for, dated):
    client = client_for(dated.owner)
    client.cookies["django_language"] = "en-gb"
    menu = re.findall(
        r'name="language" value="([^"]+)" lang="[^"]+" '
        r'class="dropdown-item( active)?"[^>]*>([^<]+)<',
        dashboard(client).text,
    )
    assert menu == [
        ("en-us", "", "English (US)"),
        ("en-gb", " active", "English (UK)"),
        ("fa", "", "فارسی"),
        ("ro", "", "Română"),
    ]


@pytest.mark.parametrize(
    ("accept", "language", "currency"),
    [
        ("en-GB", "en", "GBP"),
        ("en-US", "en", "USD"),
        ("fa", "fa", "IRR"),
        ("ro", "ro", "RON"),
    ],
)
def test_a_new_strategy_starts_in_the_readers_language_and_currency(
    client_for, team, accept, language, currency
):
    response = client_for(team.owner).get(
        reverse("starters:create"), headers={"accept-language": accept}
    )
    form = response.context["form"]
    assert (form["language"].value(), form["currency"].value()) == (language, currency)
    assert re.search(rf'<option value="{currency}"[^>]* selected>', response.text)


def test_a_persian_reader_of_jalali_dates_starts_a_jalali_document(client_for, team):
    client = client_for(team.owner)
    client.cookies["django_language"] = "fa"
    client.cookies["calendar"] = "jalali"
    form = client.get(reverse("starters:create")).context["form"]
    assert (form["language"].value(), form["calendar"].value()) == ("fa", "jalali")


def test_a_strategy_from_a_template_takes_the_readers_currency(client_for, team):
    client = client_for(team.owner)
    client.cookies["django_language"] = "en-gb"
    client.post(reverse("starters:start"), {"source": "template", "template": TEMPLATES[0].key})
    strategy = Strategy.objects.exclude(pk=team.strategy.pk).get()
    assert (strategy.language, strategy.currency) == ("en", "GBP")


@pytest.mark.parametrize(
    ("locale", "language", "currency"),
    [
        ("en-gb", "en", "GBP"),
        ("en-us", "en", "USD"),
        ("en", "en", "EUR"),
        ("fa", "fa", "IRR"),
        ("ro", "ro", "RON"),
        ("de", "en", "EUR"),
        (None, "en", "EUR"),
    ],
)
def test_one_rule_gives_a_locales_document_language_and_currency(locale, language, currency):
    assert Language.of_locale(locale) == language
    assert Currency.of_locale(locale) == currency


def sender_name(message) -> str:
    header = message.message()["From"]
    return str(email.header.make_header(email.header.decode_header(header)))


@pytest.mark.parametrize(
    ("language", "name"), [("fa", "برنامه‌ریز راهبرد"), ("en-gb", "Strategy Planner")]
)
def test_the_reset_mail_names_the_app_as_the_readers_language_does(client, team, language, name):
    client.cookies["django_language"] = language
    client.post(reverse("password_reset"), {"email": team.owner.email})
    (message,) = mail.outbox
    with translation.override(language):
        assert name in str(translation.gettext("Strategy Planner"))
    assert sender_name(message) == f"{name} <noreply@localhost>"
    assert name in message.subject


def test_a_sender_named_by_the_settings_keeps_its_name(client, team, settings):
    settings.DEFAULT_FROM_EMAIL = "Northwind Marketing <plans@northwind.example>"
    client.cookies["django_language"] = "fa"
    client.post(reverse("password_reset"), {"email": team.owner.email})
    assert sender_name(mail.outbox[0]) == "Northwind Marketing <plans@northwind.example>"
