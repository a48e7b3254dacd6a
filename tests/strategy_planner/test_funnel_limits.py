"""The funnel calculator offers to save only what a goal can hold.

Its answer becomes a goal (``Goal.for_funnel``): the leads needed are the
target, the leads now the baseline, and the figures are written into the goal's
wording. The calculator's form checks that goal against the Goal fields' own
limits, and says which figure is too large and what to change; saving checks
the same again. Hypothesis runs derandomized and keeps no example database.
"""

import contextlib
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from report.document import build_document
from report.pdf import render_html
from report.xlsx import strategy_workbook
from strategy_planner.forms import FunnelForm
from strategy_planner.funnel import EXAMPLE, plan_funnel
from strategy_planner.models import Goal
from tests.factories import StrategyFactory

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# 999,999,999,999.99 of revenue from orders of 0.01, with 0.01% of leads buying
# and 0.01% of visitors leaving their details: 999,999,999,999,990,000 leads.
EXTREME = {
    "target_revenue": "999999999999.99",
    "average_order_value": "0.01",
    "lead_to_customer_rate": "0.01",
    "visitor_to_lead_rate": "0.01",
}
TOO_MANY_LEADS = (
    "These figures need 999,999,999,999,990,000 leads, more than a goal can count "
    "(999,999,999,999 at most). Lower the revenue target, or raise the average order "
    "value or the rates."
)


def funnel_url(name, strategy):
    return reverse(f"strategy_planner:{name}", args=[strategy.uuid])


def test_a_funnel_too_large_for_a_goal_says_what_to_change(client_for, team):
    response = client_for(team.editor).get(funnel_url("funnel", team.strategy), EXTREME)
    assert response.status_code == 200
    assert TOO_MANY_LEADS in response.text
    assert "Save as a goal" not in response.text
    assert 'value="999999999999.99"' in response.text  # nothing typed is lost


def test_saving_a_funnel_too_large_for_a_goal_stores_nothing(client_for, team):
    client = client_for(team.editor)
    response = client.post(funnel_url("funnel_save", team.strategy), EXTREME)
    assert response.status_code == 302
    assert not Goal.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Check the calculator's figures first."
    ]
    calculator = client.get(response.url)  # back to the calculator, with the figures
    assert TOO_MANY_LEADS in calculator.text
    assert client.get(funnel_url("goals", team.strategy)).status_code == 200


def test_leads_now_too_many_for_a_goal_are_marked_on_their_field(team):
    form = FunnelForm({**EXAMPLE, "current_leads": 10**12}, strategy=team.strategy)
    assert not form.is_valid()
    assert form.errors == {
        "current_leads": ["A goal counts at most 999,999,999,999 leads: enter fewer."]
    }


def test_the_most_leads_a_goal_holds_are_saved(client_for, team):
    most = {
        "target_revenue": "999999999999",
        "average_order_value": "1",
        "lead_to_customer_rate": "100",
        "visitor_to_lead_rate": "100",
        "current_leads": "999999999998",
    }
    client = client_for(team.editor)
    assert client.post(funnel_url("funnel_save", team.strategy), most).status_code == 302
    goal = Goal.objects.get()
    assert (goal.baseline, goal.target) == (999999999998, 999999999999)
    assert goal.marketing_goal == (
        "Generate 999,999,999,999 leads from 999,999,999,999 visits "
        "to win 999,999,999,999 customers"
    )
    one_more = FunnelForm({**most, "target_revenue": "1000000000000"}, strategy=team.strategy)
    assert not one_more.is_valid()


def test_from_funnel_refuses_what_a_goal_cannot_hold(team):
    inputs = {name: Decimal(value) for name, value in EXTREME.items()}
    with pytest.raises(ValidationError) as refused:
        Goal.from_funnel(team.strategy, inputs, plan_funnel(**inputs))
    assert refused.value.messages == [TOO_MANY_LEADS]
    assert not Goal.objects.exists()


def test_a_wording_too_long_for_a_goal_is_refused_with_a_message():
    strategy = StrategyFactory.build(currency="X" * 300)
    form = FunnelForm(EXAMPLE, strategy=strategy)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "With these figures the goal's wording is too long to save: use smaller ones."
    ]


