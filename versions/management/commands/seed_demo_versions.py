"""Give the demo strategy its published history (run after seed_demo; idempotent).

Two versions, so that the demo shows sign-off and a comparison: "v1 — first
draft for the team", with a lower target on the first goal and the first two
personas the other way round, and "v2 — budget agreed", the demo as it is,
approved by the manager. The draft ends up saying what seed_demo restored.
The PDFs are rendered by the task worker, as when an owner publishes.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from strategy_planner.models import Strategy
from versions.models import Approval, Version
from versions.pdf import render_version_pdf


class Command(BaseCommand):
    help = "Publish two versions of the demo strategy, with an approval (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        strategy = Strategy.objects.alive().filter(name=DEMO_STRATEGY_NAME).first()
        if strategy is None:
            raise CommandError("There is no demo strategy: run seed_demo first.")
        if strategy.versions.exists():
            self.stdout.write("The demo strategy has its versions already.")
            return
        users = {
            u.username: u for u in get_user_model().objects.filter(memberships__strategy=strategy)
        }
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
