"""Give the demo strategy its published history (run after seed_demo; idempotent).

Two versions, so that the demo shows sign-off and a comparison: "v1 — first
draft for the team", with a lower target on the first goal and the first two
personas the other way round, and "v2 — budget agreed", the demo as it is,
approved by the manager. The draft ends up saying what seed_demo restored.
The PDFs are rendered by the task worker, as when an owner publishes.

The activity page gets the team's last weeks of work (``demo_activity``): who
added the personas, goals, channels, pieces and budget lines, the changes since,
and a workbook import of the content plan.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from strategy_planner.models import Edit, Strategy
from versions.models import Approval, Version
from versions.pdf import render_version_pdf


class Command(BaseCommand):
    help = "Publish two versions of the demo strategy, with an approval (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        strategy = Strategy.objects.alive().filter(name=DEMO_STRATEGY_NAME).first()
        if strategy is None:
            raise CommandError("There is no demo strategy: run seed_demo first.")
        users = {
            u.username: u for u in get_user_model().objects.filter(memberships__strategy=strategy)
        }
        if not strategy.edits.exists():
            demo_activity(strategy, users)
        if strategy.versions.exists():
            self.stdout.write("The demo strategy has its versions already.")
            return
        owner, manager = users["demo"], users.get("manager")

        goal = strategy.goals.order_by("position", "pk").first()
        personas = list(strategy.personas.order_by("position", "pk")[:2])
        kept = (goal.target if goal else None, [p.position for p in personas])
        if goal is not None and goal.target:
            goal.target = (goal.target * Decimal("0.8")).quantize(goal.target)
            goal.save()
        if len(personas) == 2:
            personas[0].position, personas[1].position = kept[1][1], kept[1][0]
            for persona in personas:
                persona.save()
        first = Version.publish(strategy, owner, "first draft for the team")
        if goal is not None:
            goal.target = kept[0]
            goal.save()
        for persona, position in zip(personas, kept[1], strict=True):
            persona.position = position
            persona.save()
        second = Version.publish(strategy, owner, "budget agreed")

        if manager is not None:
            second.ask([manager], owner)
            Approval.objects.filter(version=second, approver=manager).update(
                verdict=Approval.Verdict.APPROVED,
                note="Agreed with finance: go ahead.",
                answered_at=timezone.now(),
            )
        for version in (first, second):
            render_version_pdf.enqueue(version.pk)
        self.stdout.write(self.style.SUCCESS("The demo strategy has two published versions."))


def demo_activity(strategy: Strategy, users: dict) -> None:
    """The team's edits of the last weeks in the activity log, oldest first: Laura
    sets up the personas, goals and actions, Reza the channels, budget and
    check-ins, Ioana the content plan (partly by a workbook import)."""
    now = timezone.now().replace(second=0, microsecond=0)
    laura, ioana, reza = users["demo"], users.get("ioana"), users.get("reza")
    ioana, reza = ioana or laura, reza or laura
    entries = []

    def log(when, user, row, verb, fields=(), way=""):
        entry = Edit.entry(row, verb, [type(row)._meta.get_field(f) for f in fields], user=user)
        entry.at, entry.way = when, way
        entries.append(entry)

    def ago(days, hour):
        day = now - datetime.timedelta(days=days)
        return day.replace(hour=hour, minute=(days * 7 + hour * 13) % 60)

    log(ago(27, 9), laura, strategy, Edit.Verb.CHANGED, ["diagnosis", "guiding_policy"])
    for i, persona in enumerate(strategy.personas.order_by("position", "pk")):
        log(ago(26, 10 + i), laura, persona, Edit.Verb.ADDED)
    goals = list(strategy.goals.order_by("position", "pk"))
    for i, goal in enumerate(goals):
        log(ago(24, 11 + i), laura, goal, Edit.Verb.ADDED)
    for i, asset in enumerate(strategy.assets.order_by("position", "pk")[:8]):
        log(ago(21, 9 + i), reza, asset, Edit.Verb.ADDED)
    pieces = list(strategy.content_pieces.order_by("publish_date", "pk"))
    for i, piece in enumerate(pieces[:10]):
        log(ago(17 - i // 4, 10 + i % 4), ioana, piece, Edit.Verb.ADDED)
    for i, action in enumerate(strategy.actions.order_by("position", "pk")):
        log(ago(12, 15 + i % 3), laura, action, Edit.Verb.ADDED)
    for i, line in enumerate(strategy.budget_lines.order_by("position", "pk")):
        log(ago(10, 9 + i % 6), reza, line, Edit.Verb.ADDED)
    if goals:
        log(ago(6, 16), laura, goals[0], Edit.Verb.CHANGED, ["target", "deadline"])
    for piece in pieces[:6]:
        fields = ["status", "publish_date"]
        log(ago(4, 14), ioana, piece, Edit.Verb.CHANGED, fields, Edit.Way.WORKBOOK)
    for check_in in strategy.check_ins.order_by("month"):
        log(ago(3, 11), reza, check_in, Edit.Verb.ADDED)
    lines = list(strategy.budget_lines.order_by("position", "pk")[:2])
    for line in lines:
        log(ago(1, 10), reza, line, Edit.Verb.CHANGED, ["name"])
    if pieces:
        log(ago(0, 9), ioana, pieces[-1], Edit.Verb.CHANGED, ["owner", "due_date"])
    Edit.objects.bulk_create([entry for entry in entries if entry.at <= now])
