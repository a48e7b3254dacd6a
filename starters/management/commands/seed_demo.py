"""Create (or bring up to date) the demo team and its strategy.

The demo strategy is a backup file (starters/demo/), restored when no strategy
with its UUID exists; otherwise it is left as it is, so work done in the demo is
kept. Then what a backup does not hold: a share link that works and the demo
owner's calendar feed. Safe to run any number of times.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from content_plan.models import CalendarFeed
from report.models import DocumentBrand, ShareLink
from starters.backup import BackupError, read_backup, restore
from starters.templates import DELETED_DRAFT_FILE, backed_up_strategy, demo_backup
from strategy_planner.models import Profile, Role, Strategy

DEMO_PASSWORD = "demo-planner-2027"
DEMO_STRATEGY_NAME = "Northwind Coffee Roasters — 2027 online growth"

# Usernames and e-mails; their roles in the demo are in the backup file.
DEMO_TEAM = [
    ("demo", "demo@example.com"),
    ("ioana", "ioana@example.com"),
    ("reza", "reza@example.com"),
    ("manager", "manager@example.com"),
]
# The names and job titles the team is shown by (their profiles).
DEMO_PEOPLE = {
    "demo": ("Laura Bennett", "Marketing manager"),
    "ioana": ("Ioana Popescu", "Content lead"),
    "reza": ("Reza Ahmadi", "Performance marketer"),
    "manager": ("Daniel Okafor", "Managing director"),
}


# The roaster's look for its document: coffee brown, and a logo drawn here.
DEMO_COLOUR = "#6f4e37"


def demo_logo() -> bytes:
    """Northwind's logo: a brown roundel with a white bean, as a PNG."""
    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), fill=DEMO_COLOUR)
    draw.ellipse((70, 40, 170, 200), fill="white")
    draw.arc((95, 40, 145, 200), start=100, end=260, fill=DEMO_COLOUR, width=10)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


class Command(BaseCommand):
    help = "Create the demo users and restore the demo strategy (idempotent)."

    def handle(self, *args, **options):
        try:
            self.seed()
        except BackupError as error:
            raise CommandError(f"The demo cannot be restored: {error}") from error

    @transaction.atomic
    def seed(self) -> None:
        users = {username: self.ensure_user(username, email) for username, email in DEMO_TEAM}
        owner = users["demo"]
        # The demo owner may also look around the admin.
        get_user_model().objects.filter(pk=owner.pk).update(is_staff=True, is_superuser=True)
        strategy, _ = ensure_restored(demo_backup("en"), owner)
        ShareLink.objects.get_or_create(
            strategy=strategy, label="Board meeting", defaults={"created_by": owner}
        )
        CalendarFeed.objects.get_or_create(strategy=strategy, user=owner)
        DocumentBrand.objects.get_or_create(
            strategy=strategy, defaults={"colour": DEMO_COLOUR, "logo": demo_logo()}
        )
        # An abandoned draft in Recently deleted, so the demo shows how to bring one back.
        draft, restored = ensure_restored(read_backup(DELETED_DRAFT_FILE), owner)
        if restored:
            draft.soft_delete(by=owner)
            # Given up a few days ago: it still has most of its days in Recently deleted.
            Strategy.objects.filter(pk=draft.pk).update(
                deleted_at=timezone.now() - datetime.timedelta(days=3)
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
        name, title = DEMO_PEOPLE[username]
        # A name changed in the demo's profile page is kept.
        Profile.objects.get_or_create(
            user=user, defaults={"display_name": name, "job_title": title}
        )
        return user


def ensure_restored(data: dict, owner) -> tuple[Strategy, bool]:
    """The strategy with the backup's UUID, restored from the backup when there is
    none (deleted ones count: they wait in Recently deleted); and whether it was.
    A demo made before the demo was a file has another UUID: one of the same name
    that the demo owner owns is kept as it is too."""
    backed_up = backed_up_strategy(data)
    existing = (
        Strategy.objects.filter(uuid=backed_up["uuid"]).first()
        or Strategy.objects.filter(
            name=backed_up["name"], memberships__user=owner, memberships__role=Role.OWNER
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing, False
    return restore(data).strategy, True
