from django.urls import reverse

from strategy_planner.models import Membership, Strategy


def url(team):
    return reverse("strategy_planner:delete", args=[team.strategy.uuid])


def test_owner_is_asked_to_confirm(client_for, team):
    response = client_for(team.owner).get(url(team))
    assert response.status_code == 200
    assert "Yes, delete this strategy" in response.text
    assert Strategy.objects.filter(pk=team.strategy.pk).exists()


def test_owner_deletes(client_for, team):
    client = client_for(team.owner)
    response = client.post(url(team))
    assert response.status_code == 302
    assert response.url == reverse("strategy_planner:dashboard")
    assert not Strategy.objects.filter(pk=team.strategy.pk).exists()
    assert not Membership.objects.filter(strategy_id=team.strategy.pk).exists()
    assert "was deleted" in client.get(response.url).text


def test_editor_cannot_delete(client_for, team):
    assert client_for(team.editor).post(url(team)).status_code == 403
    assert Strategy.objects.filter(pk=team.strategy.pk).exists()
