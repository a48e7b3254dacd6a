"""A goal says what it counts (views, leads or customers), in any language; the
audit ranks content by it and the budget's planned costs follow it. Saved goals
keep counting what their words made the app rank by before."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from budget.models import planned_results
from strategy_planner.models import Goal
from tests.factories import AuditedPieceFactory, GoalFactory
from tests.report.test_migrations import migrate, old_strategy
from tests.strategy_planner.test_edit_conflicts import form_data


@pytest.mark.django_db(transaction=True)
def test_saved_goals_count_what_their_words_said_before():
    old = migrate([("strategy_planner", "0014_edit_log")])
    strategy = old_strategy(old)
    goals = old.get_model("strategy_planner", "Goal").objects
    for position, (metric, marketing_goal) in enumerate(
        [
            ("Website leads", "More leads"),
            ("Newsletter subscribers", "Grow the newsletter"),
            ("Online orders", "Sell more coffee"),
            ("Reach", "Be known in Berlin"),
            ("سرنخ‌ها", "جذب سرنخ"),  # no English word: as before, views
        ],
        start=1,
    ):
        goals.create(
            strategy=strategy,
            position=position,
            business_goal="Grow",
            marketing_goal=marketing_goal,
            metric=metric,
            baseline=1,
            target=2,
            deadline=datetime.date(2027, 12, 31),
            measured_with="crm",
        )

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    kept = new.get_model("strategy_planner", "Goal").objects.order_by("position")
    assert list(kept.values_list("counts", flat=True)) == [
        "leads",
        "leads",
        "conversions",
        "views",
        "views",
    ]


@pytest.mark.django_db
def test_an_editor_says_what_a_goal_counts_and_the_audit_follows(team, client_for):
    goal = GoalFactory(strategy=team.strategy, metric="Comenzi online", counts="leads")
    AuditedPieceFactory(strategy=team.strategy, title="Citit", views=9000, leads=2, conversions=1)
    AuditedPieceFactory(strategy=team.strategy, title="Vândut", views=100, leads=1, conversions=40)
    client = client_for(team.editor)
    url = reverse("strategy_planner:goal_edit", args=[team.strategy.uuid, goal.pk])
    page = client.get(url, headers={"accept-language": "ro"})
    response = client.post(url, form_data(page.context["form"], counts="conversions"))
    assert response.status_code == 302
    assert Goal.objects.get(pk=goal.pk).counts == "conversions"

    audit = client.get(reverse("content_plan:audit", args=[team.strategy.uuid]), {"goal": goal.pk})
    assert audit.context["metric"] == "conversions"
    assert [p.title for p in audit.context["pieces"]] == ["Vândut", "Citit"]


@pytest.mark.django_db
@pytest.mark.parametrize("counts", ["leads", "conversions", "views"])
def test_the_budget_plans_a_cost_per_what_the_goals_count(team, counts):
    """A Persian goal of 400 counts as leads, customers or neither, as it says."""
    GoalFactory(strategy=team.strategy, metric="سرنخ‌ها", target=400, counts=counts)
    planned = planned_results(team.strategy)  # no inventory: no rate to derive customers
    found = {"leads": planned.leads, "conversions": planned.customers}
    for name, value in found.items():
        assert value == (400 if name == counts else None), name
