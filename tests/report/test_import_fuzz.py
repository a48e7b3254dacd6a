"""Random and mutated workbooks thrown at the import.

Whatever the file holds, the import answers with a message and never with an
error page; the preview writes nothing; applying writes every change or, when
anything fails half-way, none. Hypothesis runs derandomized (the same
examples on every run) and keeps no example database, so CI is repeatable.
"""

import contextlib
import datetime
import io
import zipfile
from functools import cache

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assets.models import KINDS_BY_MEDIA_TYPE, Asset, Kind, MediaType, Platform
from content_plan.models import (
    ContentFormat,
    ContentPiece,
    FunnelStage,
    Priority,
    Production,
    Status,
)
from report.document import build_document
from report.xlsx import INVENTORY_COLUMNS, PLAN_COLUMNS, strategy_workbook
from report.xlsx_import import (
    ImportRefused,
    apply_import,
    plan_as_data,
    plan_import,
)
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    StrategyFactory,
)

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
COLUMNS = {"content_plan": PLAN_COLUMNS, "inventory": INVENTORY_COLUMNS}
SHEETS = {"content_plan": "Content plan", "inventory": "Inventory"}
REQUIRED = {"content_plan": ("title",), "inventory": ("name", "media_label", "kind")}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FAILURES = st.sampled_from([None, 1, 2, 3, 4, 5])  # which write fails, if one does


class Injected(Exception):
    """A failure made to happen in the middle of applying."""


