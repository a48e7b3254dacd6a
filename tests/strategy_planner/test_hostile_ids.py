"""A choice of several rows posted with an ID no database can hold is refused as a
wrong choice, next to its field, never a server error (SQLite raised on it)."""

import pytest
from django.urls import reverse

from tests.factories import AssetFactory, BuyerPersonaFactory, GoalFactory

HUGE = "9" * 30


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("content_plan:piece_create", "promotion_channels"),
        ("report:action_create", "action-channels"),
        ("report:action_create", "action-goals"),
        ("assets:inventory", "new-goals"),
        ("strategy_planner:goals", "goal-personas"),
    ],
)
def test_an_id_too_large_for_any_database_is_a_wrong_choice(client_for, team, url_name, field):
    AssetFactory(strategy=team.strategy)
    GoalFactory(strategy=team.strategy)
    BuyerPersonaFactory(strategy=team.strategy)
    response = client_for(team.editor).post(
        reverse(url_name, args=[team.strategy.uuid]), {field: [HUGE]}
    )
    assert response.status_code == 200  # the form again, with what is wrong
    assert "Select a valid choice" in response.text
