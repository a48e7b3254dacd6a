import io

import pytest
from django.core.management import call_command

from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from strategy_planner.models import Strategy
from versions.diff import compare

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_versions_and_an_approval():
    call_command("seed_demo", stdout=io.StringIO())
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    goal_target = strategy.goals.order_by("position", "pk").first().target
    call_command("seed_demo_versions", stdout=io.StringIO())
    call_command("seed_demo_versions", stdout=io.StringIO())  # idempotent
    second, first = strategy.versions.all()
    assert (first.number, second.number) == (1, 2)
    assert second.approvals.get().verdict == "approved"
    assert bytes(second.pdf).startswith(b"%PDF-")
    diff = compare(strategy, first, second)
    changed = {s.key for s in diff.sections if s.changed}
    assert changed == {"goals", "personas"}
    assert not compare(strategy, second, None).changed  # the draft is the demo as it was
    assert strategy.goals.order_by("position", "pk").first().target == goal_target
