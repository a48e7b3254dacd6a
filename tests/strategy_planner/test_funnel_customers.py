"""The funnel calculator starts from the customers wanted as well as from revenue:
a practice counts patients, a school enrolments, a B2B firm accounts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from strategy_planner.forms import FunnelForm
from strategy_planner.funnel import plan_funnel
from strategy_planner.models import Goal
from tests.factories import StrategyFactory

PATIENTS = {
    "target_customers": "400",
    "current_customers": "320",
    "lead_to_customer_rate": "25",
    "visitor_to_lead_rate": "4",
    "current_leads": "1200",
}


def test_the_customers_wanted_skip_the_revenue_step():
    result = plan_funnel(
        target_customers=400,
        current_customers=320,
        lead_to_customer_rate=Decimal(25),
        visitor_to_lead_rate=Decimal(4),
        current_leads=1200,
    )
    assert (result.customers_needed, result.leads_needed, result.visits_needed) == (
        400,
        1600,
        40000,
    )
    assert result.current_customers == 320
    assert result.customers_change == Decimal(25)
    assert result.revenue_change is None
    assert round(result.leads_change, 1) == Decimal("33.3")


def test_the_form_needs_no_revenue_or_order_value_when_customers_are_given():
    form = FunnelForm(PATIENTS, strategy=StrategyFactory.build())
    assert form.is_valid(), form.errors
    assert form.from_customers
    assert form.result().leads_needed == 1600


def test_customers_win_over_revenue_figures_left_in_the_form():
    data = {**PATIENTS, "target_revenue": "288000", "average_order_value": "32"}
    form = FunnelForm(data, strategy=StrategyFactory.build())
    assert form.is_valid(), form.errors
    assert form.result().customers_needed == 400
    assert "target_revenue" not in form.inputs()


def test_without_customers_the_revenue_and_order_value_are_required():
    data = {"lead_to_customer_rate": "25", "visitor_to_lead_rate": "4"}
    form = FunnelForm(data, strategy=StrategyFactory.build())
    assert not form.is_valid()
    assert set(form.errors) == {"target_revenue", "average_order_value"}


@pytest.mark.parametrize("value", ["0", "-3", "2.5", "many"])
def test_customers_wanted_are_a_whole_number_above_zero(value):
    form = FunnelForm({**PATIENTS, "target_customers": value}, strategy=StrategyFactory.build())
    assert not form.is_valid()
    assert "target_customers" in form.errors


def test_persian_digits_are_read():
    data = {**PATIENTS, "target_customers": "۴۰۰"}
    form = FunnelForm(data, strategy=StrategyFactory.build())
    assert form.is_valid(), form.errors
    assert form.result().customers_needed == 400


def test_the_goals_page_shows_the_customers_start(client_for, team):
    url = reverse("strategy_planner:goals", args=[team.strategy.uuid])
    page = client_for(team.editor).get(url, PATIENTS).text
    assert "To win these customers you need" in page
    assert 'data-funnel="leads">1,600<' in page
    assert "Customers wanted" in page


def test_saving_the_customers_funnel_makes_a_lead_goal(client_for, team):
    url = reverse("strategy_planner:funnel_save", args=[team.strategy.uuid])
    client_for(team.editor).post(url, PATIENTS)
    goal = Goal.objects.get(strategy=team.strategy)
    assert goal.business_goal == "Win 400 customers"
    assert (goal.baseline, goal.target) == (1200, 1600)
