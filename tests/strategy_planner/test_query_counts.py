"""The overview and the members page take a pinned number of queries, the same for
a strategy with one of everything and for one with a dozen."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from report.models import CoherentAction
from results.models import CheckIn
from strategy_planner.models import Role
from tests.factories import CheckInValueFactory, MembershipFactory, MilestoneFactory
from tests.report.test_document import fill


def grow(strategy, size):
    """One of everything the pages show, ``size`` times over: personas, goals, assets,
    content, sequences, actions serving goals, milestones and check-ins, and members."""
    fill(strategy, size)
    goals = list(strategy.goals.order_by("-pk")[:size])  # the ones just made
    for number in range(size):
        action = CoherentAction.objects.create(strategy=strategy, title=f"Action {number}")
        action.goals.add(*goals[:2])
        MembershipFactory(strategy=strategy, role=(Role.EDITOR, Role.VIEWER)[number % 2])
        month = datetime.date(2027, number % 12 + 1, 1)
        MilestoneFactory(goal=goals[number], month=month)
        check_in, _created = CheckIn.objects.get_or_create(strategy=strategy, month=month)
        CheckInValueFactory(check_in=check_in, goal=goals[number])


def queries(client, url) -> int:
    """The queries of one request, each time from a cold cache."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def small_and_large(team, client, url_name) -> tuple[int, int]:
    url = reverse(url_name, args=[team.strategy.uuid])
    grow(team.strategy, 1)
    small = queries(client, url)
    grow(team.strategy, 12)
    return small, queries(client, url)


def test_the_overview_takes_a_pinned_number_of_queries(team, client_for):
    small, large = small_and_large(team, client_for(team.owner), "strategy_planner:overview")
    assert (small, large) == (15, 15)


def test_the_members_page_takes_a_pinned_number_of_queries(team, client_for):
    small, large = small_and_large(team, client_for(team.owner), "strategy_planner:members")
    assert (small, large) == (7, 7)
