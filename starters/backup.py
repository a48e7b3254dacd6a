"""Back up one strategy to a JSON file, and restore it into this or another database.

The file holds the strategy and everything it owns as records of Django's
serialization framework (the "python" form, written as JSON), each with the
primary key it had where it was backed up. Those keys only tie the records to
one another: a restore inserts every row afresh, in dependency order, and points
foreign keys and many-to-many links at the new rows. So a backup restores into a
database whose keys are taken by other data, and from SQLite into PostgreSQL or
back. Field values are written exactly (timestamps to the microsecond), and rows
are inserted as they were, without the models' save() logic, so the restored
strategy says exactly what the original said.

Users are not part of a strategy. The file names them by username, with their
e-mail for the operator's benefit; a restore links to the accounts with those
usernames and reports the ones it cannot find.

Secrets are not kept: share links are written without their tokens and come
back revoked, with fresh random tokens (their labels, expiry dates and authors
stay, for the record); calendar feed links, private to one member, are left out,
and members turn theirs on again from the content plan.
"""

import datetime
import decimal
import json
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from strategy_planner.models import Membership, Role, Strategy

FORMAT = "strategy-planner-backup"
VERSION = 2
# What changed since the versions before: models that moved to another app, and
# fields that were renamed. A backup written by an earlier version is read as if
# it had been written by this one.
RENAMED_MODELS = {
    1: {
        "strategy_planner.coherentaction": "report.coherentaction",
        "strategy_planner.sharelink": "report.sharelink",
    },
}
RENAMED_FIELDS = {
    1: {
        "strategy_planner.goal": {"version": "edit_version"},
        "personas.buyerpersona": {"version": "edit_version"},
        "assets.asset": {"version": "edit_version"},
        "content_plan.contentpiece": {"version": "edit_version"},
    },
}

# What a strategy owns, each model with the lookup that finds one strategy's rows,
# in an order where everything a row points to (foreign keys and many-to-many
# links alike) comes before it.
PARTS = {
    "strategy_planner.strategy": "pk",
    "strategy_planner.membership": "strategy",
    "personas.buyerpersona": "strategy",
    "personas.brandvoice": "strategy",
    "strategy_planner.goal": "strategy",
    "assets.mediaaudit": "strategy",
    "assets.asset": "strategy",
    "content_plan.auditedpiece": "strategy",
    "content_plan.contentgap": "strategy",
    "content_plan.contentpiece": "strategy",
    "content_plan.messagesequence": "strategy",
    "content_plan.sequencestep": "sequence__strategy",
    "budget.budgetline": "strategy",
    "budget.budgetmonth": "line__strategy",
    "results.milestone": "goal__strategy",
    "results.checkin": "strategy",
    "results.checkinvalue": "check_in__strategy",
    "results.platformresult": "check_in__strategy",
    "report.coherentaction": "strategy",
    "report.sharelink": "strategy",
    "report.documentbrand": "strategy",
    "comments.thread": "strategy",
    "comments.comment": "thread__strategy",
}
# Owned by a strategy, but not backed up: a secret link (the calendar feed), and the
# columns a check-in import was told once (their JSON names goals by id, which a
# restore renumbers; the next file asks for them again).
LEFT_OUT = {"content_plan.calendarfeed", "results.checkinimportmapping"}
# Published versions are the record of this strategy, not a part of it: a copy or
# a restore starts its own history.
LEFT_OUT |= {"versions.version", "versions.approval"}
# The activity log says who edited the strategy on this server; a restored copy
# starts its own.
LEFT_OUT |= {"strategy_planner.edit"}
# Fields never written to a backup: secrets, and the cache's version counter
# (a restored strategy starts its own count).
SECRET_FIELDS = {
    # A share link to a published version comes back (revoked) pointing at the draft.
    "report.sharelink": ("token", "version"),
    "strategy_planner.strategy": ("content_version", "content_changed_at"),
}

STRATEGY = "strategy_planner.strategy"
MEMBERSHIP = "strategy_planner.membership"
SHARE_LINK = "report.sharelink"


class BackupError(Exception):
    """A backup that cannot be written or restored; the message tells the operator why."""


@dataclass
class Restored:
    strategy: Strategy
    records: int
    notes: list[str] = field(default_factory=list)


