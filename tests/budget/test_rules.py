"""The budget's arithmetic: minor units and rounding, months and quarters, totals,
variance and cost per result."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget import rules
from budget.rules import Amounts, Budget, BudgetRow, Results

D = Decimal


def row(id, media_type, planned, actual=None, months=3):
    actual = actual or [None] * months
    return BudgetRow(
        id=id,
        name=f"Line {id}",
        kind="tool",
        kind_label="Tool",
        media_type=media_type,
        media_label=media_type.title(),
        planned=[None if value is None else D(value) for value in planned],
        actual=[None if value is None else D(value) for value in actual],
    )


MEDIA = [("owned", "Owned"), ("earned", "Earned"), ("paid", "Paid")]
JAN_TO_MAR = [datetime.date(2027, month, 1) for month in (1, 2, 3)]


@pytest.mark.parametrize(
    ("currency", "expected"),
    [("EUR", D("33.33")), ("USD", D("33.33")), ("IRR", D("33")), ("JPY", D("33"))],
)
def test_a_monthly_spend_of_a_third_is_rounded_to_the_currencys_minor_units(currency, expected):
    assert rules.monthly_spend(D(100), D(3), currency) == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (D("2.675"), "EUR", D("2.68")),  # half up, not to even
        (D("2.665"), "EUR", D("2.67")),
        (D("2.5"), "IRR", D("3")),
        (D("3.5"), "IRR", D("4")),
        (D("1999.999"), "EUR", D("2000.00")),
    ],
)
def test_rounding_is_half_up(value, currency, expected):
    assert rules.to_minor_units(value, currency) == expected


def test_amounts_finer_than_the_minor_units_are_refused():
    rules.check_minor_units(D("3.33"), "EUR")
    rules.check_minor_units(D("1250"), "IRR")
    rules.check_minor_units(D("1250.00"), "IRR")  # as the column keeps it
    rules.check_minor_units(None, "IRR")
    with pytest.raises(ValidationError) as whole:
        rules.check_minor_units(D("12.5"), "IRR")
    assert whole.value.code == "minor_units"
    assert "no decimals" in whole.value.messages[0]
    with pytest.raises(ValidationError) as finer:
        rules.check_minor_units(D("3.333"), "EUR")
    assert finer.value.messages == ["Amounts in EUR have at most 2 decimals."]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2025, 11, 1), datetime.date(2026, 10, 31), D(12)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), D(3)),
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28), D(1)),
        (None, None, D(12)),  # the last 12 months the audit looks back on
        (datetime.date(2026, 3, 1), None, D(12)),
    ],
)
def test_the_audit_period_in_months(start, end, months):
    assert rules.period_months(start, end) == months


def test_a_period_of_whole_months_and_some_days():
    months = rules.period_months(datetime.date(2026, 1, 1), datetime.date(2026, 2, 15))
    assert D("1.49") < months < D("1.5")


def test_the_horizon_counts_every_month_it_touches():
    assert rules.horizon_months(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)) == [
        datetime.date(2027, month, 1) for month in range(1, 13)
    ]
    months = rules.horizon_months(datetime.date(2027, 1, 15), datetime.date(2027, 7, 14))
    assert months[0] == datetime.date(2027, 1, 1) and months[-1] == datetime.date(2027, 7, 1)
    assert len(months) == 7


def test_quarters_are_calendar_quarters_even_when_the_horizon_starts_later():
    months = rules.horizon_months(datetime.date(2027, 2, 1), datetime.date(2028, 1, 31))
    found = [(q.year, q.number, q.months) for q in rules.quarters(months)]
    assert found == [
        (2027, 1, (0, 1)),  # February and March
        (2027, 2, (2, 3, 4)),
        (2027, 3, (5, 6, 7)),
        (2027, 4, (8, 9, 10)),
        (2028, 1, (11,)),
    ]


def test_variance_compares_only_the_months_with_actual_figures():
    months = [Amounts.of_cell(D(100), D(120)), Amounts.of_cell(D(100), None)]
    both = rules.total(months)
    assert both.planned == D(200)
    assert both.actual == D(120)
    assert both.planned_to_date == D(100)
    assert both.variance == D(20)  # over budget by 20, not under by 80
    assert both.variance_percent == D("20.0")


def test_no_actual_figure_means_no_variance_yet():
    nothing = rules.total([Amounts.of_cell(D(100), None)])
    assert nothing.actual is None and nothing.variance is None
    assert nothing.variance_percent is None


def test_an_actual_figure_of_zero_counts():
    spent_nothing = Amounts.of_cell(D(50), D(0))
    assert spent_nothing.variance == D(-50)
    assert spent_nothing.variance_percent == D("-100.0")


def test_a_variance_without_a_plan_has_no_percentage():
    unplanned = Amounts.of_cell(None, D(30))
    assert unplanned.variance == D(30)
    assert unplanned.variance_percent is None


def budget(rows, currency="EUR", **kwargs):
    return Budget(currency=currency, months=JAN_TO_MAR, rows=rows, media_types=MEDIA, **kwargs)


def test_totals_by_month_quarter_line_and_media_type():
    plan = budget(
        [
            row(1, "paid", ["100.00", "100.00", "100.00"], ["90.00", None, None]),
            row(2, "paid", ["50.50", None, "49.50"]),
            row(3, "owned", ["20.00", "20.00", "20.00"], ["25.00", None, None]),
        ],
        hours=[D("10.5"), D(0), D("4.0")],
    )
    assert [m.planned for m in plan.by_month] == [D("170.50"), D("120.00"), D("169.50")]
    assert [m.actual for m in plan.by_month] == [D("115.00"), None, None]
    assert [q.planned for q in plan.by_quarter] == [D("460.00")]
    assert [r.total.planned for r in plan.rows] == [D("300.00"), D("100.00"), D("60.00")]
    assert plan.total.planned == D("460.00")
    # Line 2 has no actual figure for January yet: its plan is not compared.
    assert plan.total.planned_to_date == D("120.00")
    assert plan.total.variance == D("-5.00")
    media = {group["media_type"]: group for group in plan.by_media_type()}
    assert media["paid"]["total"].planned == D("400.00")
    assert media["owned"]["total"].planned == D("60.00")
    assert media["earned"]["total"].planned == D(0)
    assert media["owned"]["total"].variance == D(5)
    assert plan.hours_total == D("14.5")
    assert plan.months_with_actuals == 1


def test_a_monthly_third_adds_up_to_what_was_planned_month_by_month():
    third = rules.monthly_spend(D(100), D(3), "EUR")
    plan = budget([row(1, "paid", [third] * 3)])
    assert plan.total.planned == D("99.99")  # the plan is its months, not the spend it came from


def test_cost_per_result_planned_and_actual():
    google = row(1, "paid", ["1000.00", "1000.00", "1000.00"], ["900.00", "1100.00", None])
    google.asset_id = 9
    plan = budget([google], results=Results(leads=900, customers=120))
    assert plan.planned_cost_per_lead == D("3.33")
    assert plan.planned_cost_per_customer == D("25.00")
    # The check-ins record 280 and 370 leads in January and February: 2,000 spent.
    recorded = {
        (1, JAN_TO_MAR[0]): rules.Recorded(leads=280, conversions=36),
        (1, JAN_TO_MAR[1]): rules.Recorded(leads=370, conversions=44),
    }
    per_lead = plan.actual_cost_per("leads", recorded)
    assert per_lead == rules.CostSoFar(D("2000.00"), 650, 2, D("3.08"))  # 3.0769…
    assert plan.actual_cost_per("conversions", recorded).cost == D("25.00")
    assert plan.actual_cost_per("leads", {}) == rules.CostSoFar()


def test_the_actual_cost_counts_a_platforms_months_that_have_both_spend_and_results():
    google = row(1, "paid", ["1000"] * 3, ["900.00", "1100.00", "1000.00"])
    google.asset_id = 9
    agency = row(2, "earned", ["500"] * 3, ["500.00", "500.00", "500.00"])  # no platform
    plan = budget([google, agency])
    recorded = {
        (1, JAN_TO_MAR[0]): rules.Recorded(leads=300),
        (1, JAN_TO_MAR[1]): rules.Recorded(conversions=40),  # no leads recorded: not counted
        (2, JAN_TO_MAR[0]): rules.Recorded(leads=1000),  # not a paid platform's line
    }
    # January only: 900 for 300 leads. March has spend and no check-in; the agency's
    # spend and its leads are left out.
    assert plan.actual_cost_per("leads", recorded) == rules.CostSoFar(D("900.00"), 300, 1, D(3))
    assert plan.actual_cost_per("conversions", recorded).cost == D("27.50")


def test_a_month_that_brought_nothing_counts_its_spend():
    assert rules.cost_so_far([(D(100), 0), (D(200), 60)], "EUR") == rules.CostSoFar(
        D(300), 60, 2, D("5.00")
    )
    assert rules.cost_so_far([(D(100), 0)], "EUR") == rules.CostSoFar(D(100), 0, 1, None)
    assert rules.cost_so_far([(None, 10), (D(50), None)], "EUR") == rules.CostSoFar()


@pytest.mark.parametrize(
    ("spend", "results", "currency", "expected"),
    [
        (D("100.00"), 3, "EUR", D("33.33")),
        (D("200.00"), 3, "EUR", D("66.67")),  # half up: 66.666…
        (D("0.05"), 2, "EUR", D("0.03")),  # 0.025, half up, not to even
        (D(1000), 3, "IRR", D(333)),
        (D(1000), 6, "IRR", D(167)),  # 166.66…
        (D(5), 2, "IRR", D(3)),  # 2.5, half up
    ],
)
def test_the_actual_cost_is_rounded_half_up_to_the_currencys_minor_units(
    spend, results, currency, expected
):
    assert rules.cost_so_far([(spend, results)], currency).cost == expected


def test_the_actual_cost_rule_is_said_in_words():
    words = rules.actual_cost_rule_in_words()
    assert "paid platforms spent" in words and "months that have both" in words


def test_cost_per_result_in_a_currency_without_minor_units():
    plan = budget([row(1, "paid", ["1000000", "1000000", "1000000"])], currency="IRR")
    plan.results = Results(leads=7, customers=None)
    assert plan.planned_cost_per_lead == D(428571)  # 3,000,000 / 7 = 428,571.43
    assert plan.planned_cost_per_customer is None


def test_nothing_to_divide_by_is_no_cost():
    assert rules.cost_per(D(100), 0, "EUR") is None
    assert rules.cost_per(None, 10, "EUR") is None
    assert budget([]).planned_cost_per_lead is None
