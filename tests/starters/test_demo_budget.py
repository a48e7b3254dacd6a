"""The demo's budget: started from the strategy's decisions, with a tool and a freelancer
beside the paid platforms and the content plan, planned for the whole year and spent
for its first four months (one line over, one under), the same in every language."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.models import BudgetLine, LineKind, budget_of
from starters.backup import restore
from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from starters.templates import DEMO_FILES, demo_backup
from strategy_planner.models import Strategy
from tests.factories import UserFactory

LANGUAGES = list(DEMO_FILES)
MONTHS = [datetime.date(2027, month, 1) for month in range(1, 13)]
SPENT_MONTHS = 4  # January to April 2027: the months before the demo's "today"
D = Decimal

# The plan: the paid platforms at their monthly spend (search more in the gift
# season), the content plan's outsourced work by publish month, an e-mail platform
# whose dearer tier starts in July and a PR freelancer on a monthly retainer.
PLANNED_BY_MONTH = [
    D("2245.67"),
    D("4645.67"),  # the subscription savings calculator
    D("2245.67"),
    D("2245.67"),
    D("2245.67"),
    D("2895.67"),  # the cold brew infographic
    D("2275.67"),
    D("2275.67"),
    D("3475.67"),  # office coffee for small teams
    D("2275.67"),
    D("6300.67"),  # the gift guide, and search for the gift season
    D("2650.67"),
]
SPENT_BY_MONTH = [D("2247.95"), D("4723.25"), D("2285.40"), D("2297.75")]


def demo(language: str) -> Strategy:
    return restore(demo_backup(language), owner=UserFactory().username).strategy


def figures(strategy: Strategy) -> list:
    """Each line's kind, media type, platform decision and figures, without its name."""
    budget = budget_of(strategy)
    decisions = dict(strategy.assets.values_list("pk", "decision"))
    return [
        (
            row.kind,
            row.media_type,
            decisions.get(row.asset_id, ""),
            row.from_content_plan,
            row.planned,
            row.actual,
        )
        for row in budget.rows
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_budget_starts_from_the_decisions_and_adds_a_tool_and_people(db, language):
    strategy = demo(language)
    budget = budget_of(strategy)

    assert [(row.kind, row.media_type) for row in budget.rows] == [
        (LineKind.PAID_PLATFORM, "paid"),
        (LineKind.PAID_PLATFORM, "paid"),
        (LineKind.PAID_PLATFORM, "paid"),
        (LineKind.OUTSOURCED_CONTENT, "owned"),
        (LineKind.TOOL, "owned"),
        (LineKind.PEOPLE, "earned"),
    ]
    platforms = [strategy.assets.get(pk=row.asset_id) for row in budget.rows[:3]]
    assert [row.name for row in budget.rows[:3]] == [asset.name for asset in platforms]
    assert [asset.decision for asset in platforms] == ["keep", "change", "try"]
    assert not strategy.budget_lines.filter(asset__decision="drop").exists()
    assert [row.from_content_plan for row in budget.rows] == [False] * 3 + [True] + [False] * 2
    # Started the way a user starts it: starting again finds nothing to add.
    assert BudgetLine.objects.start(strategy) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_budget_is_planned_for_every_month_and_spent_until_april(db, language):
    strategy = demo(language)
    budget = budget_of(strategy)

    assert budget.months == MONTHS
    for row in budget.rows:
        assert None not in row.planned, row.name
        assert None not in row.actual[:SPENT_MONTHS], row.name
        assert row.actual[SPENT_MONTHS:] == [None] * (len(MONTHS) - SPENT_MONTHS), row.name
    assert [month.planned for month in budget.by_month] == PLANNED_BY_MONTH
    assert [month.actual for month in budget.by_month] == SPENT_BY_MONTH + [None] * 8
    assert budget.total.planned == sum(PLANNED_BY_MONTH) == D("35778.04")
    assert budget.months_with_actuals == SPENT_MONTHS
    assert budget.unscheduled_budget == 0
    # Every media type has money in it.
    assert all(group["total"].planned > 0 for group in budget.by_media_type())


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_demo_line_is_over_budget_and_one_under(db, language):
    strategy = demo(language)
    budget = budget_of(strategy)
    decisions = dict(strategy.assets.values_list("pk", "decision"))

    over = [row for row in budget.rows if row.total.variance > 0]
    under = [row for row in budget.rows if row.total.variance < 0]
    assert [decisions[row.asset_id] for row in over] == ["change"]  # Instagram ads
    assert [decisions[row.asset_id] for row in under] == ["try"]  # LinkedIn sponsored posts
    assert (over[0].total.variance, over[0].total.variance_percent) == (D("300.00"), D("11.5"))
    assert (under[0].total.variance, under[0].total.variance_percent) == (D("-128.33"), D("-35.0"))
    assert budget.total.variance == D("171.67")


def test_the_demo_budget_has_the_same_figures_in_every_language(db):
    found = {language: demo(language) for language in LANGUAGES}
    english = figures(found["en"])
    names = {
        language: [row.name for row in budget_of(strategy).rows]
        for language, strategy in found.items()
    }
    for language in LANGUAGES:
        assert figures(found[language]) == english, language
        if language != "en":
            # in its own words: none of the names is the English one
            assert not set(names[language]) & set(names["en"]), language


def test_the_seeded_demo_shows_its_budget(client, db):
    call_command("seed_demo", verbosity=0)
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    client.force_login(strategy.memberships.get(user__username="demo").user)
    url = reverse("budget:grid", args=[strategy.uuid])

    planned = client.get(url).text
    actual = client.get(url, {"figure": "actual"}).text

    for name in ("Google Search ads", "E-mail platform subscription", "Freelance PR retainer"):
        assert name in planned
    assert "€35,778.04" in planned
    assert "in 4 months with actual figures" in actual
    assert "budget-tone-over" in actual and "budget-tone-under" in actual