class _Encoder(json.JSONEncoder):
    """JSON for field values, exact: unlike DjangoJSONEncoder it keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


def user_fields(model) -> list:
    user_model = get_user_model()
    return [
        f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model
    ]


def user_lists(model) -> list:
    """Many-to-many links to users (a comment's mentions), written as usernames."""
    return [f for f in model._meta.many_to_many if f.related_model is get_user_model()]


# Backing up


def backup(strategy: Strategy) -> dict:
    """The strategy and everything it owns, as a JSON-ready dict."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Read every table as of one moment, even while the team keeps working.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return _backup(strategy)
    with transaction.atomic():
        return _backup(strategy)


def _backup(strategy: Strategy) -> dict:
    objects = []
    usernames = set()
    for label, lookup in PARTS.items():
        model = apps.get_model(label)
        rows = (
            model._default_manager.filter(**{lookup: strategy.pk})
            .order_by("pk")
            .prefetch_related(*(f.name for f in model._meta.many_to_many))
        )
        records = serializers.serialize("python", rows, use_natural_foreign_keys=True)
        for record in records:
            for name in SECRET_FIELDS.get(label, ()):
                record["fields"].pop(name, None)
            for user_field in user_fields(model):
                if record["fields"].get(user_field.name):
                    usernames.add(record["fields"][user_field.name][0])
            for user_list in user_lists(model):
                usernames.update(key[0] for key in record["fields"].get(user_list.name, []))
        objects += records
    user_model = get_user_model()
    users = user_model._default_manager.filter(
        **{f"{user_model.USERNAME_FIELD}__in": usernames}
    ).order_by(user_model.USERNAME_FIELD)
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now(),
        "strategy": {"uuid": strategy.uuid, "name": strategy.name},
        "users": [
            {
                "username": user.get_username(),
                "email": getattr(user, user.get_email_field_name(), "") or "",
            }
            for user in users
        ],
        "objects": objects,
    }


def dumps(data: dict) -> str:
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=1) + "\n"


def write_backup(strategy: Strategy, path: Path) -> dict:
    data = backup(strategy)
    path.write_text(dumps(data), encoding="utf-8")
    return data


# Restoring


def read_backup(path: Path) -> dict:
    """The backup in a file, checked for shape; BackupError if it is not one we can read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror or error}.") from error
    except UnicodeDecodeError as error:
        raise BackupError(f"{path} is not a strategy backup (not UTF-8 text).") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BackupError(
            f"{path} is not a strategy backup, or it is damaged: "
            f"invalid JSON at line {error.lineno}, column {error.colno}."
        ) from error
    data = upgrade(data)
    check(data)
    return data


def upgrade(data) -> dict:
    """A backup written by an earlier version, as this version would write it
    (models and fields renamed since); a current backup as it is."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("This is not a Strategy Planner backup.")
    version = data.get("version")
    if not (isinstance(version, int) and 1 <= version <= VERSION):
        raise BackupError(
            f"This backup is in format version {version!r}; this version of Strategy Planner "
            f"reads versions 1 to {VERSION}."
        )
    if version == VERSION or not isinstance(data.get("objects"), list):
        return data
    objects = []
    for record in data["objects"]:
        if isinstance(record, dict) and isinstance(record.get("fields"), dict):
            for old in range(version, VERSION):
                label = RENAMED_MODELS.get(old, {}).get(record.get("model"), record.get("model"))
                renamed = RENAMED_FIELDS.get(old, {}).get(label, {})
                record = {
                    **record,
                    "model": label,
                    "fields": {renamed.get(k, k): v for k, v in record["fields"].items()},
                }
        objects.append(record)
    return {**data, "version": VERSION, "objects": objects}


def check(data) -> None:
    """Refuse anything that is not a complete backup in the format this version writes."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("This is not a Strategy Planner backup.")
    if data.get("version") != VERSION:
        raise BackupError(f"This backup is not in format version {VERSION}.")
    objects = data.get("objects")
    if not isinstance(objects, list):
        raise BackupError("The backup is damaged: it has no list of objects.")
    seen = set()
    for number, record in enumerate(objects, start=1):
        if not (
            isinstance(record, dict)
            and record.get("model") in PARTS
            and _is_key(record.get("pk"))
            and isinstance(record.get("fields"), dict)
        ):
            raise BackupError(f"The backup is damaged: object {number} is not one it can hold.")
        key = (record["model"], record["pk"])
        if key in seen:
            raise BackupError(f"The backup is damaged: {key[0]} {key[1]} appears twice.")
        seen.add(key)
    strategies = [record for record in objects if record["model"] == STRATEGY]
    if len(strategies) != 1:
        raise BackupError(
            f"The backup is damaged: it holds {len(strategies)} strategies instead of one."
        )
    users = data.get("users", [])
    if not isinstance(users, list) or not all(
        isinstance(user, dict) and isinstance(user.get("username"), str) for user in users
    ):
        raise BackupError("The backup is damaged: its list of users is unreadable.")


