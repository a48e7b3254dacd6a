"""Every page that answers GET, called with hostile values in its query string.

The pages are those of the access test (tests/strategy_planner/test_access.py),
each called by someone who may read it. The parameters are every one a view or
a form bound to ``request.GET`` reads (``grep -rn request.GET``): a page never
answers 5xx for them, only what it answers without them, or 404. Values that
make no sense are ignored or brought back into range (a clamp); a page of a
list beyond its last shows the last.
"""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from strategy_planner.funnel import EXAMPLE
from strategy_planner.models import Strategy
from tests.factories import ContentPieceFactory
from tests.strategy_planner import test_access
from tests.strategy_planner.test_access import CALLERS, EXPECTED, ROUTES, call, mismatch

pytestmark = pytest.mark.django_db

# The access test's strategy with one of everything, built once for the module.
shared_world, world = test_access.shared_world, test_access.world
worker_queue = test_access.worker_queue  # renders PDFs in the background, as there

# Every GET parameter a page reads, with a value of the kind it expects.
PARAMETERS = {
    # the calendar's month and the calendar it is named in, and the content plan's filters
    "month": "2027-03",
    "calendar": "jalali",
    "status": "planned",
    "priority": "high",
    "format": "blog_post",
    "persona": "1",
    "owner": "1",
    # lists shown a page at a time: the content audit, the plan, the inventory
    "page": "2",
    # the inventory's filter and sort, the audit's goal and metric
    "media": "paid",
    "sort": "-leads",
    "goal": "1",
    "metric": "views",
    # the PDF's page size
    "size": "letter",
    # where to go next (log in, language)
    "next": "/",
    # the funnel calculator
    **{name: str(value) for name, value in EXAMPLE.items()},
}
HOSTILE = [
    "",
    "0001-01",
    "9999-12",
    "-1",
    "0",
    "99999999999999999999",
    "1e400",
    "NaN",
    "abc",
    "\x00",
    "' OR 1=1 --",
    "۱۲",
    "9" * 5000,  # long, and more digits than Python turns into a number
]
# The funnel works its figures out only when all of them are valid: each is also
# tried alone among valid ones.
FUNNEL_ROUTES = {"strategy_planner:goals", "strategy_planner:funnel"}


def reader(name: str) -> str | None:
    """Who reads this page: its owner, or the share link's holder for the shared
    document; None for pages nobody here reads with GET (POST only, the admin)."""
    get, _post = EXPECTED[name]
    for caller in ("owner", "share"):
        if get[CALLERS.index(caller)] in (200, 302):
            return caller
    return None


READ_ROUTES = sorted(name for name in ROUTES if reader(name))


def hostile_queries():
    """Every parameter at once with the same hostile value; then each parameter
    twice, a valid value and a hostile one, in either order."""
    for value in HOSTILE:
        yield dict.fromkeys(PARAMETERS, value)
    yield {name: [valid, "9999-12"] for name, valid in PARAMETERS.items()}
    yield {name: ["-1", valid] for name, valid in PARAMETERS.items()}


def funnel_queries():
    for field in EXAMPLE:
        for value in HOSTILE:
            yield {**{name: str(valid) for name, valid in EXAMPLE.items()}, field: value}


def failures(world, name: str, queries) -> list[str]:
    caller = reader(name)
    expected = EXPECTED[name][0][CALLERS.index(caller)]
    found = []
    for query in queries:
        url = world.url(name, caller) + "?" + urlencode(query, doseq=True)
        shown = {
            key: value[:20] if isinstance(value, str) else value for key, value in query.items()
        }
        try:
            response = call(world.client(caller), "get", url)
        except Exception as error:  # the test client raises what the view raised
            found.append(f"{shown}: {error!r}"[:400])
            continue
        if response.status_code != 404 and mismatch(response, expected):
            found.append(f"{shown}: {mismatch(response, expected)}"[:400])
    return found


def test_every_page_that_answers_get_is_walked():
    assert len(READ_ROUTES) > 50
    assert {"content_plan:calendar", "assets:inventory", "share_pdf"} <= set(READ_ROUTES)


@pytest.mark.parametrize("name", READ_ROUTES)
def test_hostile_query_parameters_never_answer_5xx(world, name):
    found = failures(world, name, hostile_queries())
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", sorted(FUNNEL_ROUTES))
def test_a_hostile_funnel_figure_among_valid_ones_never_answers_5xx(world, name):
    found = failures(world, name, funnel_queries())
    assert not found, "\n".join(found)


# The calendar keeps to a range around the strategy's horizon.

MONTH_LINK = re.compile(r'href="\?month=([^"]*)" rel="(prev|next)"')


def calendar(client, strategy, month):
    return client.get(reverse("content_plan:calendar", args=[strategy.uuid]), {"month": month})


def month_links(response) -> dict[str, str]:
    """The calendar's links to the month before and after: rel → month."""
    return {rel: month for month, rel in MONTH_LINK.findall(response.text)}


def test_a_month_long_before_the_horizon_shows_the_calendars_first(client_for, team):
    assert team.strategy.start_date.year == 2027
    response = calendar(client_for(team.viewer), team.strategy, "0001-01")
    assert response.status_code == 200
    assert response.context["month"] == datetime.date(2022, 1, 1)
    assert month_links(response) == {"next": "2022-02"}


def test_a_month_long_after_the_horizon_shows_the_calendars_last(client_for, team):
    assert team.strategy.end_date.year == 2027
    response = calendar(client_for(team.viewer), team.strategy, "9999-12")
    assert response.status_code == 200
    assert response.context["month"] == datetime.date(2032, 12, 1)
    assert month_links(response) == {"prev": "2032-11"}


@pytest.mark.parametrize(
    ("start", "end", "month", "shown"),
    [
        (datetime.date(1, 1, 1), datetime.date(1, 12, 31), "0001-01", datetime.date(2, 1, 1)),
        (
            datetime.date(9999, 1, 1),
            datetime.date(9999, 12, 31),
            "9999-12",
            datetime.date(9998, 12, 1),
        ),
    ],
)
def test_a_horizon_at_the_ends_of_the_calendar_still_shows(
    client_for, team, start, end, month, shown
):
    Strategy.objects.filter(pk=team.strategy.pk).update(start_date=start, end_date=end)
    response = calendar(client_for(team.viewer), team.strategy, month)
    assert response.context["month"] == shown


def test_a_month_inside_the_range_is_shown_as_asked(client_for, team):
    ContentPieceFactory(
        strategy=team.strategy, title="Far ahead", publish_date=datetime.date(2030, 5, 9)
    )
    response = calendar(client_for(team.viewer), team.strategy, "2030-05")
    assert response.context["month"] == datetime.date(2030, 5, 1)
    assert "Far ahead" in response.text
    assert month_links(response) == {"prev": "2030-04", "next": "2030-06"}


def test_the_calendars_links_name_jalali_months_for_a_jalali_reader(client_for, team):
    # A Jalali reader's calendar draws Jalali months, which no Gregorian month
    # names: its links name them in the Jalali calendar, and say so. A Gregorian
    # month asked for (an older link) shows the Jalali month holding its first day.
    client = client_for(team.viewer)
    client.cookies["django_language"] = "fa"
    client.cookies["calendar"] = "jalali"
    response = calendar(client, team.strategy, "2027-03")
    assert "1405" in response.text  # Esfand 1405 holds 1 March 2027
    assert month_links(response) == {
        "prev": "1405-11&amp;calendar=jalali",
        "next": "1406-01&amp;calendar=jalali",
    }
