from django.urls import reverse

from strategy_planner.models import Role
from strategy_planner.wizard import STEPS
from tests.factories import MembershipFactory

URL = reverse("starters:dashboard")


def test_it_requires_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lists_my_strategies_with_role_and_completeness(client_for, team):
    other = MembershipFactory(user=team.viewer, role=Role.OWNER, strategy__name="Second plan")
    response = client_for(team.viewer).get(URL)
    assert response.status_code == 200
    assert team.strategy.name in response.text
    assert other.strategy.name in response.text
    assert "Viewer" in response.text and "Owner" in response.text
    assert f'aria-valuenow="{round(100 / len(STEPS))}"' in response.text  # basics done


def test_it_hides_strategies_i_do_not_belong_to(client_for, team):
    response = client_for(team.outsider).get(URL)
    assert team.strategy.name not in response.text
    assert "No strategies yet" in response.text


def test_query_count_does_not_grow_with_strategies(client_for, team, django_assert_max_num_queries):
    client = client_for(team.owner)
    client.get(URL)
    with django_assert_max_num_queries(6):
        client.get(URL)
    for _ in range(5):
        MembershipFactory(user=team.owner, role=Role.EDITOR)
    with django_assert_max_num_queries(6):
        client.get(URL)
