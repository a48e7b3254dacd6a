"""Remove for good the strategies deleted more than 30 days ago (run it daily)."""

from django.core.management.base import BaseCommand

from strategy_planner.models import KEEP_DELETED_DAYS, Strategy


class Command(BaseCommand):
    help = (
        f"Delete for good the strategies that have been in Recently deleted for "
        f"{KEEP_DELETED_DAYS} days or more. Run it once a day (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list them.")

    def handle(self, *args, dry_run=False, **options):
        expired = Strategy.objects.expired()
        names = list(expired.values_list("name", flat=True))
        if not dry_run:
            expired.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {len(names)} strategies for good.")
        for name in names:
            self.stdout.write(f"  {name}")
