from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from starters.backup import write_backup
from strategy_planner.models import Strategy


class Command(BaseCommand):
    help = (
        "Back up a strategy and everything it owns to a JSON file, e.g. "
        "backup_strategy <uuid> strategy.json; restore it with restore_strategy. "
        "Members are named by username and e-mail. No secrets are written: share links "
        "are kept without their tokens (they come back revoked) and calendar feed links "
        "are left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("uuid", help="The strategy's UUID (it is in the strategy's URLs).")
        parser.add_argument("path", type=Path, help="The JSON file to write.")

    def handle(self, *args, uuid, path, **options):
        try:
            strategy = Strategy.objects.get(uuid=uuid)
        except (Strategy.DoesNotExist, ValidationError) as error:
            raise CommandError(f"No strategy with the UUID {uuid}.") from error
        try:
            data = write_backup(strategy, path)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path} ({len(data['objects'])} records, "
                f"{path.stat().st_size:,} bytes): “{strategy.name}”"
            )
        )
