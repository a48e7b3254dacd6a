import io
import json
import os
import re
import secrets
import subprocess
import sys
from collections import Counter
from dataclasses import asdict

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from psycopg import sql

from comments.models import Comment
from content_plan.models import CalendarFeed, ContentPiece
from report.document import build_document
from report.models import ShareLink
from starters.backup import FORMAT, LEFT_OUT, PARTS, SECRET_FIELDS, VERSION
from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from strategy_planner.models import Membership, Role, Strategy
from strategy_planner.people import display_name
from tests.factories import GoalFactory, StrategyFactory

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"


def document_content(document) -> dict:
    """What a document says, without the build date, the version counter and the
    primary keys a restore renews."""
    content = asdict(document)
    content.pop("generated")
    content["strategy"].pop("version")
    return _without_ids(content)


def _without_ids(value):
    """Without the rows' own keys; a key of another row (a budget line's paid
    platform, ``asset_id``) only says whether there is one."""
    if isinstance(value, dict):
        # Keys as text: the check-ins' versions are by month.
        return {
            str(key): (item is not None) if str(key).endswith("_id") else _without_ids(item)
            for key, item in value.items()
            if key != "id"
        }
    if isinstance(value, list | tuple):
        return [_without_ids(item) for item in value]
    return value


def as_json(content: dict) -> str:
    return json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)


def normalised(data: dict) -> list[dict]:
    """A backup's records, every primary key replaced by the row's place among its kind.

    Left out: the strategy's UUID (a copy has another) and when share links were
    revoked (a restore revokes them).
    """
    places = {}
    seen = Counter()
    for record in data["objects"]:
        places[record["model"], record["pk"]] = seen[record["model"]]
        seen[record["model"]] += 1
    user_model = get_user_model()

    def place(model, value):
        return places[model._meta.label_lower, value]

    result = []
    for record in data["objects"]:
        model = apps.get_model(record["model"])
        fields = dict(record["fields"])
        for field in model._meta.concrete_fields:
            value = fields.get(field.name)
            if field.is_relation and field.related_model is not user_model and value is not None:
                fields[field.name] = place(field.related_model, value)
        for field in model._meta.many_to_many:
            if field.related_model is user_model:  # by username
                fields[field.name] = sorted(v[0] for v in fields[field.name])
                continue
            fields[field.name] = sorted(place(field.related_model, v) for v in fields[field.name])
        if record["model"] == "strategy_planner.strategy":
            fields.pop("uuid")
        if record["model"] == "report.sharelink":
            fields.pop("revoked_at")
        result.append({"model": record["model"], "fields": fields})
    return result


def row_counts() -> dict:
    """How many rows every table a backup touches holds, many-to-many links included."""
    counts = {}
    for label in [*PARTS, *LEFT_OUT]:
        model = apps.get_model(label)
        counts[label] = model.objects.count()
        for field in model._meta.many_to_many:
            counts[f"{label}.{field.name}"] = field.remote_field.through.objects.count()
    return counts


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Strategy.objects.get(name=DEMO_STRATEGY_NAME)


def back_up(strategy, path) -> dict:
    call_command("backup_strategy", str(strategy.uuid), str(path), stdout=io.StringIO())
    return json.loads(path.read_text(encoding="utf-8"))


def restore(path, *args, capsys=None) -> str:
    call_command("restore_strategy", str(path), *args)
    return capsys.readouterr().out if capsys else ""


def roles(strategy) -> dict:
    return {m.user.username: m.role for m in strategy.memberships.select_related("user")}


def test_the_backup_covers_everything_a_strategy_owns():
    """Every row deleted with a strategy is backed up (or deliberately left out)."""
    owned = set()
    todo = [Strategy]
    while todo:
        model = todo.pop()
        for relation in model._meta.related_objects:
            if relation.on_delete is models.CASCADE and relation.related_model not in owned:
                owned.add(relation.related_model)
                todo.append(relation.related_model)
    labels = {model._meta.label_lower for model in owned}
    assert labels == set(PARTS) - {"strategy_planner.strategy"} | LEFT_OUT


def test_everything_a_row_points_to_is_restored_before_it():
    order = list(PARTS)
    user_model = get_user_model()
    for position, label in enumerate(order):
        model = apps.get_model(label)
        relations = [f for f in model._meta.concrete_fields if f.is_relation]
        for field in relations + list(model._meta.many_to_many):
            if field.related_model is user_model or field.name in SECRET_FIELDS.get(label, ()):
                continue  # a user is found by username; a field never written is not restored
            target = field.related_model._meta.label_lower
            assert order.index(target) < position, f"{label}.{field.name} → {target}"


