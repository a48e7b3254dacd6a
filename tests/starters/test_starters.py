"""Starting a strategy from the demo, a template or a copy instead of a blank page."""

import pytest
from django.urls import reverse

from report.document import build_document
from report.models import ShareLink
from starters.templates import TEMPLATES
from strategy_planner.models import Membership, Role, Strategy
from strategy_planner.wizard import Progress
from tests.factories import ContentPieceFactory, GoalFactory, UserFactory

START = "starters:start"


def start(client, **data):
    return client.post(reverse(START), data)


def test_the_empty_dashboard_offers_every_way_to_start(client_for, db):
    page = client_for(UserFactory()).get(reverse("starters:dashboard"))
    assert "Start from the demo" in page.text
    for title in ("E-commerce store", "B2B software", "Local service"):
        assert f"Use the {title} template" in page.text


def test_a_copy_of_the_demo_is_complete_and_private(client_for, db):
    user = UserFactory(username="newcomer")
    client = client_for(user)
    response = start(client, source="demo")
    strategy = Strategy.objects.get(memberships__user=user)
    assert response.url == strategy.get_absolute_url()
    assert strategy.name.startswith("Demo: ")
    assert list(strategy.memberships.values_list("user__username", "role")) == [
        ("newcomer", Role.OWNER)
    ]
    assert Progress(strategy).complete_count == len(Progress(strategy).steps)
    assert not ShareLink.objects.filter(strategy=strategy).exists()
    assert not strategy.calendar_feeds.exists()
    # a second newcomer gets their own copy; the shared demo is nobody's business
    start(client_for(UserFactory(username="second")), source="demo")
    assert Strategy.objects.filter(name=strategy.name).count() == 2


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_a_template_gives_a_valid_first_draft(client_for, db, template):
    user = UserFactory()
    response = start(client_for(user), source="template", template=template.key)
    strategy = Strategy.objects.get(memberships__user=user)
    assert response.status_code == 302
    strategy.full_clean()
    assert strategy.personas.count() == len(template.personas) >= 2
    assert strategy.goals.count() == len(template.goals) >= 2
    assert strategy.assets.count() == len(template.channels)
    assert strategy.diagnosis and strategy.guiding_policy
    for goal in strategy.goals.all():
        goal.full_clean()  # deadlines inside the horizon, target differs from baseline
    personas = strategy.personas.all()
    assert all(persona.sources == ["assumption"] for persona in personas)


def test_a_template_speaks_the_readers_language(client_for, db):
    user = UserFactory()
    client = client_for(user)
    client.cookies["django_language"] = "ro"
    start(client, source="template", template="local_service")
    strategy = Strategy.objects.get(memberships__user=user)
    assert strategy.language == "ro" and strategy.currency == "RON"
    assert "Local services" not in strategy.industry  # translated
    assert strategy.goals.first().marketing_goal != "More online bookings"


def test_a_member_copies_a_strategy_without_its_team(client_for, team):
    GoalFactory(strategy=team.strategy, marketing_goal="Double the newsletter")
    ContentPieceFactory(strategy=team.strategy, owner=team.editor)
    ShareLink.objects.create(strategy=team.strategy, created_by=team.owner)
    client = client_for(team.viewer)
    response = start(client, source="copy", strategy=str(team.strategy.uuid))
    copy = Strategy.objects.exclude(pk=team.strategy.pk).get()
    assert response.url == copy.get_absolute_url()
    assert copy.name == f"Copy of {team.strategy.name}"
    assert list(Membership.objects.filter(strategy=copy).values_list("user", "role")) == [
        (team.viewer.pk, Role.OWNER)
    ]
    assert not copy.share_links.exists()
    assert copy.content_pieces.get().owner is None  # assignments stay with the original team
    original, copied = build_document(team.strategy), build_document(copy)
    assert [g.marketing_goal for g in copied.goals] == [g.marketing_goal for g in original.goals]
    assert [p.title for p in copied.plan] == [p.title for p in original.plan]


def test_nobody_copies_a_strategy_they_do_not_belong_to(client_for, team):
    response = start(client_for(team.outsider), source="copy", strategy=str(team.strategy.uuid))
    assert response.status_code == 404
    assert Strategy.objects.count() == 1


def test_an_unknown_start_is_refused_with_a_message(client_for, db):
    client = client_for(UserFactory())
    response = start(client, source="template", template="nope")
    assert response.url == reverse("starters:create")
    assert "Choose where to start from" in client.get(response.url).text
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_every_step_shows_an_example_from_the_template(client_for, db, template):
    user = UserFactory()
    client = client_for(user)
    start(client, source="template", template=template.key)
    strategy = Strategy.objects.get(memberships__user=user)
    assert strategy.template == template.key
    for state in Progress(strategy).steps:
        page = client.get(state.url).text
        assert f"Example from the “{template.title}” template:" in page, state.step.slug
        assert template.example(state.step.slug) and "step-example" in page
    goals_page = client.get(reverse("strategy_planner:goals", args=[strategy.uuid])).text
    assert str(template.goals[0].marketing_goal) in goals_page


def test_a_strategy_not_started_from_a_template_shows_no_example(client_for, team):
    page = client_for(team.owner).get(reverse("strategy_planner:goals", args=[team.strategy.uuid]))
    assert "step-example" not in page.text
