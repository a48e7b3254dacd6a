import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from budget.models import budget_of
from report.agenda import due_work, health_of_many
from results.models import results_of
from starters.backup import restore
from starters.management.commands.seed_demo import DEMO_TEAM
from starters.templates import demo_backup
from strategy_planner.models import Role
from strategy_planner.wizard import STEPS
from tests.factories import (
    BudgetLineFactory,
    BudgetMonthFactory,
    GoalFactory,
    MembershipFactory,
    UserFactory,
)
from tests.report.test_agenda import TODAY as BUSY_TODAY
from tests.report.test_agenda import busy_strategy

URL = reverse("starters:dashboard")
# The queries of the page, however many strategies: the session, the user, their
# profile (the name in the account menu), the strategies with their completeness,
# their goals, milestones, check-in values, budget months, content plan budget by
# month, actions and pieces due, the deleted count, and the two savepoints of the
# request's transaction.
QUERIES = 14
TODAY = datetime.date(2027, 5, 18)  # a Tuesday, after the demo's April check-in


def test_it_requires_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lists_my_strategies_with_role_and_completeness(client_for, team):
    other = MembershipFactory(user=team.viewer, role=Role.OWNER, strategy__name="Second plan")
    response = client_for(team.viewer).get(URL)
    assert response.status_code == 200
    assert team.strategy.name in response.text
    assert other.strategy.name in response.text
    assert "Viewer" in response.text and "Owner" in response.text
    assert f'aria-valuenow="{round(100 / len(STEPS))}"' in response.text  # basics done


def test_it_hides_strategies_i_do_not_belong_to(client_for, team):
    response = client_for(team.outsider).get(URL)
    assert team.strategy.name not in response.text
    assert "No strategies yet" in response.text


def test_query_count_does_not_grow_with_strategies(client_for, team):
    client = client_for(team.owner)
    busy_strategy(team.owner, Role.EDITOR)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(4):
        busy_strategy(team.owner, Role.VIEWER)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL).text
    assert page.count("Off track: 1") == 5
    assert len(few) == len(many) <= QUERIES


def test_each_strategy_says_how_it_is_going(client_for, team):
    busy = busy_strategy(team.viewer, Role.VIEWER)
    with mock.patch("django.utils.timezone.localdate", return_value=BUSY_TODAY):
        page = client_for(team.viewer).get(URL).text
    going = " ".join(row_of(page, busy).split())
    assert "On track: 1" in going and "At risk: 1" in going and "Off track: 1" in going
    assert "€610.25 spent against €450.50 planned to date" in going
    assert "(+€159.75)" in going
    assert "3 overdue" in going and "2 due this week" in going
    assert reverse("budget:grid", args=[busy.uuid]) in going
    assert reverse("results:page", args=[busy.uuid]) in going
    assert "Nothing measured, budgeted or due yet." in row_of(page, team.strategy)


def test_what_is_missing_is_said_in_a_word_not_in_zeros(client_for, team):
    GoalFactory(strategy=team.strategy)
    line = BudgetLineFactory(strategy=team.strategy)
    BudgetMonthFactory(line=line, planned=250)
    going = " ".join(row_of(client_for(team.owner).get(URL).text, team.strategy).split())
    assert "No check-in yet." in going
    assert "€250.00 planned; nothing spent recorded yet." in going
    assert "overdue" not in going and "due this week" not in going


def row_of(page: str, strategy) -> str:
    """The dashboard's table row of the strategy."""
    return next(row for row in page.split("<tr") if strategy.get_absolute_url() in row)


def figures(html: str) -> list[str]:
    """The figures in some HTML, in either script, without its tags."""
    return re.findall(r"[0-9۰-۹][0-9۰-۹,.٬٫]*", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def demos(db):
    """The demo in English and in Persian, both owned by the demo owner."""
    for username, _email in DEMO_TEAM:
        UserFactory(username=username)
    return [restore(demo_backup(language), new_uuid=True).strategy for language in ("en", "fa")]


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_dashboard_says_what_each_overview_says(client, demos, language):
    client.force_login(demos[0].memberships.get(role=Role.OWNER).user)
    client.cookies["django_language"] = language
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        dashboard = client.get(URL).text
        overviews = [client.get(strategy.get_absolute_url()).text for strategy in demos]
    for strategy, overview in zip(demos, overviews, strict=True):
        row = row_of(dashboard, strategy)
        health = overview.split('id="health-heading"')[1].split("</section>")[0]
        badges = re.compile(r'<span class="badge[^"]*">([^<]*)</span>')
        assert badges.findall(row) == badges.findall(health)
        assert len(badges.findall(row)) == 3  # one on track, one at risk, one off track
        spend_on_dashboard = row.split("/budget/")[1].split("</a>")[1].split("</li>")[0]
        spend_on_overview = health.split("<dd")[2].split(">", 1)[1].split("<a ")[0]
        assert figures(spend_on_dashboard) == figures(spend_on_overview)
        assert len(figures(spend_on_dashboard)) == 3  # spent, planned to date, variance
        with translation.override(language):
            work = due_work(strategy, TODAY)
        overdue, this_week = figures(row.split("#due-heading")[1].split("</a>")[1])
        heading = overview.split('<h3 class="h6 text-danger">')[1].split("</h3>")[0]
        assert figures(heading) == [overdue]
        assert [overdue, this_week] == [
            format(len(work.overdue)).translate(DIGITS[language]),
            format(len(work.this_week)).translate(DIGITS[language]),
        ]


DIGITS = {"en": {}, "fa": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")}


def test_the_demos_figures_are_its_budget_and_results(demos):
    many = health_of_many(demos)
    for strategy in demos:
        budget = budget_of(strategy)
        assert many[strategy.pk].spend == budget.total
        assert many[strategy.pk].planned == budget.total.planned
        statuses = sorted(result.status for result in results_of(strategy))
        assert sorted(goal.status for goal in many[strategy.pk].goals) == statuses