def test_the_demo_strategy_survives_deletion_and_restore(demo, tmp_path, capsys):
    original = document_content(build_document(demo))
    team = roles(demo)
    link = demo.share_links.get()
    feed = CalendarFeed.objects.get(strategy=demo)
    path = tmp_path / "backup.json"

    data = back_up(demo, path)
    assert data["format"] == FORMAT
    assert data["version"] == VERSION
    assert {user["username"] for user in data["users"]} == set(team)
    text = path.read_text(encoding="utf-8")
    assert link.token not in text
    assert feed.token not in text

    uuid = demo.uuid
    demo.delete()
    assert not Strategy.objects.filter(uuid=uuid).exists()
    output = restore(path, capsys=capsys)

    restored = Strategy.objects.get(uuid=uuid)
    assert "Restored" in output
    assert document_content(build_document(restored)) == original
    assert roles(restored) == team
    # Every field of every row, not only what the document shows.
    again = back_up(restored, tmp_path / "again.json")
    assert normalised(again) == normalised(data)
    # No working secrets come back.
    restored_link = restored.share_links.get()
    assert restored_link.label == link.label
    assert restored_link.token != link.token
    assert not restored_link.is_usable
    assert not ShareLink.objects.usable().filter(strategy=restored).exists()
    assert not CalendarFeed.objects.filter(strategy=restored).exists()
    assert "share link(s) restored revoked" in output


def test_a_copy_restores_next_to_the_original(demo, tmp_path, capsys):
    original = document_content(build_document(demo))
    path = tmp_path / "backup.json"
    data = back_up(demo, path)
    # Other data takes further primary keys meanwhile.
    GoalFactory(strategy=StrategyFactory())

    output = restore(path, "--new-uuid", capsys=capsys)

    copy = Strategy.objects.exclude(pk=demo.pk).get(name=demo.name)
    assert copy.uuid != demo.uuid
    assert "Restored" in output and str(copy.uuid) in output
    assert document_content(build_document(copy)) == original
    assert document_content(build_document(demo)) == original
    assert roles(copy) == roles(demo)
    assert normalised(back_up(copy, tmp_path / "copy.json")) == normalised(data)
    assert demo.share_links.get().is_usable  # the original's link is untouched
    assert not set(copy.goals.values_list("pk", flat=True)) & set(
        demo.goals.values_list("pk", flat=True)
    )


def test_a_strategy_that_exists_is_not_restored_over(demo, tmp_path):
    path = tmp_path / "backup.json"
    back_up(demo, path)
    before = row_counts()

    with pytest.raises(CommandError, match=r"exists already.*--new-uuid"):
        restore(path)

    assert row_counts() == before


def _damage_last(kind: str, field: str, value):
    def damage(data):
        record = [r for r in data["objects"] if r["model"] == kind][-1]
        record["fields"][field] = value
        return json.dumps(data)

    return damage


def _replace(**changes):
    return lambda data: json.dumps({**data, **changes})


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(lambda data: json.dumps(data)[:-200], "invalid JSON", id="truncated"),
        pytest.param(lambda data: "<html>Not found</html>", "invalid JSON", id="not-json"),
        pytest.param(lambda data: b"\xff\xfe\x00", "not UTF-8", id="not-text"),
        pytest.param(lambda data: json.dumps([data]), "not a Strategy Planner backup", id="list"),
        pytest.param(_replace(format="other"), "not a Strategy Planner backup", id="format"),
        pytest.param(_replace(version=VERSION + 1), "reads versions 1 to 2", id="newer-version"),
        pytest.param(_replace(objects={}), "no list of objects", id="no-objects"),
        pytest.param(
            lambda data: json.dumps({**data, "objects": data["objects"][1:]}),
            "0 strategies",
            id="no-strategy",
        ),
        pytest.param(
            lambda data: json.dumps({**data, "objects": [*data["objects"], {"model": "x"}]}),
            "is not one it can hold",
            id="unknown-model",
        ),
        # Damage late in the file: many rows are written before the restore fails.
        pytest.param(
            _damage_last("report.coherentaction", "goals", [999999]),
            "points to strategy_planner.goal 999999",
            id="missing-goal",
        ),
        pytest.param(
            _damage_last("report.sharelink", "expires_at", "next Tuesday"),
            "invalid format",
            id="bad-date",
        ),
        pytest.param(
            _damage_last("report.sharelink", "colour", "red"),
            "does not know: colour",
            id="unknown-field",
        ),
    ],
)
def test_a_damaged_or_foreign_file_is_refused_and_nothing_written(demo, tmp_path, damage, message):
    data = back_up(demo, tmp_path / "backup.json")
    demo.delete()
    before = row_counts()
    path = tmp_path / "damaged.json"
    damaged = damage(data)
    if isinstance(damaged, str):
        damaged = damaged.encode()
    path.write_bytes(damaged)

    with pytest.raises(CommandError, match=re.escape(message)):
        restore(path)

    assert row_counts() == before