# Whatever is typed into the calculator -------------------------------------------


def between(low, high) -> st.SearchStrategy:
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=2)


# Small, everyday and huge amounts, so that small orders and rates meet large targets.
money = st.one_of(between("0.01", 100), between(100, 10**6), between(10**6, "999999999999.99"))
rates = st.one_of(between("0.01", 1), between(1, 100))
counts = st.one_of(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**13),
    st.integers(min_value=0, max_value=10**25),
)
MONEY_EDGES = ("0.01", "999999999999.99")
RATE_EDGES = ("0.01", "100")
COUNT_EDGES = ("0", "999999999999", "1000000000000")
wild = st.sampled_from(
    [
        "",
        " ",
        "-1",
        "-0.01",
        "1e400",
        "1E-400",
        "NaN",
        "Infinity",
        "0.001",
        "12.345",
        "1,5",
        " 12 ",
        "۱۲",
        "٣",
        "9" * 40,
        "9" * 5000,
        "abc",
        "\x00",
        "' OR 1=1 --",
    ]
)


def figure(careful: st.SearchStrategy, *edges: str) -> st.SearchStrategy:
    """Mostly a figure the calculator takes, sometimes one at its edges."""
    return st.one_of(*[careful.map(str)] * 3, st.sampled_from(edges))


def calculator_inputs(revenue, orders, rate, count) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {
            "target_revenue": figure(revenue, *MONEY_EDGES),
            "average_order_value": figure(orders, *MONEY_EDGES),
            "lead_to_customer_rate": figure(rate, *RATE_EDGES),
            "visitor_to_lead_rate": figure(rate, *RATE_EDGES),
        },
        optional={
            "current_revenue": figure(revenue, *MONEY_EDGES),
            "current_leads": figure(count, *COUNT_EDGES),
            "current_visits": figure(count, *COUNT_EDGES),
        },
    )


careful_inputs = st.one_of(
    calculator_inputs(money, money, rates, counts),
    # Large targets from small orders at low rates: around what a goal can count.
    calculator_inputs(
        between(10**9, "999999999999.99"),
        between("0.01", 10),
        between("0.01", 1),
        st.integers(min_value=10**11, max_value=10**13),
    ),
)


@st.composite
def funnel_inputs(draw) -> dict:
    """Careful figures, and in every other example one of them typed as anything."""
    inputs = draw(careful_inputs)
    if draw(st.booleans()):
        inputs[draw(st.sampled_from(sorted(EXAMPLE)))] = draw(wild)
    return inputs


@contextlib.contextmanager
def rolled_back():
    """Every example starts from the same strategy."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_shown_everywhere(client, strategy, goal: Goal):
    """The goals page, the document, the workbook and the PDF's HTML show the goal."""
    goal.clean_fields(exclude=["strategy"])
    assert client.get(funnel_url("goals", strategy)).status_code == 200
    document = build_document(strategy)
    assert [row.target for row in document.goals] == [goal.target]
    assert strategy_workbook(document)
    assert render_html(document)


@FUZZ
@given(inputs=funnel_inputs(), language=st.sampled_from(["en", "fa", "ro"]))
def test_whatever_is_typed_the_calculator_answers_and_saves_only_what_shows(
    client_for, team, inputs, language
):
    client = client_for(team.editor)
    client.cookies["django_language"] = language
    with rolled_back():
        page = client.get(funnel_url("funnel", team.strategy), inputs)
        assert page.status_code == 200
        offered = f'action="{funnel_url("funnel_save", team.strategy)}"' in page.text
        saved = client.post(funnel_url("funnel_save", team.strategy), inputs)
        assert saved.status_code == 302
        goal = Goal.objects.filter(strategy=team.strategy).first()
        event(f"saved: {goal is not None}")
        for field, errors in page.context["funnel"].errors.as_data().items():
            event(f"refused: {field} {errors[0].code}")
        assert (goal is not None) == page.context["funnel"].is_valid()
        if goal is not None:
            assert offered
            assert_shown_everywhere(client, team.strategy, Goal.objects.get(pk=goal.pk))
