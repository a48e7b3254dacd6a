"""The content calendar draws the months of the reader's calendar, weeks starting
where the reader's language starts them, weekdays named in that language."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse

from strategy_planner.calendars import Month
from strategy_planner.models import Strategy
from tests.factories import ContentPieceFactory

NOWRUZ_2027 = datetime.date(2027, 3, 21)  # 1 Farvardin 1406, a Sunday
# A day cell: its date, the number shown, and what it holds.
CELL = re.compile(r'<time datetime="([\d-]+)"[^>]*>([^<]*)</time></div>(.*?)</td>', re.DOTALL)
MONTH_LINK = re.compile(r'href="\?([^"]*)" rel="(prev|next)"')
WEEKDAY = re.compile(r'<th scope="col" class="text-center"(?: title="[^"]*")?>([^<]*)<')


def fa(text: str) -> str:
    """Text with Persian digits, as a Persian page writes figures and dates."""
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def calendar(client, strategy, **query):
    return client.get(reverse("content_plan:calendar", args=[strategy.uuid]), query)


def cells(response) -> dict[datetime.date, tuple[str, str]]:
    """Each day drawn: the number shown on it, and the text of the cell as it is seen
    (without what only a screen reader reads, such as a piece's status)."""
    seen = re.compile(r'<span class="visually-hidden">[^<]*</span>|<[^>]+>|\s+')
    return {
        datetime.date.fromisoformat(day): (number, seen.sub(" ", rest).strip())
        for day, number, rest in CELL.findall(response.text)
    }


def month_links(response) -> dict[str, str]:
    return {rel: query.replace("&amp;", "&") for query, rel in MONTH_LINK.findall(response.text)}


@pytest.fixture
def jalali_reader(client_for, team):
    client = client_for(team.viewer)
    client.cookies["django_language"] = "fa"
    client.cookies["calendar"] = "jalali"
    return client


def test_a_jalali_reader_sees_farvardin_with_its_pieces_on_their_jalali_days(jalali_reader, team):
    ContentPieceFactory(strategy=team.strategy, title="Nowruz greetings", publish_date=NOWRUZ_2027)
    ContentPieceFactory(
        strategy=team.strategy, title="Spring sale", publish_date=datetime.date(2027, 4, 4)
    )
    ContentPieceFactory(
        strategy=team.strategy, title="Last of Esfand", publish_date=datetime.date(2027, 3, 20)
    )
    response = calendar(jalali_reader, team.strategy, month="1406-01", calendar="jalali")
    assert response.status_code == 200
    assert response.context["month"] == NOWRUZ_2027
    assert fa("فروردین 1406") in response.text
    days = cells(response)
    assert days[NOWRUZ_2027] == (fa("1"), "Nowruz greetings")
    assert days[datetime.date(2027, 4, 4)] == (fa("15"), "Spring sale")
    # Esfand 29 opens the first week; its piece belongs to Esfand's page.
    assert days[datetime.date(2027, 3, 20)] == (fa("29"), "")
    assert max(days) == datetime.date(2027, 4, 23)  # 3 Ordibehesht ends the last week
    assert response.context["count"] == 2


def test_the_months_before_and_after_are_jalali_months(jalali_reader, team):
    response = calendar(jalali_reader, team.strategy, month="1406-01", calendar="jalali")
    links = month_links(response)
    assert links == {
        "prev": "month=1405-12&calendar=jalali",
        "next": "month=1406-02&calendar=jalali",
    }
    following = jalali_reader.get(
        reverse("content_plan:calendar", args=[team.strategy.uuid]) + "?" + links["next"]
    )
    assert following.context["month"] == datetime.date(2027, 4, 21)  # 1 Ordibehesht 1406
    assert fa("اردیبهشت 1406") in following.text
    previous = jalali_reader.get(
        reverse("content_plan:calendar", args=[team.strategy.uuid]) + "?" + links["prev"]
    )
    assert previous.context["month"] == datetime.date(2027, 2, 20)  # 1 Esfand 1405
    # 1405 is a common year: Esfand has 29 days, and Farvardin 1 comes next.
    assert cells(previous)[datetime.date(2027, 3, 20)][0] == fa("29")
    assert cells(previous).get(datetime.date(2027, 3, 21), (fa("1"),))[0] == fa("1")


def test_the_year_turns_with_esfand(jalali_reader, team):
    response = calendar(jalali_reader, team.strategy, month="1405-12", calendar="jalali")
    assert month_links(response)["next"] == "month=1406-01&calendar=jalali"
    response = calendar(jalali_reader, team.strategy, month="1406-01", calendar="jalali")
    assert month_links(response)["prev"] == "month=1405-12&calendar=jalali"


def test_today_is_found_in_the_jalali_month_that_holds_it(jalali_reader, team):
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2027, 4, 4)):
        response = calendar(jalali_reader, team.strategy)
    assert response.context["month"] == NOWRUZ_2027  # Farvardin, not April
    today = re.search(
        r'aria-current="date">\s*<div class="text-end"><time datetime="([^"]+)"', response.text
    )
    assert today[1] == "2027-04-04"
    assert cells(response)[datetime.date(2027, 4, 4)][0] == fa("15")


