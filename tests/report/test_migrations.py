"""Migrations carry what a team has made forward: rows that move between apps keep
their data and links, and renamed fields keep their values."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("strategy_planner", "0008_strategy_template"),
    ("personas", "0002_buyerpersona_version"),
    ("assets", "0002_asset_version"),
    ("content_plan", "0003_contentpiece_version"),
    ("report", None),
]


def migrate(targets):
    """Migrate to ``targets`` and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # read again what is applied now
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def old_strategy(old):
    """A strategy saved with the models as they were (``old``: what :func:`migrate` gave)."""
    return old.get_model("strategy_planner", "Strategy").objects.create(
        name="Northwind",
        organisation="Northwind",
        industry="Coffee",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )


@pytest.mark.django_db(transaction=True)
def test_actions_share_links_and_edit_versions_survive_the_move_to_the_report_app():
    old = migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="owner")
    strategy = old_strategy(old)
    goal = old.get_model("strategy_planner", "Goal").objects.create(
        strategy=strategy,
        business_goal="Grow",
        marketing_goal="More leads",
        metric="Leads",
        baseline=1,
        target=2,
        deadline=datetime.date(2027, 6, 30),
        measured_with="crm",
        version=4,
    )
    asset = old.get_model("assets", "Asset").objects.create(
        strategy=strategy, name="Search ads", media_type="paid", kind="search_ads", version=2
    )
    action = old.get_model("strategy_planner", "CoherentAction").objects.create(
        strategy=strategy, title="Rescue carts", position=1
    )
    action.goals.add(goal)
    action.channels.add(asset)
    old.get_model("strategy_planner", "ShareLink").objects.create(
        strategy=strategy, token="t" * 40, label="Board", created_by=user
    )

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = new.get_model("report", "CoherentAction").objects.get()
    assert (moved.title, moved.strategy_id) == ("Rescue carts", strategy.pk)
    assert list(moved.goals.values_list("pk", flat=True)) == [goal.pk]
    assert list(moved.channels.values_list("pk", flat=True)) == [asset.pk]
    link = new.get_model("report", "ShareLink").objects.get()
    assert (link.token, link.label, link.created_by_id) == ("t" * 40, "Board", user.pk)
    assert new.get_model("strategy_planner", "Goal").objects.get().edit_version == 4
    assert new.get_model("assets", "Asset").objects.get().edit_version == 2
    content_types = new.get_model("contenttypes", "ContentType").objects
    assert not content_types.filter(app_label="strategy_planner", model="coherentaction").exists()
