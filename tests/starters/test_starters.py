"""Starting a strategy from the demo, a template or a copy instead of a blank page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from report.document import build_document
from report.models import ShareLink
from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from starters.templates import TEMPLATES, from_demo
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


def test_a_copy_of_the_demo_speaks_the_readers_language(client_for, db):
    user = UserFactory(username="newcomer")
    client = client_for(user)
    client.cookies["django_language"] = "fa"
    start(client, source="demo")
    strategy = Strategy.objects.get(memberships__user=user)
    assert (strategy.language, strategy.calendar, strategy.currency) == ("fa", "jalali", "EUR")
    assert strategy.name.startswith("نمونه: ")  # "Demo: "
    assert strategy.personas.order_by("position").first().name == "هانیه، باریستای خانگی"
    assert list(strategy.memberships.values_list("user__username", "role")) == [
        ("newcomer", Role.OWNER)
    ]
    assert not strategy.share_links.exists() and not strategy.calendar_feeds.exists()
    assert Progress(strategy).complete_count == len(Progress(strategy).steps)


def test_a_copy_of_the_demo_leaves_the_demo_team_out(db):
    call_command("seed_demo", verbosity=0)
    user = UserFactory()
    copy = from_demo(user, "ro")
    assert copy.language == "ro" and copy.name.startswith("Demo: Prăjitoria")
    assert list(copy.memberships.values_list("user", flat=True)) == [user.pk]
    assert not copy.assets.filter(owner__isnull=False).exists()
    assert not copy.content_pieces.filter(owner__isnull=False).exists()
    assert copy.deleted_at is None
    demo = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    assert demo.assets.filter(owner__isnull=False).exists()  # the demo keeps its team


def test_a_copy_of_the_demo_in_a_language_without_one_is_in_english(db):
    copy = from_demo(UserFactory(), "de")
    assert copy.language == "en"
    assert copy.name == "Demo: Northwind Coffee Roasters — 2027 online growth"


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


def test_a_template_puts_its_rows_in_its_own_order(client_for, db):
    user = UserFactory()
    start(client_for(user), source="template", template="ecommerce")
    strategy = Strategy.objects.get(memberships__user=user)
    template = TEMPLATES[0]
    assert list(strategy.personas.values_list("name", "position")) == [
        (str(sketch.name), number) for number, sketch in enumerate(template.personas, start=1)
    ]
    assert list(strategy.goals.values_list("position", flat=True)) == [1, 2]
    assert list(strategy.actions.values_list("position", flat=True)) == [1, 2]
    for media_type in ("owned", "earned", "paid"):
        assets = strategy.assets.filter(media_type=media_type)
        assert list(assets.values_list("position", flat=True)) == list(range(1, assets.count() + 1))


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
