"""Who may read or change a strategy, rule by rule (strategy_planner/access.py):
each member's role against the role a page asks for reading and for changing,
what an outsider, a deleted strategy and the owners' "Recently deleted" pages
answer, and the read-only secret links (a share link, a member's calendar feed)
with their revocation, expiry and former members. What is checked is what the
caller sees: the status, the 403 page's words, the role badge, the buttons."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content_plan.models import CalendarFeed
from report.models import ShareLink
from strategy_planner.access import get_link_access
from strategy_planner.models import Role, Strategy
from tests.factories import GoalFactory, MembershipFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def page(name, strategy, *args):
    return reverse(name, args=[strategy.uuid, *args])


# (page, what it asks for reading, then for changing)
#   overview        any member reads it, editors change it
#   goal_edit       editors only, to read and to change
#   share_links     owners only, to read and to change
#   feed_create     any member makes their own calendar link (POST only)
# (caller, method, page, status)
ROLES = [
    # a member reads what their role reaches; GET, HEAD and OPTIONS are reading
    ("viewer", "get", "strategy_planner:overview", 200),
    ("viewer", "head", "strategy_planner:overview", 200),
    ("viewer", "options", "strategy_planner:overview", 200),
    ("editor", "get", "strategy_planner:overview", 200),
    ("owner", "get", "strategy_planner:overview", 200),
    ("viewer", "get", "strategy_planner:goal_edit", 403),
    ("viewer", "head", "strategy_planner:goal_edit", 403),
    ("editor", "get", "strategy_planner:goal_edit", 200),
    ("owner", "get", "strategy_planner:goal_edit", 200),
    ("viewer", "get", "report:share_links", 403),
    ("editor", "get", "report:share_links", 403),
    ("owner", "get", "report:share_links", 200),
    # every other method changes: the role to change, whatever the role to read
    ("viewer", "post", "strategy_planner:overview", 403),
    ("viewer", "put", "strategy_planner:overview", 403),
    ("viewer", "patch", "strategy_planner:overview", 403),
    ("viewer", "delete", "strategy_planner:overview", 403),
    ("viewer", "post", "strategy_planner:goal_edit", 403),
    ("editor", "post", "strategy_planner:goal_edit", 200),  # the form, with what is missing
    ("editor", "post", "report:share_links", 403),
    ("owner", "post", "report:share_links", 200),  # the form, with what is missing
    ("viewer", "post", "content_plan:feed_create", 302),
    # outsiders must not learn that the strategy exists
    ("outsider", "get", "strategy_planner:overview", 404),
    ("outsider", "post", "strategy_planner:overview", 404),
    ("outsider", "get", "report:share_links", 404),
]


@pytest.mark.parametrize(
    ("caller", "method", "name", "status"),
    ROLES,
    ids=[f"{c}-{m}-{n.split(':')[1]}" for c, m, n, _ in ROLES],
)
def test_each_role_reaches_what_it_may(client_for, team, caller, method, name, status):
    goal = GoalFactory(strategy=team.strategy)
    args = [goal.pk] if name == "strategy_planner:goal_edit" else []
    client = client_for(getattr(team, caller))
    response = getattr(client, method)(page(name, team.strategy, *args))
    assert response.status_code == status


def test_nobody_logged_in_is_sent_to_log_in(client, team):
    response = client.get(page("strategy_planner:overview", team.strategy))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_a_viewer_refused_a_change_is_told_they_can_only_read(client_for, team):
    response = client_for(team.viewer).post(page("strategy_planner:overview", team.strategy))
    assert response.status_code == 403
    assert "You can read this strategy but not change it" in response.text


@pytest.mark.parametrize(
    ("caller", "badge", "can_plan", "can_delete"),
    [
        ("viewer", "Viewer", False, False),
        ("editor", "Editor", True, False),
        ("owner", "Owner", True, True),
    ],
)
def test_a_page_shows_the_members_role_and_only_the_buttons_it_allows(
    client_for, team, caller, badge, can_plan, can_delete
):
    text = client_for(getattr(team, caller)).get(page("content_plan:plan", team.strategy)).text
    assert f'title="Your role">{badge}</span>' in text
    assert ("Plan a piece" in text) is can_plan
    assert ("Delete strategy" in text) is can_delete


def test_a_member_of_another_strategy_is_an_outsider_here(client_for, team):
    elsewhere = MembershipFactory(user=team.owner).strategy
    other = StrategyFactory()
    client = client_for(team.owner)
    assert client.get(page("strategy_planner:overview", elsewhere)).status_code == 200
    assert client.get(page("strategy_planner:overview", other)).status_code == 404


def test_a_deleted_strategy_is_gone_even_for_its_owner(client_for, team):
    Strategy.objects.filter(pk=team.strategy.pk).update(deleted_at=timezone.now())
    client = client_for(team.owner)
    assert client.get(page("strategy_planner:overview", team.strategy)).status_code == 404
    assert client.post(page("strategy_planner:basics", team.strategy)).status_code == 404


# Recently deleted: only the owners reach a deleted strategy's pages, while it is deleted.


@pytest.mark.parametrize(
    ("caller", "deleted", "status"),
    [
        ("owner", True, 200),
        ("editor", True, 404),
        ("viewer", True, 404),
        ("outsider", True, 404),
        ("owner", False, 404),
    ],
)
def test_only_owners_reach_a_deleted_strategy(client_for, team, caller, deleted, status):
    if deleted:
        Strategy.objects.filter(pk=team.strategy.pk).update(deleted_at=timezone.now())
    response = client_for(getattr(team, caller)).get(page("strategy_planner:purge", team.strategy))
    assert response.status_code == status
    if status == 200:
        assert team.strategy.name in response.text


def test_an_owner_restores_a_deleted_strategy(client_for, team):
    Strategy.objects.filter(pk=team.strategy.pk).update(deleted_at=timezone.now())
    response = client_for(team.owner).post(page("strategy_planner:restore", team.strategy))
    assert response.status_code == 302
    assert Strategy.objects.get(pk=team.strategy.pk).deleted_at is None


# Share links: read-only, for whoever holds one, while it works.


def test_a_share_link_shows_the_document_to_anybody_who_holds_it(client, team):
    link = ShareLink.objects.create(strategy=team.strategy, created_by=team.owner)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert team.strategy.name in response.text
    assert client.head(link.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "link",
    [
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - datetime.timedelta(minutes=1)},
        "strategy deleted",
        "no such token",
    ],
    ids=["revoked", "expired", "strategy-deleted", "unknown"],
)
def test_a_share_link_that_no_longer_works_is_404(client, team, link):
    fields = link if isinstance(link, dict) else {}
    share = ShareLink.objects.create(strategy=team.strategy, created_by=team.owner, **fields)
    if link == "strategy deleted":
        Strategy.objects.filter(pk=team.strategy.pk).update(deleted_at=timezone.now())
    url = share.get_absolute_url()
    if link == "no such token":
        url = reverse("share_preview", args=["no-such-token"])
    assert client.get(url).status_code == 404


def test_a_share_link_not_yet_expired_works(client, team):
    share = ShareLink.objects.create(
        strategy=team.strategy, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get(share.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_nothing_is_changed_through_a_share_link(client, team, method):
    share = ShareLink.objects.create(strategy=team.strategy, created_by=team.owner)
    assert getattr(client, method)(share.get_absolute_url()).status_code == 403


# Calendar feeds: a member's own link, under the strategy's address.


def test_a_members_calendar_link_opens_the_calendar_without_logging_in(client, team):
    feed = CalendarFeed.objects.create(strategy=team.strategy, user=team.viewer)
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert client.post(feed.get_absolute_url()).status_code == 403


def test_a_calendar_link_under_another_strategys_address_is_404(client, team):
    other = MembershipFactory(user=team.viewer).strategy
    feed = CalendarFeed.objects.create(strategy=team.strategy, user=team.viewer)
    assert client.get(feed.get_absolute_url()).status_code == 200
    assert client.get(reverse("content_plan:feed", args=[other.uuid, feed.token])).status_code == (
        404
    )


def test_a_calendar_link_stops_working_when_its_member_leaves(client, team):
    feed = CalendarFeed.objects.create(strategy=team.strategy, user=team.editor)
    # still a member of another strategy: only this one's membership counts
    MembershipFactory(user=team.editor)
    team.strategy.memberships.filter(user=team.editor).delete()
    assert client.get(feed.get_absolute_url()).status_code == 404


def test_a_calendar_link_of_a_deleted_strategy_is_404(client, team):
    feed = CalendarFeed.objects.create(strategy=team.strategy, user=team.owner)
    Strategy.objects.filter(pk=team.strategy.pk).update(deleted_at=timezone.now())
    assert client.get(feed.get_absolute_url()).status_code == 404


def test_a_calendar_link_is_checked_in_a_pinned_number_of_queries(client, team):
    """The link with its strategy in one query, then the member's membership, then
    the pieces (and the request's savepoint around them)."""
    feed = CalendarFeed.objects.create(strategy=team.strategy, user=team.viewer)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(feed.get_absolute_url()).status_code == 200
    assert len(captured) == 5


@pytest.mark.parametrize("kind", ["share link", "calendar link"])
def test_a_link_lets_its_holder_read_and_nothing_more(team, kind):
    if kind == "share link":
        link = ShareLink.objects.create(strategy=team.strategy, created_by=team.owner)
        links = ShareLink.objects.usable()
    else:
        link = CalendarFeed.objects.create(strategy=team.strategy, user=team.owner)
        links = CalendarFeed.objects.all()
    access = get_link_access(links, link.token, team.strategy.uuid)
    assert access.strategy == team.strategy
    assert access.has_role(Role.VIEWER)
    assert not access.can_edit
    assert not access.is_owner
