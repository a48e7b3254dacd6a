"""Every step of the wizard walked from incomplete to complete, one missing part at a
time (each part its "asks for" names): the overview's marks and count, the dashboard's
percentage and the document's checklist say the same at every stage, and what they
say is written out here. Where a step asks for one fact of several (a persona's
demographic or psychographic facts, an asset's figures), each fact alone is enough."""

import datetime
import re

import pytest
from django.urls import reverse

from assets.models import Asset, MediaAudit
from personas.models import BuyerPersona
from report.document import method_checklist
from report.models import CoherentAction
from strategy_planner.models import Role
from strategy_planner.wizard import STEPS
from tests.factories import (
    AssetFactory,
    AuditedPieceFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    MembershipFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SLUGS = ["basics", "personas", "goals", "inventory", "content", "earned", "paid", "consolidate"]

# (step, the part left out, the steps then incomplete, the dashboard's percentage)
STAGES = [
    ("basics", "name", {"basics"}, 88),
    ("basics", "organisation", {"basics"}, 88),
    ("basics", "industry", {"basics"}, 88),
    ("personas", "demographic facts", {"personas"}, 88),
    ("personas", "psychographic facts", {"personas"}, 88),
    # A goal's baseline, target and deadline cannot be left empty: the database refuses.
    ("goals", "metric", {"goals"}, 88),
    ("goals", "tool", {"goals"}, 88),
    # Without any goal no action can serve one.
    ("goals", "a goal", {"goals", "consolidate"}, 75),
    ("inventory", "period start", {"inventory"}, 88),
    ("inventory", "period end", {"inventory"}, 88),
    # Without any asset there is nothing earned or paid either.
    ("inventory", "an asset", {"inventory", "earned", "paid"}, 62),
    ("inventory", "figures for every asset", {"inventory"}, 88),
    ("content", "an audit verdict", {"content"}, 88),
    ("content", "a dated piece", {"content"}, 88),
    ("content", "no message in error", {"content"}, 88),
    ("earned", "an earned source", {"earned"}, 88),
    ("earned", "a ranking", {"earned"}, 88),
    ("paid", "a paid platform", {"paid"}, 88),
    ("paid", "a decision on every platform", {"paid"}, 88),
    ("consolidate", "diagnosis", {"consolidate"}, 88),
    ("consolidate", "guiding policy", {"consolidate"}, 88),
    ("consolidate", "an action", {"consolidate"}, 88),
    ("consolidate", "an action serving a goal", {"consolidate"}, 88),
]


def build(missing: str | set[str] = ()):
    """A strategy with every part of every step, but the one or those ``missing``;
    and its owner, a member of no other strategy."""
    missing = {missing} if isinstance(missing, str) else set(missing)

    def has(part):
        return part not in missing

    strategy = StrategyFactory(
        name="Complete strategy" if has("name") else "",
        organisation="Northwind Coffee Roasters" if has("organisation") else "",
        industry="Specialty coffee" if has("industry") else "",
        diagnosis="Nobody knows our coffee." if has("diagnosis") else "",
        guiding_policy="Win the home baristas first." if has("guiding policy") else "",
    )
    owner = UserFactory()
    MembershipFactory(strategy=strategy, user=owner, role=Role.OWNER)
    persona = BuyerPersonaFactory(
        strategy=strategy,
        location="Berlin" if has("demographic facts") else "",
        job_title="Designer" if has("demographic facts") else "",
        age_min=28 if has("demographic facts") else None,
        age_max=40 if has("demographic facts") else None,
        goals=["Make great coffee at home"] if has("psychographic facts") else [],
        challenges=["Beans go stale"] if has("psychographic facts") else [],
    )
    goal = None
    if has("a goal"):
        goal = GoalFactory(
            strategy=strategy,
            metric="Website leads" if has("metric") else "",
            measured_with="crm" if has("tool") else "",
        )
    MediaAudit.objects.create(
        strategy=strategy,
        period_start=datetime.date(2026, 1, 1) if has("period start") else None,
        period_end=datetime.date(2026, 12, 31) if has("period end") else None,
        ranking_metric="leads" if has("a ranking") else "",
    )
    if has("an asset"):
        AssetFactory(strategy=strategy, media_type="owned", kind="website")
        if has("an earned source"):
            AssetFactory(strategy=strategy, media_type="earned", kind="reviews")
        if has("a paid platform"):
            AssetFactory(strategy=strategy, media_type="paid", kind="display", decision="keep")
            AssetFactory(
                strategy=strategy,
                media_type="paid",
                kind="display",
                decision="drop" if has("a decision on every platform") else "",
            )
        if not has("figures for every asset"):
            AssetFactory(
                strategy=strategy,
                media_type="owned",
                kind="website",
                visits=None,
                leads=None,
                conversions=None,
            )
    AuditedPieceFactory(
        strategy=strategy, persona=persona, verdict="keep" if has("an audit verdict") else ""
    )
    ContentPieceFactory(
        strategy=strategy,
        persona=persona,
        publish_date=datetime.date(2027, 3, 15) if has("a dated piece") else None,
    )
    sequence = MessageSequenceFactory(strategy=strategy)
    SequenceStepFactory(sequence=sequence, channel="messenger", text="Your cart is waiting.")
    if not has("no message in error"):
        # Longer than the 2,000 characters a Messenger message may hold.
        SequenceStepFactory(sequence=sequence, channel="messenger", text="a" * 2001)
    if has("an action"):
        action = CoherentAction.objects.create(strategy=strategy, title="Launch the guide")
        if goal and has("an action serving a goal"):
            action.goals.add(goal)
    return strategy, owner


def overview_marks(client, strategy) -> tuple[dict[str, bool], str, str]:
    """Each step's mark on the overview (by the step's page), its count of complete
    steps and its progress bar's value."""
    page = client.get(reverse("strategy_planner:overview", args=[strategy.uuid])).text
    nav = page[page.index('id="wizard-steps"') :]
    nav = nav[: nav.index("</nav>")]
    marks = {}
    for item in re.findall(r'<li class="list-group-item.*?</li>', nav, re.S):
        (href,) = re.findall(r'href="([^"]+)"', item)
        (said,) = re.findall(r'<span class="visually-hidden">([^<]*)</span>', item)
        marks[href] = {"(complete)": True, "(not complete yet)": False}[said.strip()]
    (count,) = re.findall(r'id="wizard-progress-label">([^<]*)<', nav)
    (value,) = re.findall(r'aria-valuenow="(\d+)"', nav)
    return marks, count, value


def dashboard_percent(client) -> str:
    page = client.get(reverse("starters:dashboard")).text
    (value,) = re.findall(r'aria-label="[^"]* completeness" aria-valuenow="(\d+)"', page)
    return value


def check(strategy, owner, client, incomplete: set[str], percent: int):
    client.force_login(owner)
    expected = [slug not in incomplete for slug in SLUGS]
    done = len(SLUGS) - len(incomplete)

    marks, count, value = overview_marks(client, strategy)
    step_urls = [reverse(step.url_name, args=[strategy.uuid]) for step in STEPS]
    assert [marks[url] for url in step_urls] == expected
    assert count == f"{done} of 8 steps complete"
    assert value == str(percent)

    assert dashboard_percent(client) == str(percent)

    checklist = method_checklist(strategy)
    assert [item["done"] for item in checklist] == expected
    assert [item["url"] for item in checklist] == step_urls


def test_the_steps_are_the_ones_walked_here():
    assert [step.slug for step in STEPS] == SLUGS
    assert {step for step, *_rest in STAGES} == set(SLUGS)
    assert set(ONE_PART) == set(SLUGS)


@pytest.mark.parametrize(
    ("step", "missing", "incomplete", "percent"),
    STAGES,
    ids=[f"{step}-without-{missing.replace(' ', '-')}" for step, missing, *_ in STAGES],
)
def test_a_step_is_incomplete_without_each_part_it_asks_for(
    client, step, missing, incomplete, percent
):
    # Beside a strategy with every part: its parts count for it alone, and the one
    # missing here does not spoil it.
    neighbour, _neighbours_owner = build()
    strategy, owner = build(missing)
    check(strategy, owner, client, incomplete, percent)
    assert [item["done"] for item in method_checklist(neighbour)] == [True] * 8


def test_every_step_complete_with_every_part(client):
    strategy, owner = build()
    check(strategy, owner, client, set(), 100)
    page = client.get(reverse("strategy_planner:overview", args=[strategy.uuid])).text
    assert "Every step is complete: read the document" in page


# One part each step can be without, for a walk through the steps in order.
ONE_PART = {
    "basics": "industry",
    "personas": "psychographic facts",
    "goals": "tool",
    "inventory": "period end",
    "content": "no message in error",
    "earned": "a ranking",
    "paid": "a decision on every platform",
    "consolidate": "guiding policy",
}


def test_the_steps_completed_in_order_from_none_to_all(client):
    """None complete, then the first, the first two ... all eight: each stage a strategy."""
    percents = [0, 12, 25, 38, 50, 62, 75, 88, 100]
    for done, percent in enumerate(percents):
        strategy, owner = build({ONE_PART[slug] for slug in SLUGS[done:]})
        check(strategy, owner, client, set(SLUGS[done:]), percent)


# (the part left out by build(), then the one fact given back, alone)
ONE_FACT_IS_ENOUGH = [
    ("demographic facts", BuyerPersona, {"location": "Berlin"}),
    ("demographic facts", BuyerPersona, {"job_title": "Designer"}),
    # the facts a B2B persona has
    ("demographic facts", BuyerPersona, {"company_size": "50-249"}),
    ("demographic facts", BuyerPersona, {"company_industry": "Logistics"}),
    ("demographic facts", BuyerPersona, {"age_min": 28}),
    ("demographic facts", BuyerPersona, {"age_max": 40}),
    ("demographic facts", BuyerPersona, {"income_min": 30000}),
    ("demographic facts", BuyerPersona, {"income_max": 60000}),
    ("psychographic facts", BuyerPersona, {"goals": ["Make great coffee at home"]}),
    ("psychographic facts", BuyerPersona, {"challenges": ["Beans go stale"]}),
    ("psychographic facts", BuyerPersona, {"interests": ["Cycling"]}),
    ("psychographic facts", BuyerPersona, {"priorities": ["Freshness"]}),
    # the asset that had no figures gets one of the three
    ("figures for every asset", Asset, {"visits": 0}),
    ("figures for every asset", Asset, {"leads": 12}),
    ("figures for every asset", Asset, {"conversions": 3}),
]


@pytest.mark.parametrize(
    ("missing", "model", "fact"),
    ONE_FACT_IS_ENOUGH,
    ids=[f"{missing.split()[0]}-{next(iter(fact))}" for missing, _m, fact in ONE_FACT_IS_ENOUGH],
)
def test_one_fact_of_several_completes_the_step(client, missing, model, fact):
    strategy, owner = build(missing)
    rows = model.objects.filter(strategy=strategy)
    if model is Asset:
        rows = rows.filter(visits=None, leads=None, conversions=None)
    assert rows.update(**fact) == 1
    check(strategy, owner, client, set(), 100)


def test_demographic_and_psychographic_facts_must_describe_the_same_persona(client):
    strategy, owner = build("psychographic facts")
    BuyerPersonaFactory(
        strategy=strategy,
        location="",
        job_title="",
        age_min=None,
        age_max=None,
        goals=["Make great coffee at home"],
        challenges=[],
    )
    check(strategy, owner, client, {"personas"}, 88)
