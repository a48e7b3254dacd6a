"""Every strategy URL: anonymous → login, outsider → 404, and the role rules."""

import pytest
from django.urls import reverse

ROUTES = [
    # (url name, needs a member id, role needed to read, role needed to write)
    ("strategy_planner:overview", False, "viewer", "editor"),
    ("strategy_planner:basics", False, "viewer", "editor"),
    ("strategy_planner:members", False, "viewer", "owner"),
    ("strategy_planner:delete", False, "owner", "owner"),
    ("strategy_planner:member_update", True, None, "owner"),
    ("strategy_planner:member_remove", True, "owner", "owner"),
]
RANK = {"viewer": 1, "editor": 2, "owner": 3}


def url_for(team, name, needs_member):
    args = [team.strategy.uuid]
    if needs_member:
        args.append(team.strategy.memberships.get(user=team.viewer).pk)
    return reverse(name, args=args)


@pytest.mark.parametrize(("name", "needs_member", "read", "write"), ROUTES)
def test_anonymous_is_sent_to_login(client, team, name, needs_member, read, write):
    url = url_for(team, name, needs_member)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "needs_member", "read", "write"), ROUTES)
def test_outsider_gets_404(client_for, team, name, needs_member, read, write):
    client = client_for(team.outsider)
    url = url_for(team, name, needs_member)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "editor", "owner"])
@pytest.mark.parametrize(("name", "needs_member", "read", "write"), ROUTES)
def test_members_get_what_their_role_allows(
    client_for, team, role, name, needs_member, read, write
):
    client = client_for(getattr(team, role))
    url = url_for(team, name, needs_member)
    response = client.get(url)
    # A POST-only URL (read is None) answers a member's GET with 405.
    expected = 405 if read is None else 200 if RANK[role] >= RANK[read] else 403
    assert response.status_code == expected
    if RANK[role] < RANK[write]:
        assert client.post(url).status_code == 403


def test_an_unknown_uuid_is_404(client_for, team):
    client = client_for(team.owner)
    url = reverse("strategy_planner:overview", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_a_member_id_from_another_strategy_is_404(client_for, team):
    from tests.factories import MembershipFactory

    elsewhere = MembershipFactory()
    client = client_for(team.owner)
    url = reverse("strategy_planner:member_remove", args=[team.strategy.uuid, elsewhere.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    elsewhere.refresh_from_db()
