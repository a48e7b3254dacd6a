"""The inventory's rows and empty forms are kept per version of the strategy: never stale."""

from django.test import Client
from django.urls import reverse

from assets.models import Asset
from tests.factories import AssetFactory, GoalFactory, MembershipFactory

ADD_FORM = 'id="add-asset"'


def inventory(client, team, **query):
    url = reverse("assets:inventory", args=[team.strategy.uuid])
    return client.get(url, query).text


def test_every_change_shows_at_once(client_for, team):
    AssetFactory(strategy=team.strategy, name="Northwind web shop")
    client = client_for(team.editor)
    assert "Northwind web shop" in inventory(client, team)

    other = Client()
    other.force_login(team.owner)
    other.post(
        reverse("assets:inventory", args=[team.strategy.uuid]),
        {"new-name": "Trustpilot page", "new-media_type": "earned", "new-kind": "reviews"},
    )
    assert Asset.objects.filter(name="Trustpilot page").exists()
    page = inventory(client, team)
    assert "Trustpilot page" in page

    asset = Asset.objects.get(name="Northwind web shop")
    goal = GoalFactory(strategy=team.strategy, marketing_goal="More subscribers")
    asset.goals.add(goal)  # only a link changes
    assert "serves 1 goal" in inventory(client, team)

    asset.delete()
    assert "Northwind web shop" not in inventory(client, team)


def test_the_add_form_offers_a_new_member_and_goal(client_for, team):
    client = client_for(team.editor)
    assert "newcomer" not in inventory(client, team)
    MembershipFactory(strategy=team.strategy, user__username="newcomer")
    GoalFactory(strategy=team.strategy, marketing_goal="Double the newsletter")
    page = inventory(client, team)
    assert "newcomer" in page and "Double the newsletter" in page


def test_viewers_and_editors_each_get_their_own_rows(client_for, team):
    AssetFactory(strategy=team.strategy, name="Northwind web shop")
    editor = Client()
    editor.force_login(team.editor)
    viewer = Client()
    viewer.force_login(team.viewer)
    assert "Edit<span" in inventory(editor, team) and ADD_FORM in inventory(editor, team)
    page = inventory(viewer, team)
    assert "Northwind web shop" in page and "Edit<span" not in page and ADD_FORM not in page


def test_each_language_gets_its_own_rows(client_for, team):
    AssetFactory(strategy=team.strategy, name="Northwind web shop", kind="website")
    client = client_for(team.editor)
    assert "Website" in inventory(client, team)
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    page = inventory(client, team)
    assert "Northwind web shop" in page and "Site web" in page