@contextlib.contextmanager
def rolled_back():
    """Every example starts from the same strategy."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextlib.contextmanager
def failing_write(number: int | None):
    """Make the number-th INSERT, UPDATE or DELETE fail (None: let every one through)."""
    writes = []

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(sql)
            if len(writes) == number:
                raise Injected(f"write {number} failed")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield writes


def upload(data: bytes, name: str = "plan.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def to_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot(strategy) -> dict:
    """Everything an import could change, to compare before and after."""
    links = ContentPiece.promotion_channels.through.objects
    goals = Asset.goals.through.objects
    return {
        "pieces": {
            row["id"]: row for row in ContentPiece.objects.filter(strategy=strategy).values()
        },
        "assets": {row["id"]: row for row in Asset.objects.filter(strategy=strategy).values()},
        "channels": sorted(
            links.filter(contentpiece__strategy=strategy).values_list("contentpiece_id", "asset_id")
        ),
        "goals": sorted(goals.filter(asset__strategy=strategy).values_list("asset_id", "goal_id")),
    }


@cache
def headers_in_every_language(kind: str) -> dict[str, list[str]]:
    """Column key → its header in English, Persian and Romanian."""
    found = {}
    for column in COLUMNS[kind]:
        labels = []
        for code in ("en", "fa", "ro"):
            with translation.override(code):
                labels.append(str(column.header))
        found[column.key] = labels
    return found


def labels(choices) -> list[str]:
    found = []
    for code in ("en", "fa", "ro"):
        with translation.override(code):
            found += [str(label) for label in choices.labels]
    return found


# Cell values ------------------------------------------------------------------

persian = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی ۰۱۲۳۴۵۶۷۸۹\u200c\u200f", max_size=30)
romanian = st.text(alphabet="ăâîșțĂÂÎȘȚşţabcdefgh -", max_size=30)
emoji = st.sampled_from(["☕", "🚀🔥", "👩🏽‍💻", "🇷🇴", "👨‍👩‍👧‍👦 family", "\u200d", "x\ufe0f"])
awkward = st.sampled_from(
    [
        "",
        " ",
        "=1+1",
        '=HYPERLINK("http://evil","x")',
        "+1",
        "-",
        "@cmd",
        "NaN",
        "nan",
        "sNaN",
        "inf",
        "-inf",
        "Infinity",
        "1e400",
        "-1e400",
        "1E-400",
        "-5",
        "0",
        "00012",
        "12.0",
        " 12 ",
        "1,5",
        "1.000,50",
        "1 000",
        "۱۲",
        "²",
        "٣",
        "½",
        "9" * 30,
        "9" * 5000,
        "2027-13-45",
        "2027-02-30",
        "31/12/2027",
        "0000-00-00",
        "True",
        "#DIV/0!",
        "#N/A",
        "%(name)s",
        "%s %d",
        "{}",
        "<script>alert(1)</script>",
        "a, b,, ,c",
        "\t\r\n",
        "line\nbreak",
        "\u202eevil",
        "\ufeffbom",
        "x" * 301,
        "y" * 40_000,
        "javascript:alert(1)",
        "https://example.com/" + "a" * 600,
    ]
)
wild = st.one_of(
    st.none(),
    st.text(max_size=40),
    persian,
    romanian,
    emoji,
    awkward,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(9999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 1, 1)),
    st.times(),
)


def good_values(kind: str, stock) -> dict:
    """Column key → values a careful editor would type, so that many rows get through."""
    money = st.decimals(min_value=0, max_value=10**6, places=2).map(float)
    text = st.one_of(st.text(min_size=1, max_size=30), persian, romanian).filter(str.strip)
    when = st.dates(min_value=datetime.date(2027, 1, 1), max_value=datetime.date(2027, 12, 31))
    common = {
        "owner": st.sampled_from(stock["users"] + [""]),
    }
    if kind == "content_plan":
        return common | {
            "title": text,
            "format": st.sampled_from(labels(ContentFormat)),
            "persona": st.sampled_from(stock["personas"] + [""]),
            "stage": st.sampled_from([*labels(FunnelStage), ""]),
            "goal": st.sampled_from(stock["goals"] + [""]),
            "channels": st.lists(st.sampled_from(stock["assets"]), max_size=3).map(", ".join),
            "reason": text,
            "priority": st.sampled_from(labels(Priority)),
            "production": st.sampled_from(labels(Production)),
            "hours": st.one_of(st.none(), st.decimals(min_value=0, max_value=999, places=1)),
            "budget": st.one_of(st.none(), money),
            "due_date": st.one_of(st.none(), when),
            "publish_date": st.one_of(
                st.none(), when.map(lambda d: datetime.datetime(*d.timetuple()[:3]))
            ),
            "status": st.sampled_from(labels(Status)),
        }
    return common | {
        "name": text,
        "media_label": st.sampled_from(labels(MediaType)),
        "kind": st.sampled_from(labels(Kind)),
        "platform": st.sampled_from(labels(Platform)),
        "url": st.sampled_from(["", "https://example.com", "example.org/shop"]),
        "visits": st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
        "leads": st.one_of(st.none(), st.integers(min_value=0, max_value=10**4)),
        "conversions": st.one_of(st.none(), st.integers(min_value=0, max_value=10**3)),
        "revenue": st.one_of(st.none(), money),
        "spend": st.one_of(st.none(), money),
        "why_it_works": text,
        "decision": st.sampled_from(["", "Keep", "Drop"]),
        "decision_reason": text,
    }


@st.composite
def header_rows(draw, kind: str):
    """A header row: known headers in any language and order, unknown ones, duplicates, gaps."""
    known = headers_in_every_language(kind)
    keys = draw(st.lists(st.sampled_from(sorted(known)), max_size=len(known) + 3))
    for key in REQUIRED[kind]:  # most sheets have what an import needs, so rows get checked
        if key not in keys and draw(st.integers(min_value=0, max_value=7)):
            keys.insert(draw(st.integers(min_value=0, max_value=len(keys))), key)
    headers = []
    for key in keys:
        header = draw(st.sampled_from(known[key]))
        header = draw(st.sampled_from([header, header.upper(), f"  {header} ", header.lower()]))
        headers.append(header)
    noise = st.one_of(st.none(), st.just(""), st.text(max_size=12), st.integers(), persian)
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        headers.insert(draw(st.integers(min_value=0, max_value=len(headers))), draw(noise))
    return headers


def id_values(stock) -> st.SearchStrategy:
    own = stock["own_ids"]["content_plan"] + stock["own_ids"]["inventory"]
    return st.one_of(
        st.none(),
        st.sampled_from(own),
        st.sampled_from(own).map(float),
        st.sampled_from(own).map(lambda pk: f" {pk} "),
        st.sampled_from(own).map(lambda pk: str(pk).translate(PERSIAN_DIGITS)),
        st.sampled_from(stock["foreign_ids"]),
        st.sampled_from(["²", "٣²", "9" * 19, "9" * 5000, "-1", "1.5", "0x10", "1e3", "1_000"]),
        st.integers(min_value=-5, max_value=10**19),
        st.floats(allow_nan=True, allow_infinity=True),
        awkward,
        st.text(max_size=8),
    )


def label_of(choices, value) -> st.SearchStrategy:
    """The label of a choice, in any of the languages, in any case."""
    found = []
    for code in ("en", "fa", "ro"):
        with translation.override(code):
            found.append(str(choices(value).label))
    return st.sampled_from([*found, found[0].upper(), value])


@st.composite
def careful_row(draw, kind: str, stock) -> dict:
    """Column key → value, for a row that breaks none of the rules."""
    values = {key: draw(strategy) for key, strategy in good_values(kind, stock).items()}
    money = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=2))
    if kind == "content_plan":
        production = draw(st.sampled_from(Production.values))
        values["production"] = draw(label_of(Production, production))
        in_house = production == Production.IN_HOUSE
        values["hours"] = (
            draw(st.decimals(min_value=0, max_value=999, places=1)) if in_house else None
        )
        values["budget"] = None if in_house else draw(money)
        if values["due_date"] and values["publish_date"]:
            values["due_date"] = min(values["due_date"], values["publish_date"].date())
    else:
        media = draw(st.sampled_from(MediaType.values))
        values["media_label"] = draw(label_of(MediaType, media))
        values["kind"] = draw(label_of(Kind, draw(st.sampled_from(KINDS_BY_MEDIA_TYPE[media]))))
        values["spend"] = draw(money) if media == MediaType.PAID else None
    return values


@st.composite
def sheet_rows(draw, kind: str, headers: list, stock):
    """Rows under those headers: mostly careful ones, some with anything at all in them."""
    known = {}
    for key, names in headers_in_every_language(kind).items():
        for name in names:
            known[name.casefold()] = key
    keys = [known.get(str(header).strip().casefold()) for header in headers]
    own = stock["own_ids"][kind]
    wild_ids = id_values(stock)
    rows, used = [], set()
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        careful = draw(st.integers(min_value=0, max_value=4)) > 0
        values = draw(careful_row(kind, stock)) if careful else {}
        row = []
        for key in keys:
            if key == "id":
                pk = draw(st.sampled_from([None, *own]) if careful else wild_ids)
                row.append(None if careful and pk in used else pk)
                used.add(pk)
            elif key in values:
                row.append(values[key])
            else:
                row.append(draw(wild))
        if not careful:  # rows shorter or longer than the header
            width = draw(st.integers(min_value=-2, max_value=2))
            row = row[: len(row) + width] if width < 0 else row + [draw(wild)] * width
        rows.append(row)
    return rows


def write_value(cell, value):
    """Put a value in a cell as a spreadsheet program might have left it."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    try:
        cell.value = value
    except (ValueError, TypeError):  # what openpyxl itself will not write
        cell.value = str(value)


