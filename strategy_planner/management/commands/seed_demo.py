"""Create (or bring up to date) the demo team and its strategy.

Safe to run any number of times: it finds what exists by natural keys and
only fills in what is missing, so work done in the demo is kept.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from strategy_planner.models import BusinessModel, Currency, Membership, PricePoint, Role, Strategy

DEMO_PASSWORD = "demo-planner-2027"
DEMO_STRATEGY_NAME = "Northwind Coffee Roasters — 2027 online growth"

DEMO_TEAM = [
    ("demo", "demo@example.com", Role.OWNER),
    ("ioana", "ioana@example.com", Role.EDITOR),
    ("reza", "reza@example.com", Role.EDITOR),
    ("manager", "manager@example.com", Role.VIEWER),
]


class Command(BaseCommand):
    help = "Create the demo users and the demo strategy (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {username: self.ensure_user(username, email) for username, email, _ in DEMO_TEAM}
        # The demo owner may also look around the admin.
        get_user_model().objects.filter(username="demo").update(is_staff=True, is_superuser=True)
        strategy = self.ensure_strategy()
        for username, _, role in DEMO_TEAM:
            Membership.objects.get_or_create(
                strategy=strategy, user=users[username], defaults={"role": role}
            )
        self.stdout.write(self.style.SUCCESS(f"Demo strategy ready: {strategy.name}"))
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/ as  demo / {DEMO_PASSWORD}  (owner);  "
            f"manager / {DEMO_PASSWORD}  is a view-only member."
        )
        self.stdout.write("The admin is at http://127.0.0.1:8000/admin/ (same demo login).")

    def ensure_user(self, username: str, email: str):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def ensure_strategy(self) -> Strategy:
        strategy, _ = Strategy.objects.get_or_create(
            name=DEMO_STRATEGY_NAME,
            defaults={
                "organisation": "Northwind Coffee Roasters",
                "industry": "Specialty coffee — online shop and subscriptions",
                "business_model": BusinessModel.B2C,
                "price_point": PricePoint.LOW,
                "start_date": datetime.date(2027, 1, 1),
                "end_date": datetime.date(2027, 12, 31),
                "language": "en",
                "currency": Currency.EUR,
            },
        )
        return strategy
