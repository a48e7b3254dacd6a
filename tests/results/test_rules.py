"""The arithmetic of milestones and the one status rule, in both directions."""

import datetime
from decimal import Decimal

import pytest

from budget.rules import horizon_months
from results import rules
from results.rules import Status

D = Decimal
YEAR = horizon_months(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))


def test_the_milestones_spread_evenly_to_the_target_by_the_deadline():
    spread = rules.even_spread(D(100), D(160), YEAR, datetime.date(2027, 6, 30))
    assert spread == [D(v) for v in (110, 120, 130, 140, 150, 160, 160, 160, 160, 160, 160, 160)]


def test_without_a_deadline_inside_the_horizon_the_spread_ends_with_it():
    assert rules.even_spread(D(0), D(12), YEAR, datetime.date(2028, 3, 1))[-1] == 12
    assert rules.even_spread(D(0), D(12), YEAR, None)[0] == 1
    assert rules.even_spread(D(0), D(12), YEAR, datetime.date(2026, 1, 1)) == [D(12)] * 12


def test_whole_figures_give_whole_milestones_rounded_half_up():
    # 100 → 150 over 12 months: 4.1666… a month.
    spread = rules.even_spread(D("100.00"), D("150.00"), YEAR, datetime.date(2027, 12, 31))
    assert spread[:4] == [D(104), D(108), D(113), D(117)]  # 112.5 is 113
    assert spread[-1] == D(150)
    assert all(value == value.to_integral_value() for value in spread)


def test_figures_with_decimals_keep_their_precision():
    spread = rules.even_spread(D("2.5"), D("3.0"), YEAR, datetime.date(2027, 12, 31))
    assert spread[:3] == [D("2.5"), D("2.6"), D("2.6")]  # 2.5417, 2.5833, 2.625
    assert spread[5] == D("2.8")  # 2.75 half up
    spread = rules.even_spread(D("1.25"), D("1.90"), YEAR, datetime.date(2027, 3, 31))
    assert spread[:3] == [D("1.47"), D("1.68"), D("1.90")]  # 1.4667, 1.6833


def test_a_goal_that_lowers_its_metric_spreads_downwards():
    spread = rules.even_spread(D(50), D(30), YEAR, datetime.date(2027, 4, 30))
    assert spread[:5] == [D(45), D(40), D(35), D(30), D(30)]


def test_an_edited_milestone_stays_as_typed_and_the_others_keep_the_spread():
    edited = {datetime.date(2027, 3, 1): D("200.5")}
    found = rules.milestones(D(100), D(160), YEAR, datetime.date(2027, 6, 30), edited)
    assert [m.value for m in found[:4]] == [D(110), D(120), D("200.5"), D(140)]
    assert [m.edited for m in found[:4]] == [False, False, True, False]


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (D(130), Status.ON_TRACK),  # reached
        (D(135), Status.ON_TRACK),  # beyond it
        (D(127), Status.ON_TRACK),  # short by 10% of the way 100 → 130
        (D("126.9"), Status.AT_RISK),
        (D("122.5"), Status.AT_RISK),  # short by 25%
        (D("122.4"), Status.OFF_TRACK),
        (D(90), Status.OFF_TRACK),  # below the baseline
    ],
)
def test_the_status_of_a_goal_that_grows(actual, expected):
    assert rules.status(D(100), D(160), D(130), actual) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (D(40), Status.ON_TRACK),  # a cost per lead at the milestone
        (D(38), Status.ON_TRACK),  # lower is better
        (D(41), Status.ON_TRACK),  # short by 10% of the way 50 → 40
        (D("41.1"), Status.AT_RISK),
        (D("42.5"), Status.AT_RISK),
        (D("42.6"), Status.OFF_TRACK),
        (D(55), Status.OFF_TRACK),
    ],
)
def test_the_status_of_a_goal_that_lowers_its_metric(actual, expected):
    assert rules.status(D(50), D(30), D(40), actual) == expected


def test_a_milestone_at_the_baseline_measures_against_the_whole_way():
    assert rules.status(D(100), D(200), D(100), D(95)) == Status.ON_TRACK  # 5 of 100
    assert rules.status(D(100), D(200), D(100), D(80)) == Status.AT_RISK


def test_a_goal_is_judged_by_its_latest_month_with_an_actual():
    results = rules.goal_results(
        goal_id=1,
        name="More leads",
        metric="Leads",
        unit="",
        baseline=D(100),
        target=D(160),
        deadline=datetime.date(2027, 6, 30),
        months=YEAR,
        edited={},
        actuals={datetime.date(2027, 1, 1): D(80), datetime.date(2027, 2, 1): D(119)},
    )
    assert results.months[0].status == Status.OFF_TRACK
    assert results.latest.month == datetime.date(2027, 2, 1)
    assert results.status == Status.ON_TRACK
    assert results.months[2].actual is None and results.months[2].status is None