def workbook_bytes(kind: str, headers: list, rows: list, title: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title or SHEETS[kind]
    for number, header in enumerate(headers, start=1):
        write_value(sheet.cell(row=1, column=number), header)
    for row_number, values in enumerate(rows, start=2):
        for number, value in enumerate(values, start=1):
            write_value(sheet.cell(row=row_number, column=number), value)
    return to_bytes(book)


# Fixtures ---------------------------------------------------------------------


@pytest.fixture
def stock(team):
    """A strategy with something of everything, and another one beside it."""
    strategy = team.strategy
    personas = [
        BuyerPersonaFactory(strategy=strategy, name=name)
        for name in ("Home-brew Hannah", "مریم قهوه‌دوست", "Ștefan")
    ]
    goals = [
        GoalFactory(strategy=strategy, marketing_goal=name) for name in ("More leads", "Vânzări")
    ]
    assets = [
        AssetFactory(strategy=strategy, name="Newsletter", media_type="owned", kind="email_list"),
        AssetFactory(strategy=strategy, name="Google reviews"),
        AssetFactory(
            strategy=strategy, name="اینستاگرام", media_type="paid", kind="paid_social", spend=90
        ),
    ]
    assets[0].goals.add(goals[0])
    pieces = [
        ContentPieceFactory(strategy=strategy, title="Grind guide", persona=personas[0], hours=10),
        ContentPieceFactory(
            strategy=strategy, title="Gift guide", production="outsourced", hours=None, budget=3800
        ),
        ContentPieceFactory(
            strategy=strategy, title="راهنمای دم‌آوری", goal=goals[1], owner=team.editor
        ),
    ]
    pieces[0].promotion_channels.add(assets[0], assets[2])
    other = StrategyFactory()
    foreign = [
        ContentPieceFactory(strategy=other).pk,
        AssetFactory(strategy=other).pk,
    ]
    return {
        "team": team,
        "strategy": strategy,
        "other": other,
        "personas": [p.name for p in personas],
        "goals": [g.marketing_goal for g in goals],
        "assets": [a.name for a in assets],
        "users": ["owner", "editor", "viewer", "EDITOR"],
        "own_ids": {"content_plan": [p.pk for p in pieces], "inventory": [a.pk for a in assets]},
        "foreign_ids": foreign,
    }


@pytest.fixture
def exported(stock) -> bytes:
    return strategy_workbook(build_document(stock["strategy"]))


@pytest.fixture
def sheets(exported) -> dict[str, bytes]:
    """Kind → the export with only that kind's sheet: quicker to open and save for every example."""
    found = {}
    for kind, title in SHEETS.items():
        book = openpyxl.load_workbook(io.BytesIO(exported))
        for sheet in book.worksheets:
            if sheet.title != title:
                book.remove(sheet)
        found[kind] = to_bytes(book)
    return found


# (a) Bytes that are barely, or not at all, a workbook ------------------------------


def assert_answered(strategy, data: bytes, kind: str, name: str = "plan.xlsx"):
    """plan_import returns a plan or refuses with a message; it writes nothing either way."""
    before = snapshot(strategy)
    try:
        plan = plan_import(strategy, upload(data, name), kind)
    except ImportRefused as refused:
        assert str(refused).strip()
        event(f"refused: {refused}"[:60])
        plan = None
    else:
        event(f"plan: {bool(plan.errors)=} {plan.can_apply=}")
        assert all(error.message.strip() for error in plan.errors)
    assert snapshot(strategy) == before
    return plan


@FUZZ
@given(data=st.binary(max_size=3000), kind=st.sampled_from(sorted(COLUMNS)))
def test_random_bytes_are_refused_with_a_message(stock, data, kind):
    assert_answered(stock["strategy"], data, kind)


@FUZZ
@given(
    cut=st.integers(min_value=0, max_value=100_000),
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=100_000), st.integers(0, 7)), max_size=4
    ),
    kind=st.sampled_from(sorted(COLUMNS)),
)
def test_truncated_and_bit_flipped_exports(stock, exported, cut, flips, kind):
    data = bytearray(exported[: max(cut, 30)] if cut < len(exported) else exported)
    for position, bit in flips:
        data[position % len(data)] ^= 1 << bit
    assert_answered(stock["strategy"], bytes(data), kind)