def _is_key(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _username(value, where: str) -> str:
    if isinstance(value, list | tuple) and len(value) == 1 and isinstance(value[0], str):
        return value[0]
    raise BackupError(f"The backup is damaged: {where} names a user as {value!r}.")


def restore_file(path: Path, **options) -> Restored:
    return restore(read_backup(path), **options)


def restore(data: dict, *, new_uuid: bool = False, owner: str | None = None) -> Restored:
    """Insert the backed-up strategy as new rows, all or nothing.

    The strategy keeps its UUID unless ``new_uuid`` (restore as a copy); a UUID
    that exists already is refused. Members are matched to users by username;
    those not found are left out (and named in the notes). ``owner`` names a user
    who becomes an owner, required when none of the strategy's owners is found.
    A backup of an earlier version is read as this version would write it.
    """
    data = upgrade(data)
    check(data)
    order = list(PARTS)
    records = sorted(data["objects"], key=lambda r: (order.index(r["model"]), r["pk"]))
    strategy_fields = records[0]["fields"]
    try:
        original_uuid = uuid.UUID(str(strategy_fields["uuid"]))
    except (KeyError, ValueError) as error:
        raise BackupError("The backup is damaged: the strategy has no valid UUID.") from error
    existing = Strategy.objects.filter(uuid=original_uuid).first()
    if existing and not new_uuid:
        raise BackupError(
            f"A strategy with the UUID {original_uuid} exists already (“{existing.name}”). "
            "Delete it first to restore this backup in its place, or restore a copy "
            "with --new-uuid."
        )
    strategy_uuid = uuid.uuid4() if new_uuid else original_uuid

    users = _find_users(records)
    emails = {user["username"]: user.get("email") or "" for user in data.get("users", [])}
    notes = _email_notes(users, emails)
    owner_user = _owner(records, users, owner)

    new_keys = {}
    cleared = Counter()
    left_out = []
    share_links = 0
    current = ""
    try:
        with transaction.atomic():
            for record in records:
                label = record["model"]
                current = f"{label} {record['pk']}"
                model = apps.get_model(label)
                fields = dict(record["fields"])
                unknown = set(fields) - _field_names(model)
                if unknown:
                    raise BackupError(
                        f"{current} has fields this version of Strategy Planner does not "
                        f"know: {', '.join(sorted(unknown))}."
                    )
                if label == MEMBERSHIP:
                    username = _username(fields.get("user"), current)
                    if username not in users:
                        left_out.append((username, fields.get("role")))
                        continue
                _link_users(model, fields, users, cleared, current)
                _link_rows(model, fields, new_keys, current)
                if label == STRATEGY:
                    fields["uuid"] = str(strategy_uuid)
                if label == SHARE_LINK:
                    fields["token"] = secrets.token_urlsafe(32)
                    fields["revoked_at"] = fields.get("revoked_at") or timezone.now()
                    share_links += 1
                (row,) = serializers.deserialize("python", [{"model": label, "fields": fields}])
                row.save()
                new_keys[label, record["pk"]] = row.object.pk
            strategy = Strategy.objects.get(uuid=strategy_uuid)
            if owner_user is not None:
                Membership.objects.update_or_create(
                    strategy=strategy, user=owner_user, defaults={"role": Role.OWNER}
                )
    except BackupError:
        raise
    except (
        DeserializationError,
        ValidationError,
        FieldDoesNotExist,
        DatabaseError,
        LookupError,
        TypeError,
        ValueError,
    ) as error:
        raise BackupError(
            f"The backup cannot be restored ({current}): {error}. Nothing was restored."
        ) from error

    for username, role in left_out:
        about = ", ".join(part for part in (emails.get(username), role) if part)
        notes.append(f"Left out member “{username}” ({about}): no user with that username here.")
    for username, count in sorted(cleared.items()):
        notes.append(
            f"Left {count} field(s) empty that named “{username}”{_email(emails, username)} "
            "as an owner or author: no user with that username here."
        )
    if owner_user is not None:
        notes.append(f"“{owner_user.get_username()}” is an owner of the restored strategy.")
    if share_links:
        notes.append(f"{share_links} share link(s) restored revoked; owners can hand out new ones.")
    return Restored(strategy=strategy, records=len(new_keys), notes=notes)


def _field_names(model) -> set[str]:
    concrete = {f.name for f in model._meta.concrete_fields if not f.primary_key}
    return concrete | {f.name for f in model._meta.many_to_many}


def _find_users(records) -> dict:
    """The users the records name that exist here, by username."""
    usernames = set()
    for record in records:
        model = apps.get_model(record["model"])
        for user_field in user_fields(model):
            value = record["fields"].get(user_field.name)
            if value is not None:
                usernames.add(_username(value, f"{record['model']} {record['pk']}"))
        for user_list in user_lists(model):
            for value in record["fields"].get(user_list.name) or []:
                usernames.add(_username(value, f"{record['model']} {record['pk']}"))
    user_model = get_user_model()
    found = user_model._default_manager.filter(**{f"{user_model.USERNAME_FIELD}__in": usernames})
    return {user.get_username(): user for user in found}


def _email(emails: dict, username: str) -> str:
    return f" ({emails[username]})" if emails.get(username) else ""


def _email_notes(users: dict, emails: dict) -> list[str]:
    notes = []
    for username, user in sorted(users.items()):
        here = getattr(user, user.get_email_field_name(), "") or ""
        there = emails.get(username, "")
        if here and there and here.casefold() != there.casefold():
            notes.append(
                f"User “{username}” has the e-mail {here} here, {there} in the backup: "
                "check that it is the same person."
            )
    return notes


def _owner(records, users: dict, owner: str | None):
    """The user named with --owner, or None; refuse when the strategy would have no owner."""
    if owner:
        user_model = get_user_model()
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: owner}).first()
        if user is None:
            raise BackupError(
                f"There is no user “{owner}” here to own the restored strategy. "
                "Create the account first, or name another with --owner."
            )
        return user
    owners = [
        _username(record["fields"].get("user"), f"{MEMBERSHIP} {record['pk']}")
        for record in records
        if record["model"] == MEMBERSHIP and record["fields"].get("role") == Role.OWNER
    ]
    if not any(username in users for username in owners):
        named = ", ".join(f"“{username}”" for username in owners) or "none"
        raise BackupError(
            f"None of the strategy's owners ({named}) has an account here, and a strategy "
            "needs one. Name an existing user to own it with --owner USERNAME."
        )
    return None