def test_a_link_back_to_this_month_names_it_in_the_readers_calendar(jalali_reader, team):
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2027, 4, 4)):
        response = calendar(jalali_reader, team.strategy, month="1406-05", calendar="jalali")
    assert 'href="?month=1406-01&amp;calendar=jalali">این ماه</a>' in response.text


@pytest.mark.parametrize(
    ("language", "first", "week"),
    [
        ("fa", "شنبه", 5),  # Saturday
        ("ro", "Lun", 0),  # Monday
        ("en-gb", "Mon", 0),
        ("en-us", "Sun", 6),
        ("en", "Sun", 6),  # an earlier "English" cookie reads as American English
    ],
)
def test_weekdays_are_named_and_start_as_the_language_has_it(
    client_for, team, language, first, week
):
    client = client_for(team.viewer)
    client.cookies["django_language"] = language
    response = calendar(client, team.strategy, month="2027-03")
    names = WEEKDAY.findall(response.text)
    assert len(names) == 7 and names[0] == first
    assert len(set(names)) == 7
    assert {day.weekday() for day in list(cells(response))[::7]} == {week}


def test_persian_weekdays_are_persian_in_the_gregorian_calendar_too(client_for, team):
    client = client_for(team.viewer)
    client.cookies["django_language"] = "fa"
    response = calendar(client, team.strategy, month="2027-03")
    assert WEEKDAY.findall(response.text) == [
        "شنبه",
        "یکشنبه",
        "دوشنبه",
        "سه‌شنبه",
        "چهارشنبه",
        "پنجشنبه",
        "جمعه",
    ]
    assert response.context["month"] == datetime.date(2027, 3, 1)
    assert cells(response)[NOWRUZ_2027][0] == fa("21")


def test_a_jalali_link_opens_the_gregorian_month_for_a_gregorian_reader(client_for, team):
    response = calendar(client_for(team.viewer), team.strategy, month="1406-01", calendar="jalali")
    assert response.context["month"] == datetime.date(2027, 3, 1)
    assert month_links(response) == {"prev": "month=2027-02", "next": "month=2027-04"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)),
        (datetime.date(1, 1, 1), datetime.date(1, 12, 31)),
        (datetime.date(9999, 1, 1), datetime.date(9999, 12, 31)),
    ],
)
@pytest.mark.parametrize(
    "month", ["", "0001-01", "0000-00", "9999-12", "1406-13", "1406-1", "۱۴۰۶-۰۱", "abc", "9" * 500]
)
def test_any_month_asked_of_a_jalali_calendar_shows_one(jalali_reader, team, start, end, month):
    Strategy.objects.filter(pk=team.strategy.pk).update(start_date=start, end_date=end)
    for marker in ("jalali", "gregorian", "\x00"):
        response = calendar(jalali_reader, team.strategy, month=month, calendar=marker)
        assert response.status_code == 200
        assert len(cells(response)) % 7 == 0


def test_a_month_of_either_calendar_is_drawn_in_whole_weeks():
    for calendar_name, year in (("jalali", 1406), ("gregorian", 2027)):
        for number in range(1, 13):
            month = Month(calendar_name, year, number)
            for start in range(7):
                weeks = month.weeks(start)
                days = [day for week in weeks for day in week]
                assert all(len(week) == 7 and week[0].weekday() == start for week in weeks)
                assert days == sorted(days) and len(set(days)) == len(days)
                assert days[0] <= month.first and month.last <= days[-1]
                assert (days[-1] - days[0]).days == len(days) - 1
                assert month.following.first == month.last + datetime.timedelta(days=1)
