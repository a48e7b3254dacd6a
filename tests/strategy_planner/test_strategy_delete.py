"""Deleting a strategy: owner-only, confirmed, and recoverable for 30 days."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content_plan.models import CalendarFeed
from report.models import ShareLink
from strategy_planner.models import Membership, Strategy
from tests.factories import GoalFactory


def url(team):
    return reverse("strategy_planner:delete", args=[team.strategy.uuid])


def restore_url(strategy):
    return reverse("strategy_planner:restore", args=[strategy.uuid])


def purge_url(strategy):
    return reverse("strategy_planner:purge", args=[strategy.uuid])


def test_owner_is_asked_to_confirm(client_for, team):
    response = client_for(team.owner).get(url(team))
    assert response.status_code == 200
    assert "Yes, delete this strategy" in response.text
    assert "Recently deleted for 30 days" in response.text
    assert Strategy.objects.alive().filter(pk=team.strategy.pk).exists()


def test_a_deleted_strategy_disappears_for_everybody(client, client_for, team):
    link = ShareLink.objects.create(strategy=team.strategy, created_by=team.owner)
    owner = client_for(team.owner)
    response = owner.post(url(team))
    assert response.status_code == 302
    assert response.url == reverse("starters:dashboard")
    dashboard = owner.get(response.url)
    assert "was moved to Recently deleted" in dashboard.text
    assert "Recently deleted (1 strategy you can restore)" in dashboard.text
    for user in (team.owner, team.editor, team.viewer):
        member = client_for(user)
        assert member.get(team.strategy.get_absolute_url()).status_code == 404
        assert team.strategy.get_absolute_url() not in member.get("/").text
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 404
    # nothing is lost yet
    assert Membership.objects.filter(strategy_id=team.strategy.pk).count() == 3


def test_the_owner_restores_it_with_everything_in_it(client_for, team):
    GoalFactory(strategy=team.strategy, marketing_goal="Double the newsletter")
    owner = client_for(team.owner)
    owner.post(url(team))
    listing = owner.get(reverse("strategy_planner:recently_deleted"))
    assert team.strategy.name in listing.text
    assert restore_url(team.strategy) in listing.text
    restored = owner.post(restore_url(team.strategy))
    assert restored.status_code == 302 and restored.url == team.strategy.get_absolute_url()
    assert "is back" in owner.get(restored.url).text
    goals = owner.get(reverse("strategy_planner:goals", args=[team.strategy.uuid]))
    assert "Double the newsletter" in goals.text
    assert client_for(team.viewer).get(team.strategy.get_absolute_url()).status_code == 200


def test_only_owners_see_and_restore_deleted_strategies(client_for, team):
    client_for(team.owner).post(url(team))
    for user in (team.editor, team.viewer, team.outsider):
        member = client_for(user)
        listing = member.get(reverse("strategy_planner:recently_deleted"))
        assert restore_url(team.strategy) not in listing.text
        assert member.post(restore_url(team.strategy)).status_code == 404
        assert member.post(purge_url(team.strategy)).status_code == 404
    assert Strategy.objects.filter(pk=team.strategy.pk, deleted_at__isnull=False).exists()


def test_after_30_days_it_cannot_be_restored_and_the_purge_removes_it(client_for, team):
    client_for(team.owner).post(url(team))
    Strategy.objects.filter(pk=team.strategy.pk).update(
        deleted_at=timezone.now() - datetime.timedelta(days=31)
    )
    owner = client_for(team.owner)
    listing = owner.get(reverse("strategy_planner:recently_deleted"))
    assert restore_url(team.strategy) not in listing.text
    assert owner.post(restore_url(team.strategy)).status_code == 404
    call_command("purge_deleted_strategies", verbosity=0)
    assert not Strategy.objects.filter(pk=team.strategy.pk).exists()
    assert not Membership.objects.filter(strategy_id=team.strategy.pk).exists()


def test_the_purge_keeps_recent_and_live_strategies(client_for, team):
    client_for(team.owner).post(url(team))
    call_command("purge_deleted_strategies", verbosity=0)
    assert Strategy.objects.filter(pk=team.strategy.pk).exists()


def test_delete_now_asks_first_then_removes_for_good(client_for, team):
    owner = client_for(team.owner)
    owner.post(url(team))
    confirm = owner.get(purge_url(team.strategy))
    assert confirm.status_code == 200 and "This cannot be undone" in confirm.text
    assert Strategy.objects.filter(pk=team.strategy.pk).exists()
    owner.post(purge_url(team.strategy))
    assert not Strategy.objects.filter(pk=team.strategy.pk).exists()


def test_a_live_strategy_cannot_be_purged_or_restored(client_for, team):
    owner = client_for(team.owner)
    assert owner.post(purge_url(team.strategy)).status_code == 404
    assert owner.post(restore_url(team.strategy)).status_code == 404
    assert Strategy.objects.alive().filter(pk=team.strategy.pk).exists()


def test_editor_cannot_delete(client_for, team):
    assert client_for(team.editor).post(url(team)).status_code == 403
    assert Strategy.objects.alive().filter(pk=team.strategy.pk).exists()


def test_recently_deleted_is_empty_at_first(client_for, team):
    response = client_for(team.owner).get(reverse("strategy_planner:recently_deleted"))
    assert response.status_code == 200 and "Nothing here" in response.text


def test_links_stop_working_for_good_even_when_the_strategy_comes_back(client, client_for, team):
    link = ShareLink.objects.create(strategy=team.strategy, created_by=team.owner)
    feed = CalendarFeed.objects.create(strategy=team.strategy, user=team.viewer)
    feed_url = feed.get_absolute_url()
    assert client.get(link.get_absolute_url()).status_code == 200
    owner = client_for(team.owner)
    owner.post(url(team))
    owner.post(restore_url(team.strategy))
    assert owner.get(team.strategy.get_absolute_url()).status_code == 200  # it is back
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 404
    assert client.get(feed_url).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is not None  # listed on the share page, as revoked