def _link_users(model, fields: dict, users: dict, cleared: Counter, where: str) -> None:
    """Point user fields at the users here with the same username, or leave them empty."""
    for user_field in user_fields(model):
        value = fields.get(user_field.name)
        if value is None:
            continue
        username = _username(value, where)
        if username in users:
            fields[user_field.name] = users[username].pk
        elif user_field.null:
            fields[user_field.name] = None
            cleared[username] += 1
        else:
            raise BackupError(f"{where} belongs to “{username}”, who has no account here.")
    for user_list in user_lists(model):
        values = fields.get(user_list.name) or []
        if not isinstance(values, list):
            raise BackupError(f"The backup is damaged: {where} has a broken {user_list.name} list.")
        found = [_username(value, where) for value in values]
        fields[user_list.name] = [users[name].pk for name in found if name in users]


def _link_rows(model, fields: dict, new_keys: dict, where: str) -> None:
    """Point foreign keys and many-to-many links at the rows restored before this one."""
    user_model = get_user_model()

    def new_key(target, value):
        label = target._meta.label_lower
        if label not in PARTS:
            raise BackupError(f"The backup is damaged: {where} points outside the strategy.")
        if not _is_key(value) or (label, value) not in new_keys:
            raise BackupError(
                f"The backup is damaged: {where} points to {label} {value!r}, "
                "which is not in the backup (or comes after it)."
            )
        return new_keys[label, value]

    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is not user_model and fields.get(f.name) is not None:
            fields[f.name] = new_key(f.related_model, fields[f.name])
    for f in model._meta.many_to_many:
        if f.name in fields and f.related_model is not user_model:
            values = fields[f.name]
            if not isinstance(values, list):
                raise BackupError(f"The backup is damaged: {where} has a broken {f.name} list.")
            fields[f.name] = [new_key(f.related_model, value) for value in values]
