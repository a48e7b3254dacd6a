"""The migration to signed step timings carries every saved timing forward."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.report.test_migrations import migrate, old_strategy


@pytest.mark.django_db(transaction=True)
def test_saved_timings_keep_their_minutes_and_may_then_go_below_zero():
    old = migrate([("content_plan", "0008_published_url")])
    strategy = old_strategy(old)
    sequence = old.get_model("content_plan", "MessageSequence").objects.create(
        strategy=strategy, name="Cart rescue", trigger="abandoned_cart"
    )
    steps = old.get_model("content_plan", "SequenceStep").objects
    for position, minutes in enumerate((0, 60, 1380, 60 * 24 * 67), start=1):
        steps.create(sequence=sequence, channel="email", delay_minutes=minutes, position=position)

    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    kept = new.get_model("content_plan", "SequenceStep").objects.order_by("position")
    assert list(kept.values_list("delay_minutes", flat=True)) == [0, 60, 1380, 96480]
    kept.filter(position=1).update(delay_minutes=-1440)
    assert kept.get(position=1).delay_minutes == -1440
