from django.urls import reverse

from strategy_planner.models import Membership, Role
from tests.factories import UserFactory


def members_url(team):
    return reverse("strategy_planner:members", args=[team.strategy.uuid])


def membership(team, user):
    return team.strategy.memberships.get(user=user)


def test_everyone_in_the_team_sees_the_team(client_for, team):
    response = client_for(team.viewer).get(members_url(team))
    assert response.status_code == 200
    for user in (team.owner, team.editor, team.viewer):
        assert user.username in response.text
    assert "Add a member" not in response.text


def test_owner_adds_a_member_by_username(client_for, team):
    client = client_for(team.owner)
    response = client.post(members_url(team), {"who": "OUTSIDER", "role": "viewer"})
    assert response.status_code == 302
    assert membership(team, team.outsider).role == Role.VIEWER


def test_owner_adds_a_member_by_email(client_for, team):
    newcomer = UserFactory(username="ana", email="Ana@Example.com")
    client_for(team.owner).post(members_url(team), {"who": "ana@example.com", "role": "editor"})
    assert membership(team, newcomer).role == Role.EDITOR


def test_unknown_person_is_refused_next_to_the_field(client_for, team):
    response = client_for(team.owner).post(
        members_url(team), {"who": "nobody@example.com", "role": "editor"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["who"][0].startswith("No account has")
    assert 'value="nobody@example.com"' in response.text


def test_an_existing_member_is_not_added_twice(client_for, team):
    response = client_for(team.owner).post(members_url(team), {"who": "editor", "role": "viewer"})
    assert "already a member" in response.context["form"].errors["who"][0]
    assert membership(team, team.editor).role == Role.EDITOR


def test_editor_cannot_add_members(client_for, team):
    response = client_for(team.editor).post(members_url(team), {"who": "outsider", "role": "owner"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=team.outsider).exists()


def test_owner_changes_a_role(client_for, team):
    target = membership(team, team.viewer)
    url = reverse("strategy_planner:member_update", args=[team.strategy.uuid, target.pk])
    response = client_for(team.owner).post(url, {f"m{target.pk}-role": "editor"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.EDITOR


def test_the_last_owner_cannot_step_down(client_for, team):
    own = membership(team, team.owner)
    url = reverse("strategy_planner:member_update", args=[team.strategy.uuid, own.pk])
    client = client_for(team.owner)
    response = client.post(url, {f"m{own.pk}-role": "viewer"}, follow=True)
    own.refresh_from_db()
    assert own.role == Role.OWNER
    assert "at least one owner" in response.text


def test_owner_removes_a_member_after_confirming(client_for, team):
    target = membership(team, team.editor)
    url = reverse("strategy_planner:member_remove", args=[team.strategy.uuid, target.pk])
    client = client_for(team.owner)
    assert "Yes, remove" in client.get(url).text
    assert Membership.objects.filter(pk=target.pk).exists()
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()
    # The removed editor is now an outsider.
    assert client_for(team.editor).get(team.strategy.get_absolute_url()).status_code == 404


def test_the_last_owner_cannot_be_removed(client_for, team):
    own = membership(team, team.owner)
    url = reverse("strategy_planner:member_remove", args=[team.strategy.uuid, own.pk])
    response = client_for(team.owner).post(url)
    assert response.status_code == 400
    assert Membership.objects.filter(pk=own.pk).exists()
