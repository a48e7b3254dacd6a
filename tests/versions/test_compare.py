import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from strategy_planner.models import Goal
from strategy_planner.numbers import format_number
from tests.factories import BuyerPersonaFactory, ContentPieceFactory, GoalFactory
from versions.diff import compare
from versions.models import Version

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(team):
    strategy = team.strategy
    first = BuyerPersonaFactory(strategy=strategy, name="Nadia")
    second = BuyerPersonaFactory(strategy=strategy, name="Omar")
    goal = GoalFactory(strategy=strategy, marketing_goal="More leads", target=100)
    piece = ContentPieceFactory(strategy=strategy, title="Spring guide")
    old = Version.publish(strategy, team.owner, "first")
    BuyerPersonaFactory(strategy=strategy, name="Leila")
    goal.target = 150
    goal.save()
    piece.delete()
    second.position, first.position = 0, 5
    second.save()
    first.save()
    new = Version.publish(strategy, team.owner, "second")
    return old, new


def section(diff, key):
    return next(s for s in diff.sections if s.key == key)


def test_it_names_what_was_added_changed_removed_and_reordered(team, two_versions):
    diff = compare(team.strategy, *two_versions)
    personas = section(diff, "personas")
    assert [(i.kind, i.name) for i in personas.items] == [("added", "Leila")]
    assert personas.reordered[0].old[:2] == ["Nadia", "Omar"]
    assert personas.reordered[0].new[:2] == ["Omar", "Nadia"]
    (goal,) = section(diff, "goals").items
    assert goal.kind == "changed" and goal.name == "More leads"
    assert [(f.label, f.old, f.new) for f in goal.fields] == [("target", "100", "150")]
    content = section(diff, "content")
    assert [(i.kind, i.name) for i in content.items] == [("removed", "Spring guide")]
    assert not section(diff, "budget").changed


def test_a_version_compared_with_the_draft(team, two_versions):
    GoalFactory(strategy=team.strategy, marketing_goal="Fewer returns")
    diff = compare(team.strategy, two_versions[1], None)
    assert [(i.kind, i.name) for i in section(diff, "goals").items] == [("added", "Fewer returns")]


def test_the_page_shows_the_diff_in_a_pinned_number_of_queries(team, client_for, two_versions):
    """However much changed: the page reads the two snapshots, not the rows."""
    client = client_for(team.viewer)
    compare_url = reverse("versions:compare", args=[team.strategy.uuid])
    with CaptureQueriesContext(connection) as small:
        response = client.get(compare_url + "?old=1&new=2")
    page = response.content.decode()
    assert "Leila" in page and "Spring guide" in page
    assert "100" in page and "150" in page
    for number in range(15):
        BuyerPersonaFactory(strategy=team.strategy, name=f"Persona {number}")
        GoalFactory(strategy=team.strategy, marketing_goal=f"Goal {number}")
        ContentPieceFactory(strategy=team.strategy, title=f"Piece {number}")
    Version.publish(team.strategy, team.owner, "third")
    with CaptureQueriesContext(connection) as large:
        page = client.get(compare_url + "?old=1&new=3").content.decode()
    assert "Persona 14" in page
    # session, user, membership (and the reader's name), the versions, two snapshots
    assert len(large) == len(small) <= 9


def test_the_labels_are_the_models_in_the_readers_language(team, two_versions):
    with translation.override("fa"):
        diff = compare(team.strategy, *two_versions)
        label = str(Goal._meta.get_field("target").verbose_name)
        (goal,) = section(diff, "goals").items
        assert goal.fields[0].label == label
        assert goal.fields[0].new == format_number(150)


def test_the_kept_diff_with_the_draft_follows_the_draft(team, client_for, two_versions):
    client = client_for(team.viewer)
    url = reverse("versions:compare", args=[team.strategy.uuid]) + "?old=2&new=draft"
    assert "Nothing changed" in client.get(url).content.decode()
    GoalFactory(strategy=team.strategy, marketing_goal="Fewer returns")
    assert "Fewer returns" in client.get(url).content.decode()
