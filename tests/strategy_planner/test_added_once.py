"""An "Add" form sent twice adds its row once (``inline_add`` and its one-time token)."""

import re

from django.urls import reverse

from tests.strategy_planner.test_goals import goal_data


def goals_url(strategy):
    return reverse("strategy_planner:goals", args=[strategy.uuid])


def test_the_add_form_carries_a_fresh_token(client_for, team):
    client = client_for(team.editor)
    tokens = [
        re.search(r'name="once" value="([^"]+)"', client.get(goals_url(team.strategy)).text)[1]
        for _ in range(2)
    ]
    assert tokens[0] != tokens[1]


def test_the_same_form_sent_twice_adds_one_goal(client_for, team):
    client = client_for(team.editor)
    data = {**goal_data(), "once": "token-1"}
    first = client.post(goals_url(team.strategy), data)
    second = client.post(goals_url(team.strategy), data)
    assert first.status_code == second.status_code == 302
    assert team.strategy.goals.count() == 1
    assert "This was added already." in client.get(second.url).text


def test_the_same_form_sent_twice_with_htmx_adds_one_goal(client_for, team):
    client = client_for(team.editor)
    data = {**goal_data(), "once": "token-1"}
    for _ in range(2):
        response = client.post(goals_url(team.strategy), data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    assert team.strategy.goals.count() == 1


def test_another_form_adds_another_goal(client_for, team):
    client = client_for(team.editor)
    client.post(goals_url(team.strategy), {**goal_data(), "once": "token-1"})
    client.post(goals_url(team.strategy), {**goal_data(), "once": "token-2"})
    client.post(goals_url(team.strategy), goal_data())  # a page from before the token
    assert team.strategy.goals.count() == 3


def test_a_form_with_errors_does_not_spend_its_token(client_for, team):
    client = client_for(team.editor)
    client.post(goals_url(team.strategy), {**goal_data(target="400"), "once": "token-1"})
    client.post(goals_url(team.strategy), {**goal_data(), "once": "token-1"})
    assert team.strategy.goals.count() == 1