def test_members_without_an_account_are_left_out_and_reported(demo, tmp_path, capsys):
    path = tmp_path / "backup.json"
    back_up(demo, path)
    owned_by_ioana = set(
        demo.content_pieces.filter(owner__username="ioana").values_list("title", flat=True)
    )
    assert owned_by_ioana
    assets = demo.assets.filter(owner__username="ioana").count()
    actions = demo.actions.filter(owner__username="ioana").count()
    comments = Comment.objects.filter(thread__strategy=demo, author__username="ioana").count()
    assert comments
    uuid = demo.uuid
    demo.delete()
    get_user_model().objects.filter(username="ioana").delete()

    output = restore(path, capsys=capsys)

    restored = Strategy.objects.get(uuid=uuid)
    assert "ioana" not in roles(restored)
    assert roles(restored)["demo"] == Role.OWNER
    assert "Left out member “ioana” (ioana@example.com, editor)" in output
    named = len(owned_by_ioana) + assets + actions + comments
    assert f"Left {named} field(s) empty that named “ioana”" in output
    pieces = ContentPiece.objects.filter(strategy=restored, title__in=owned_by_ioana)
    assert pieces.count() == len(owned_by_ioana)
    assert not pieces.exclude(owner=None).exists()
    assert not restored.actions.filter(owner__username="ioana").exists()


def test_without_any_owner_here_the_restore_needs_one(demo, tmp_path, capsys):
    path = tmp_path / "backup.json"
    back_up(demo, path)
    uuid = demo.uuid
    demo.delete()
    get_user_model().objects.filter(username="demo").delete()
    before = row_counts()

    with pytest.raises(CommandError, match=r"owners \(“demo”\).*--owner USERNAME"):
        restore(path)
    with pytest.raises(CommandError, match="no user “nobody” here"):
        restore(path, "--owner", "nobody")
    assert row_counts() == before

    output = restore(path, "--owner", "manager", capsys=capsys)

    restored = Strategy.objects.get(uuid=uuid)
    assert roles(restored) == {"ioana": Role.EDITOR, "reza": Role.EDITOR, "manager": Role.OWNER}
    assert "“manager” is an owner" in output
    assert Membership.objects.get(strategy=restored, user__username="manager").is_last_owner()


# Into the other database engine


@pytest.fixture
def other_database(tmp_path):
    """The URL of a fresh, empty database on the engine the suite does not run on."""
    if connection.vendor == "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    try:
        server = psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        message = f"PostgreSQL is not reachable at {POSTGRES_SERVER}: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    name = f"sp_restore_{secrets.token_hex(6)}"
    with server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield f"{POSTGRES_SERVER}/{name}"
        finally:
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def manage(database_url: str, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


CREATE_USERS = """
from django.contrib.auth import get_user_model
from strategy_planner.models import Profile
for username, name in {people!r}:
    user = get_user_model().objects.create_user(username, f"{{username}}@example.com")
    Profile.objects.create(user=user, display_name=name)
"""

PRINT_DOCUMENT = """
from strategy_planner.models import Strategy
from report.document import build_document
from tests.starters.test_backup import as_json, document_content
print(as_json(document_content(build_document(Strategy.objects.get(uuid="{uuid}")))))
"""


def test_a_backup_restores_into_the_other_database_engine(demo, tmp_path, other_database):
    original = json.loads(as_json(document_content(build_document(demo))))
    path = tmp_path / "backup.json"
    data = back_up(demo, path)
    # A backup names people by username; their accounts (and the names they go by,
    # which the document shows) are there already.
    usernames = sorted(user["username"] for user in data["users"])
    people = [
        (username, display_name(get_user_model().objects.get(username=username)))
        for username in usernames
    ]

    manage(other_database, "migrate", "--noinput", "-v", "0")
    manage(other_database, "shell", "-v", "0", "-c", CREATE_USERS.format(people=people))
    output = manage(other_database, "restore_strategy", str(path))
    assert f"as {demo.uuid}" in output
    printed = manage(
        other_database, "shell", "-v", "0", "-c", PRINT_DOCUMENT.format(uuid=demo.uuid)
    )
    again = tmp_path / "again.json"
    manage(other_database, "backup_strategy", str(demo.uuid), str(again))

    assert json.loads(printed.strip().splitlines()[-1]) == original
    assert normalised(json.loads(again.read_text(encoding="utf-8"))) == normalised(data)