@st.composite
def damaged_members(draw, exported: bytes):
    """The export with one file inside the zip damaged: the zip itself stays sound."""
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    sheets = sorted(name for name in members if name.startswith("xl/worksheets/sheet"))
    name = draw(st.one_of(st.sampled_from(sheets), st.sampled_from(sorted(members))))
    content = bytearray(members[name])
    how = draw(st.sampled_from(["cut", "flip", "insert", "replace", "replace", "drop"]))
    at = draw(st.integers(min_value=0, max_value=max(len(content) - 1, 0)))
    if how == "cut":
        content = content[:at]
    elif how == "flip" and content:
        content[at] ^= 1 << draw(st.integers(0, 7))
    elif how == "insert":
        junk = draw(
            st.sampled_from(
                [
                    b"<",
                    b"&",
                    b"\x00",
                    b"<row r='1'>",
                    b"\xff\xfe",
                    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
                ]
            )
        )
        content[at:at] = junk
    elif how == "replace":  # well-formed XML that says something odd
        old, new = draw(
            st.sampled_from(
                [
                    (b"<v>", b"<v>nan"),
                    (b"<v>", b"<v>x"),
                    (b"<v>", b"<v>-"),
                    (b't="s"', b't="n"'),
                    (b't="n"', b't="b"'),
                    (b't="n"', b't="d"'),
                    (b't="n"', b't="e"'),
                    (b'r="A', b'r="XFD'),
                    (b'<c r="B', b'<c r="A'),
                    (b'<row r="2"', b'<row r="1048576"'),
                    (b'<row r="3"', b'<row r="2"'),
                    (b's="1"', b's="999"'),
                    (b'<dimension ref="', b'<dimension ref="A1:XFD1048576 '),
                ]
            )
        )
        content = bytearray(bytes(content).replace(old, new, draw(st.sampled_from([1, -1]))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            if how == "drop" and member == name:
                continue
            archive.writestr(member, bytes(content) if member == name else data)
    return buffer.getvalue()


@FUZZ
@given(data=st.data(), kind=st.sampled_from(sorted(COLUMNS)))
def test_exports_with_a_damaged_part(stock, exported, data, kind):
    assert_answered(stock["strategy"], data.draw(damaged_members(exported)), kind)


# (b) Workbooks that open fine but hold anything at all --------------------------


def check_apply(strategy, plan, fail_at):
    """Apply a plan: with a failure injected, nothing changes; without, all of it is there."""
    before = snapshot(strategy)
    plan_data = plan_as_data(plan)
    with failing_write(fail_at) as writes:
        try:
            done = apply_import(strategy, plan_data)
        except Injected:
            event("apply: failure injected")
            assert snapshot(strategy) == before
            return False
    event(f"apply: written, {len(writes)} writes, failure at {fail_at}")
    if plan.creates or plan.updates or plan.deletes:
        assert writes, "an import that has something to write writes it"
    after = snapshot(strategy)
    part = "pieces" if plan.kind == "content_plan" else "assets"
    assert done == {
        "created": len(plan.creates),
        "updated": len(plan.updates),
        "deleted": len(plan.deletes),
        "kept": len(plan.conflicts),  # none chosen: rows changed since are left alone
    }
    assert len(after[part]) == len(before[part]) + len(plan.creates) - len(plan.deletes)
    touched = {item["id"] for item in plan.updates} | set(plan.deletes)
    for pk, row in before[part].items():
        if pk not in touched:
            assert after[part][pk] == row  # rows the file leaves alone are left alone
    assert not set(plan.deletes) & set(after[part])
    for item in plan.updates:  # changed, and counted as a save (version, updated_at)
        assert after[part][item["id"]] != before[part][item["id"]]
    return True


def assert_all_there(strategy, data: bytes, kind: str):
    """Importing the same file again finds nothing left to change in the rows with an ID."""
    again = plan_import(strategy, upload(data), kind)
    assert again.errors == []
    assert again.updates == []


@FUZZ
@given(data=st.data(), kind=st.sampled_from(sorted(COLUMNS)))
def test_random_workbooks_apply_all_or_nothing(stock, data, kind):
    strategy = stock["strategy"]
    headers = data.draw(header_rows(kind), label="headers")
    rows = data.draw(sheet_rows(kind, headers, stock), label="rows")
    title = data.draw(st.sampled_from([None, "Sheet", "فهرست", "x" * 31]), label="sheet")
    workbook = workbook_bytes(kind, headers, rows, title)
    delete_missing = data.draw(st.booleans(), label="delete_missing")
    fail_at = data.draw(FAILURES, label="fail")
    with rolled_back():
        before, beside = snapshot(strategy), snapshot(stock["other"])
        try:
            plan = plan_import(strategy, upload(workbook), kind, delete_missing)
        except ImportRefused as refused:
            assert str(refused).strip()
            event(f"refused: {refused}"[:60])
            assert snapshot(strategy) == before
            return
        event(f"plan: {bool(plan.errors)=} {plan.can_apply=}")
        assert snapshot(strategy) == before  # the preview writes nothing
        assert all(error.message.strip() and error.row >= 2 for error in plan.errors)
        if plan.errors:
            assert not plan.can_apply
        if plan.can_apply and check_apply(strategy, plan, fail_at) and not delete_missing:
            assert_all_there(strategy, workbook, kind)
        assert snapshot(stock["other"]) == beside  # IDs of another strategy are never written


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_edited_exports_apply_all_or_nothing(stock, sheets, data):
    """The realistic case: the team's own export, with some cells changed and rows added."""
    strategy = stock["strategy"]
    kind = data.draw(st.sampled_from(sorted(COLUMNS)), label="kind")
    book = openpyxl.load_workbook(io.BytesIO(sheets[kind]))
    sheet = book[SHEETS[kind]]
    headers = [cell.value for cell in sheet[1]]
    good = good_values(kind, stock)
    keys = {}
    for key, names in headers_in_every_language(kind).items():
        for name in names:
            keys[name] = key
    for _ in range(data.draw(st.integers(min_value=0, max_value=6), label="edits")):
        row = data.draw(st.integers(min_value=2, max_value=sheet.max_row + 1), label="row")
        column = data.draw(st.integers(min_value=2, max_value=len(headers)), label="column")
        key = keys.get(headers[column - 1])
        value = data.draw(good.get(key, wild), label=f"value for {key}")
        write_value(sheet.cell(row=row, column=column), value)
    workbook = to_bytes(book)
    fail_at = data.draw(FAILURES, label="fail")
    with rolled_back():
        plan = assert_answered(strategy, workbook, kind)
        if plan is not None and plan.can_apply and check_apply(strategy, plan, fail_at):
            assert_all_there(strategy, workbook, kind)


# (c) Through the pages ------------------------------------------------------------


@st.composite
def uploads(draw, exported: bytes, stock):
    kind = draw(st.sampled_from(sorted(COLUMNS)))
    source = draw(st.sampled_from(["bytes", "damaged", "random", "export"]))
    if source == "bytes":
        data = draw(st.binary(max_size=500))
    elif source == "damaged":
        data = draw(damaged_members(exported))
    elif source == "random":
        headers = draw(header_rows(kind))
        data = workbook_bytes(kind, headers, draw(sheet_rows(kind, headers, stock)))
    else:
        data = exported
    name = draw(
        st.sampled_from(
            [
                "plan.xlsx",
                "PLAN.XLSX",
                "plan.xls",
                "plan.csv",
                "x" * 300 + ".xlsx",
                "../../etc.xlsx",
                "برنامه.xlsx",
                "plan",
                "plan.xlsx.exe",
            ]
        )
    )
    return kind, data, name


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_every_upload_gets_a_page_with_a_message(stock, exported, client_for, data):
    strategy = stock["strategy"]
    client = client_for(stock["team"].editor)
    url = reverse("report:import", args=[strategy.uuid])
    kind, content, name = data.draw(uploads(exported, stock), label="upload")
    form = {
        "kind": data.draw(st.sampled_from([kind, kind, "", "both", "inventory; drop table"])),
        "file": upload(content, name),
    }
    if data.draw(st.booleans(), label="delete_missing"):
        form["delete_missing"] = "on"
    with rolled_back():
        before = snapshot(strategy)
        response = client.post(url, form)
        assert response.status_code in (200, 400)
        assert snapshot(strategy) == before
        page_form, preview = response.context["form"], response.context["preview"]
        if preview is None:
            assert page_form.errors, "no preview, so the form says why"
            assert all(
                str(message).strip()
                for messages in page_form.errors.values()
                for message in messages
            )
            return
        assert "import-summary" in response.text
        for row in preview.rows:  # the first page's
            assert row.kind != "error" or f"Row {row.row}" in response.text
        token = response.context["token"]
        if token is None:
            return
        done = client.post(reverse("report:import_apply", args=[strategy.uuid]), {"token": token})
        assert done.status_code == 302
        assert list(get_messages(done.wsgi_request)), "applying says what it did"
