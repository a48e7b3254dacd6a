"""Milestones planned by quarter: a quarter's end typed fills its months in equal
steps from where the month before stood; a month typed itself wins; the months
are saved like typed ones, and two editors are told of each other's quarters."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from results.forms import MilestonesForm
from results.models import Milestone, strategy_months
from results.rules import steps_to
from tests.factories import GoalFactory

D = Decimal


@pytest.fixture
def goal(team):
    strategy = team.strategy
    strategy.start_date, strategy.end_date = datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)
    strategy.save()
    return GoalFactory(
        strategy=strategy,
        metric="Website leads",
        baseline=D("1000"),
        target=D("2200"),
        deadline=datetime.date(2027, 12, 31),
    )


def posted(goal, **typed):
    """The page's data as drawn, with these fields typed."""
    form = MilestonesForm(goal=goal, months=strategy_months(goal.strategy))
    data = {"edit_version": str(goal.edit_version)}
    for key in form.months:
        data[key] = ""
        data[form.add_initial_prefix(key)] = ""
    return data | {key.replace("_", "-"): value for key, value in typed.items()}


def saved(goal) -> dict:
    return {row.month.strftime("%Y-%m"): row.value for row in goal.milestones.all()}


def test_steps_to_reaches_the_end_in_equal_steps():
    assert steps_to(D("1000"), D("1300"), 3, 0) == [D("1100"), D("1200"), D("1300")]
    assert steps_to(D("10"), D("11"), 3, 2) == [D("10.33"), D("10.67"), D("11.00")]
    assert steps_to(D("500"), D("400"), 2, 0) == [D("450"), D("400")]


def test_a_quarter_end_fills_its_months_from_the_baseline(goal):
    form = MilestonesForm(
        posted(goal, **{"quarter-2027-q1": "1600"}),
        goal=goal,
        months=strategy_months(goal.strategy),
    )
    assert form.is_valid(), form.errors
    assert form.save_if_unchanged()
    assert saved(goal) == {"2027-01": D("1200"), "2027-02": D("1400"), "2027-03": D("1600")}


def test_the_next_quarter_starts_from_the_quarter_before_and_a_typed_month_wins(goal):
    form = MilestonesForm(
        posted(goal, **{"quarter-2027-q1": "1600", "quarter-2027-q2": "1900", "2027-05": "1650"}),
        goal=goal,
        months=strategy_months(goal.strategy),
    )
    assert form.is_valid(), form.errors
    assert form.save_if_unchanged()
    found = saved(goal)
    assert found["2027-03"] == D("1600")
    assert found["2027-04"] == D("1700")  # from March's 1,600 towards 1,900
    assert found["2027-05"] == D("1650")  # typed itself
    assert found["2027-06"] == D("1900")
    assert "2027-07" not in found  # the even spread goes on


def test_a_quarter_after_the_even_spread_starts_where_the_spread_stood(goal):
    # The even spread: 100 a month from 1,000, so June stands at 1,600.
    form = MilestonesForm(
        posted(goal, **{"quarter-2027-q3": "2200"}),
        goal=goal,
        months=strategy_months(goal.strategy),
    )
    assert form.is_valid(), form.errors
    form.save_if_unchanged()
    assert saved(goal) == {"2027-07": D("1800"), "2027-08": D("2000"), "2027-09": D("2200")}


def test_a_bad_quarter_end_is_named_and_nothing_is_saved(goal):
    form = MilestonesForm(
        posted(goal, **{"quarter-2027-q1": "lots"}),
        goal=goal,
        months=strategy_months(goal.strategy),
    )
    assert not form.is_valid()
    assert form.errors["quarter-2027-q1"] == ["Enter a number, such as 1250 or 2.5."]
    assert not Milestone.objects.exists()


def test_the_page_plans_by_quarter(client_for, team, goal):
    client = client_for(team.owner)
    url = reverse("results:milestones", args=[goal.strategy.uuid, goal.pk])
    page = client.get(url).content.decode()
    assert "End of Q1 2027" in page and 'name="quarter-2027-q4"' in page
    response = client.post(url, posted(goal, **{"quarter-2027-q4": "2500"}))
    assert response.status_code == 302
    # September stands at 1,900 on the even spread.
    assert saved(goal) == {"2027-10": D("2100"), "2027-11": D("2300"), "2027-12": D("2500")}


def test_two_editors_planning_the_same_quarter_are_told(goal):
    months = strategy_months(goal.strategy)
    drawn = posted(goal)  # both drew the page before either saved
    first = MilestonesForm(drawn | {"quarter-2027-q1": "1600"}, goal=goal, months=months)
    assert first.is_valid() and first.save_if_unchanged()
    second = MilestonesForm(drawn | {"quarter-2027-q1": "1900"}, goal=goal, months=months)
    assert second.is_valid()
    assert not second.save_if_unchanged()
    assert [d.label for d in second.conflict.differences] == [
        "January 2027",
        "February 2027",
        "March 2027",
    ]
    assert saved(goal)["2027-03"] == D("1600")  # the first save stands until replaced
