"""The funnel's "Save as a goal" makes one goal however often one answer is sent.

A double click, or the form sent again from the history, posts the same answer
again; the goal that answer made is shown instead of a copy.
"""

from django.contrib.messages import get_messages
from django.urls import reverse

from strategy_planner.funnel import EXAMPLE
from tests.factories import GoalFactory


def save_url(strategy):
    return reverse("strategy_planner:funnel_save", args=[strategy.uuid])


def test_the_same_answer_posted_twice_makes_one_goal(client_for, team):
    client = client_for(team.editor)
    first = client.post(save_url(team.strategy), EXAMPLE)
    second = client.post(save_url(team.strategy), EXAMPLE)
    goal = team.strategy.goals.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert first.url.endswith(f"#goal-{goal.pk}")
    said = [str(message) for message in get_messages(second.wsgi_request)]
    assert said[-1] == f"This funnel is already saved as a goal: {goal.marketing_goal}"


def test_another_answer_makes_another_goal(client_for, team):
    client = client_for(team.editor)
    client.post(save_url(team.strategy), EXAMPLE)
    client.post(save_url(team.strategy), {**EXAMPLE, "target_revenue": "300000"})
    client.post(save_url(team.strategy), EXAMPLE)
    assert team.strategy.goals.count() == 2


def test_a_goal_changed_since_does_not_count_as_the_same(client_for, team):
    client = client_for(team.editor)
    client.post(save_url(team.strategy), EXAMPLE)
    team.strategy.goals.update(target=80000)
    client.post(save_url(team.strategy), EXAMPLE)
    assert team.strategy.goals.count() == 2


def test_the_same_goal_in_another_strategy_does_not_count(client_for, team):
    client = client_for(team.editor)
    client.post(save_url(team.strategy), EXAMPLE)
    other = team.strategy.goals.get()
    GoalFactory(
        business_goal=other.business_goal, marketing_goal=other.marketing_goal, target=75000
    )
    team.strategy.goals.all().delete()
    client.post(save_url(team.strategy), EXAMPLE)
    assert team.strategy.goals.count() == 1
