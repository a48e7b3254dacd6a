import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from strategy_planner.models import Strategy
from strategy_planner.people import display_name
from tests.versions.test_activity import entries
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


def test_the_demo_shows_the_teams_recent_work_on_the_activity_page(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_versions", stdout=io.StringIO())
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    edits = strategy.edits.all()
    count = edits.count()
    call_command("seed_demo_versions", stdout=io.StringIO())  # idempotent
    assert strategy.edits.count() == count >= 30
    people = {display_name(edit.user) for edit in edits}
    assert people == {"Laura Bennett", "Ioana Popescu", "Reza Ahmadi"}
    assert {edit.verb for edit in edits} == {"added", "changed"}
    assert edits.filter(way="workbook").exists()
    assert edits.first().at <= timezone.now()
    client.force_login(strategy.memberships.get(user__username="manager").user)
    page = client.get(reverse("versions:activity", args=[strategy.uuid])).text
    imported = [entry for entry in entries(page) if entry.endswith("from the workbook")]
    assert imported
    assert all("Ioana Popescu changed the planned piece" in entry for entry in imported)
