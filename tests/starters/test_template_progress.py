"""A strategy started from a template shows complete the steps the template filled:
its basics, its personas (demographic and psychographic facts), its goals and its
consolidated strategy; the steps it leaves to the team stay open."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from personas.models import BuyerPersona, personas_step_complete
from starters.templates import TEMPLATES
from strategy_planner.models import Strategy
from strategy_planner.wizard import STEPS, Progress
from tests.factories import BuyerPersonaFactory, UserFactory

FILLED = {"basics", "personas", "goals", "consolidate"}


def started(client, template: str) -> Strategy:
    client.post(reverse("starters:start"), {"source": "template", "template": template})
    return Strategy.objects.get()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_the_steps_a_template_fills_are_complete(client_for, db, template):
    strategy = started(client_for(UserFactory()), template.key)
    complete = {state.step.slug for state in Progress(strategy).steps if state.complete}
    assert complete == FILLED


def test_a_fresh_b2b_template_shows_its_personas_step_complete(client_for, db):
    client = client_for(UserFactory())
    strategy = started(client, "b2b_software")
    assert strategy.personas.count() == 2
    for persona in strategy.personas.all():
        assert persona.job_title and persona.company_size and persona.company_industry
    page = client.get(reverse("personas:step", args=[strategy.uuid])).text
    progress = Progress(strategy, "personas")
    assert progress.current.complete
    assert progress.complete_count == len(FILLED)
    assert "Operations lead Olga" in page


def test_a_companys_size_or_industry_is_a_demographic_fact(team):
    persona = BuyerPersonaFactory(
        strategy=team.strategy,
        location="",
        job_title="",
        age_min=None,
        age_max=None,
        income_min=None,
        income_max=None,
        company_size="50-249",
        goals=["Cut manual work"],
    )
    assert BuyerPersona.objects.with_demographics().filter(pk=persona.pk).exists()
    assert (
        Strategy.objects.filter(pk=team.strategy.pk, pk__in=[team.strategy.pk])
        .filter(personas_step_complete())
        .exists()
    )


def test_the_steps_are_not_read_from_another_strategys_cache(team):
    """Flags are kept per strategy and content version: a strategy that gets the ID
    of a deleted one (and starts from the same version) is not shown its steps."""
    strategy = team.strategy
    version = strategy.current_content_version()
    cache.set(
        f"progress:{strategy.pk}:{version}", dict.fromkeys((step.flag for step in STEPS), True), 60
    )
    assert not Progress(strategy).steps[1].complete  # no personas yet
