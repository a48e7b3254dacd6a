from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from starters.backup import BackupError, restore_file


class Command(BaseCommand):
    help = (
        "Restore a strategy from a file written by backup_strategy, into this database "
        "(which may run on another engine than the one backed up), all or nothing. "
        "The strategy keeps its UUID; if that exists already the restore is refused, unless "
        "--new-uuid restores it as a copy. Members are linked to the users here with the "
        "same username; those not found are left out and listed. Share links come back "
        "revoked, with new tokens (a backup holds no tokens); calendar feed links are not "
        "in a backup, members turn theirs on again from the content plan."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file to read.")
        parser.add_argument(
            "--new-uuid",
            action="store_true",
            help="Restore as a copy with a new UUID (e.g. next to the original).",
        )
        parser.add_argument(
            "--owner",
            metavar="USERNAME",
            help="Make this existing user an owner; needed when none of the strategy's "
            "owners has an account here.",
        )

    def handle(self, *args, path, new_uuid, owner, **options):
        try:
            restored = restore_file(path, new_uuid=new_uuid, owner=owner)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for note in restored.notes:
            self.stdout.write(self.style.WARNING(note))
        strategy = restored.strategy
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored “{strategy.name}” ({restored.records} records) as {strategy.uuid}: "
                f"{strategy.get_absolute_url()}"
            )
        )
