import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.parametrize("model", ["strategy", "membership"])
def test_admin_lists_and_searches(client, team, model):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse(f"admin:strategy_planner_{model}_changelist")
    response = client.get(url, {"q": team.strategy.name})
    assert response.status_code == 200
    assert team.strategy.name in response.text
    response = client.get(
        reverse(
            f"admin:strategy_planner_{model}_change",
            args=[
                team.strategy.pk if model == "strategy" else team.strategy.memberships.first().pk
            ],
        )
    )
    assert response.status_code == 200
