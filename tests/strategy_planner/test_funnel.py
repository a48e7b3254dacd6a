from decimal import Decimal

import pytest

from strategy_planner.forms import FunnelForm
from strategy_planner.funnel import EXAMPLE, plan_funnel
from tests.factories import StrategyFactory


def test_twenty_percent_more_revenue_needs_fifty_percent_more_leads():
    result = plan_funnel(**EXAMPLE)
    # 288,000 / 32 = 9,000 customers; at 12% that is 75,000 leads; at 20%, 375,000 visits.
    assert result.customers_needed == 9000
    assert result.leads_needed == 75000
    assert result.visits_needed == 375000
    assert result.current_customers == 7500
    assert result.revenue_change == Decimal(20)
    assert result.leads_change == Decimal(50)
    assert round(result.visits_change, 1) == Decimal("44.2")


def test_counts_round_up_to_whole_people():
    result = plan_funnel(
        target_revenue=Decimal("1000"),
        average_order_value=Decimal("300"),  # 3.33 customers → 4
        lead_to_customer_rate=Decimal("30"),  # 13.3 leads → 14
        visitor_to_lead_rate=Decimal("3"),  # 466.7 visits → 467
    )
    assert (result.customers_needed, result.leads_needed, result.visits_needed) == (4, 14, 467)
    assert result.revenue_change is None and result.leads_change is None


def test_a_high_ticket_b2b_example():
    result = plan_funnel(
        target_revenue=Decimal("1200000"),
        average_order_value=Decimal("40000"),
        lead_to_customer_rate=Decimal("5"),
        visitor_to_lead_rate=Decimal("1.5"),
        current_leads=400,
    )
    assert result.customers_needed == 30
    assert result.leads_needed == 600
    assert result.visits_needed == 40000
    assert result.leads_change == Decimal(50)


VALID = {
    "target_revenue": "288000",
    "average_order_value": "32",
    "lead_to_customer_rate": "12",
    "visitor_to_lead_rate": "20",
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lead_to_customer_rate", "0", "A rate is a percentage above 0 and at most 100."),
        ("lead_to_customer_rate", "150", "A rate is a percentage above 0 and at most 100."),
        ("visitor_to_lead_rate", "-5", "A rate is a percentage above 0 and at most 100."),
        ("average_order_value", "0", "Enter an amount above zero."),
        ("target_revenue", "-10", "Enter an amount above zero."),
        ("target_revenue", "lots", "Enter a number."),
        ("current_leads", "-1", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_impossible_inputs_get_a_message(field, value, message):
    form = FunnelForm({**VALID, field: value}, strategy=StrategyFactory.build())
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_huge_inputs_do_not_crash():
    form = FunnelForm({**VALID, "target_revenue": "9" * 40}, strategy=StrategyFactory.build())
    assert not form.is_valid()
    form = FunnelForm(
        {
            **VALID,
            "average_order_value": "0.01",
            "lead_to_customer_rate": "0.01",
            "visitor_to_lead_rate": "0.01",
        },
        strategy=StrategyFactory.build(),
    )
    assert form.is_valid()
    assert form.result().visits_needed > 0
