"""Persian readers may read dates in the Solar Hijri (Jalali) calendar."""

import datetime

from django.urls import reverse
from django.utils import translation

from report.document import build_document
from report.pdf import render_html
from strategy_planner.calendars import jalali_format, use_calendar

NOWRUZ_2027 = datetime.date(2027, 3, 21)  # 1 Farvardin 1406


def test_jalali_format_follows_django_format_characters():
    with translation.override("fa"):
        assert jalali_format(NOWRUZ_2027, "Y/m/d") == "1406/01/01"
        assert jalali_format(NOWRUZ_2027, "j F Y") == "1 فروردین 1406"
        assert jalali_format(datetime.date(2027, 12, 31), "Y/n/j") == "1406/10/10"
        assert jalali_format(NOWRUZ_2027, r"\Y Y") == "Y 1406"


def choose(client, calendar):
    return client.post(
        reverse("strategy_planner:set_calendar"), {"calendar": calendar, "next": "/"}
    )


def test_a_persian_reader_chooses_jalali_dates_on_screen(client_for, team):
    team.strategy.start_date = NOWRUZ_2027
    team.strategy.end_date = datetime.date(2027, 12, 31)
    team.strategy.save()
    client = client_for(team.viewer)
    client.cookies["django_language"] = "fa"
    gregorian = client.get("/")
    # Dates are written in Persian digits, as the figures are.
    assert "۲۰۲۷" in gregorian.text and "۱۴۰۶" not in gregorian.text
    assert "Solar Hijri" in gregorian.text or "هجری" in gregorian.text  # offered in the menu
    response = choose(client, "jalali")
    assert response.status_code == 302 and response.url == "/"
    jalali = client.get("/")
    assert "۱۴۰۶/۱/۱" in jalali.text and "۱۴۰۶/۱۰/۱۰" in jalali.text
    # ... or in Latin digits, if the reader chooses them
    client.post(reverse("strategy_planner:set_digits"), {"digits": "latin", "next": "/"})
    assert "1406/1/1" in client.get("/").text
    # the same reader in English keeps Gregorian dates
    client.cookies["django_language"] = "en"
    english = client.get("/").text
    assert "1406" not in english and "۱۴۰۶" not in english
    client.cookies["django_language"] = "fa"
    choose(client, "gregorian")
    persian = client.get("/").text
    assert "1406" not in persian and "۱۴۰۶" not in persian


def test_the_calendar_choice_refuses_foreign_redirects(client, db):
    response = client.post(
        reverse("strategy_planner:set_calendar"),
        {"calendar": "jalali", "next": "https://evil.example/"},
    )
    assert response.url == "/"


def test_a_persian_document_can_use_jalali_dates(team):
    team.strategy.language = "fa"
    team.strategy.start_date = NOWRUZ_2027
    team.strategy.end_date = datetime.date(2027, 12, 31)
    team.strategy.calendar = "jalali"
    team.strategy.save()
    body = render_html(build_document(team.strategy)).split("<body")[1]
    assert "۱۴۰۶" in body and "۲۰۲۷" not in body and "2027" not in body
    team.strategy.calendar = "gregorian"
    team.strategy.save()
    body = render_html(build_document(team.strategy)).split("<body")[1]
    assert "۱۴۰۶" not in body and "۲۰۲۷" in body


def test_jalali_applies_only_to_persian(team):
    team.strategy.language = "ro"
    team.strategy.calendar = "jalali"
    team.strategy.start_date = NOWRUZ_2027
    team.strategy.save()
    html = render_html(build_document(team.strategy))
    assert "1406" not in html
    with use_calendar("jalali"), translation.override("en"):
        assert "1406" not in render_html(build_document(team.strategy))
