"""The rules an imported row is held to, cell by cell, as the person importing sees
them: what the preview says happens to each row (new, changed, changed in the app
since the export, unchanged, an error), the message shown next to the column, and
the rows saved once the import is applied, with nothing else lost."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.models import Asset
from content_plan.models import ContentPiece
from report.xlsx_import import (
    ImportRefused,
    apply_import,
    plan_as_data,
    plan_import,
    preview_page,
)
from strategy_planner import activity
from strategy_planner.models import Edit
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    StrategyFactory,
)


def upload(*rows) -> SimpleUploadedFile:
    """A workbook of one sheet: a header row, then the rows as given."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


def preview(strategy, *rows, kind="content_plan", delete_missing=False):
    return plan_import(strategy, upload(*rows), kind, delete_missing=delete_missing)


def shown(strategy, plan) -> list[tuple]:
    """The preview's first page as the person importing reads it: each row's kind, its
    row in the sheet, its name, and its errors (column, message) or its fields
    (column, now, after)."""
    page = preview_page(strategy, plan_as_data(plan), 1)
    return [
        (
            row.kind,
            row.row,
            row.name,
            [(error["column"], error["message"]) for error in row.errors]
            or [(f["header"], f["old"], f["new"]) for f in row.fields],
        )
        for row in page.rows
    ]


def counts(strategy, plan) -> dict:
    return preview_page(strategy, plan_as_data(plan), 1).counts


def errors(plan) -> list[tuple]:
    return [(error.row, error.column, error.message) for error in plan.errors]


def apply(strategy, plan, chosen=()):
    return apply_import(strategy, plan_as_data(plan), chosen)


@pytest.fixture
def stock(team):
    """A strategy with a persona, a goal, two channels and two pieces, and another
    strategy beside it with a piece of its own."""
    strategy = team.strategy
    hannah = BuyerPersonaFactory(strategy=strategy, name="Home-brew Hannah")
    GoalFactory(strategy=strategy, marketing_goal="More leads")
    newsletter = AssetFactory(
        strategy=strategy, name="Newsletter", media_type="owned", kind="email_list"
    )
    reviews = AssetFactory(strategy=strategy, name="Google reviews")
    grind = ContentPieceFactory(
        strategy=strategy,
        title="Grind guide",
        persona=hannah,
        stage="awareness",
        hours=10,
        publish_date=datetime.date(2027, 1, 14),
        status="idea",
    )
    grind.promotion_channels.add(newsletter, reviews)
    ContentPieceFactory(
        strategy=strategy,
        title="Gift guide",
        production="outsourced",
        hours=None,
        budget=3800,
        publish_date=datetime.date(2027, 11, 15),
    )
    other = StrategyFactory()
    ContentPieceFactory(strategy=other, title="Someone else's piece")
    return team


def grind_of(team) -> ContentPiece:
    return ContentPiece.objects.get(strategy=team.strategy, title="Grind guide")


def described(piece: ContentPiece) -> dict:
    """A saved piece as its edit page shows it."""
    return {
        "title": piece.title,
        "format": piece.format,
        "persona": piece.persona.name if piece.persona else None,
        "goal": piece.goal.marketing_goal if piece.goal else None,
        "stage": piece.stage,
        "channels": sorted(channel.name for channel in piece.promotion_channels.all()),
        "reason": piece.reason,
        "priority": piece.priority,
        "production": piece.production,
        "hours": None if piece.hours is None else str(piece.hours),
        "budget": None if piece.budget is None else str(piece.budget),
        "owner": piece.owner.username if piece.owner else None,
        "due_date": piece.due_date and piece.due_date.isoformat(),
        "publish_date": piece.publish_date and piece.publish_date.isoformat(),
        "status": piece.status,
    }


NEW_PIECE = {  # a title alone: what the add page saves
    "title": "Cold brew",
    "format": "blog_post",
    "persona": None,
    "goal": None,
    "stage": "",
    "channels": [],
    "reason": "",
    "priority": "medium",
    "production": "in_house",
    "hours": None,
    "budget": None,
    "owner": None,
    "due_date": None,
    "publish_date": None,
    "status": "idea",
}


def saved_row(piece, header, cell, version=...) -> tuple[list, list]:
    """A header row and a row for a saved piece: its ID, its version (its edit version
    unless given), its title, and the one cell."""
    headers = ["ID", "Version", "Title"]
    row = [piece.pk, piece.edit_version if version is ... else version, piece.title]
    if header == "Title":
        return headers, [*row[:2], cell]
    return [*headers, header], [*row, cell]


# A new row: each cell read as the edit page reads what is typed -------------------------


@pytest.mark.parametrize(
    ("header", "cell", "saved"),
    [
        ("Title", "  Cold brew  ", {"title": "Cold brew"}),
        ("Title", 2027.0, {"title": "2027"}),
        ("Title", 2.5, {"title": "2.5"}),
        ("Why it is made", 12, {"reason": "12"}),
        ("Why it is made", "  For the gift season ", {"reason": "For the gift season"}),
        ("Format", "Video", {"format": "video"}),
        ("Format", "  webinar ", {"format": "webinar"}),
        ("Format", "PODCAST EPISODE", {"format": "podcast_episode"}),
        ("Status", "Publicat", {"status": "published", "publish_date": "2027-06-02"}),
        ("Status", "منتشرشده", {"status": "published", "publish_date": "2027-06-02"}),
        ("Funnel stage", "Decision", {"stage": "decision"}),
        ("Funnel stage", None, {}),
        ("Persona", "home-brew hannah", {"persona": "Home-brew Hannah"}),
        ("Persona", None, {}),
        ("Goal", " More leads ", {"goal": "More leads"}),
        ("Owner", "EDITOR", {"owner": "editor"}),
        ("Owner", "", {}),
        (
            "Promotion channels",
            "google reviews,Newsletter",
            {"channels": ["Google reviews", "Newsletter"]},
        ),
        ("Promotion channels", "Newsletter, , newsletter", {"channels": ["Newsletter"]}),
        ("Promotion channels", None, {}),
        ("Hours estimate", 12, {"hours": "12.0"}),
        ("Hours estimate", 2.5, {"hours": "2.5"}),
        ("Hours estimate", " 3 ", {"hours": "3.0"}),
        ("Hours estimate", None, {}),
        ("Publish date", datetime.datetime(2027, 6, 1, 9, 30), {"publish_date": "2027-06-01"}),
        ("Publish date", " 2027-06-03 ", {"publish_date": "2027-06-03"}),
        ("Due date", None, {}),
    ],
)
def test_a_new_row_s_cell_is_saved_as_the_edit_page_would_save_it(stock, header, cell, saved):
    row_headers, row = ["Title", header], ["Cold brew", cell]
    if header == "Title":
        row_headers, row = [header], [cell]
    if header == "Status":
        row_headers.append("Publish date")
        row.append("2027-06-02")
    plan = preview(stock.strategy, row_headers, row)
    assert errors(plan) == []
    ((kind, number, name, _fields),) = shown(stock.strategy, plan)
    expected = NEW_PIECE | saved
    assert (kind, number, name) == ("new", 2, expected["title"])
    assert apply(stock.strategy, plan) == {"created": 1, "updated": 0, "deleted": 0, "kept": 0}
    (piece,) = ContentPiece.objects.filter(strategy=stock.strategy).exclude(
        title__in=["Grind guide", "Gift guide"]
    )
    assert described(piece) == expected


@pytest.mark.parametrize(
    ("header", "cell", "message"),
    [
        ("Format", "Vídeo", "“Vídeo” is not one of the choices."),
        ("Format", None, "This field is required."),
        ("Priority", "Urgent", "“Urgent” is not one of the choices."),
        ("Persona", "Nobody", "Nothing in this strategy is called “Nobody”."),
        (
            "Goal",
            "Someone else's goal",
            "Nothing in this strategy is called “Someone else's goal”.",
        ),
        ("Owner", "outsider", "Nothing in this strategy is called “outsider”."),
        (
            "Promotion channels",
            "Newsletter, Billboard,Radio , newsletter",
            "Not in the inventory: Billboard, Radio.",
        ),
        ("Hours estimate", "lots", "Enter a number."),
        ("Hours estimate", True, "Enter a number."),
        ("Hours estimate", "NaN", "Enter a number."),
        ("Hours estimate", "Infinity", "Enter a number."),
        ("Hours estimate", -1, "Ensure this value is greater than or equal to 0."),
        ("Hours estimate", 2.25, "Ensure that there are no more than 1 decimal place."),
        ("Publish date", "tomorrow", "Enter a valid date."),
        ("Title", None, "This field is required."),
        ("Title", "   ", "This field is required."),
        ("Title", "x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
    ],
)
def test_a_new_row_s_cell_the_edit_page_would_refuse_is_named_with_its_message(
    stock, header, cell, message
):
    row_headers, row = ["Title", header], ["Cold brew", cell]
    if header == "Title":
        row_headers, row = [header, "Status"], [cell, "Idea"]
    plan = preview(stock.strategy, row_headers, row)
    assert errors(plan) == [(2, header, message)]
    assert shown(stock.strategy, plan) == [("error", 2, "", [(header, message)])]
    assert not plan.can_apply
    with pytest.raises(ValidationError, match="The file has rows with errors"):
        apply(stock.strategy, plan)
    assert ContentPiece.objects.filter(strategy=stock.strategy).count() == 2


# A saved row: what the file changes, and what it leaves as it is ----------------------


@pytest.mark.parametrize(
    ("header", "cell", "fields", "saved"),
    [
        (
            "Title",
            "Grind guide, 2nd ed.",
            [("Title", "Grind guide", "Grind guide, 2nd ed.")],
            {"title": "Grind guide, 2nd ed."},
        ),
        ("Funnel stage", None, [("Funnel stage", "Awareness", "")], {"stage": ""}),
        (
            "Funnel stage",
            "Decision",
            [("Funnel stage", "Awareness", "Decision")],
            {"stage": "decision"},
        ),
        ("Persona", None, [("Persona", "Home-brew Hannah", "")], {"persona": None}),
        ("Goal", "more leads", [("Goal", "", "More leads")], {"goal": "More leads"}),
        ("Owner", "editor", [("Owner", "", "editor")], {"owner": "editor"}),
        (
            "Promotion channels",
            "Newsletter",
            [("Promotion channels", ["Newsletter", "Google reviews"], ["Newsletter"])],
            {"channels": ["Newsletter"]},
        ),
        (
            "Promotion channels",
            None,
            [("Promotion channels", ["Newsletter", "Google reviews"], [])],
            {"channels": []},
        ),
        ("Hours estimate", 12, [("Hours estimate", "10.0", "12")], {"hours": "12.0"}),
        ("Hours estimate", None, [("Hours estimate", "10.0", "")], {"hours": None}),
        ("Publish date", None, [("Publish date", "2027-01-14", "")], {"publish_date": None}),
        (
            "Publish date",
            datetime.datetime(2027, 2, 1),
            [("Publish date", "2027-01-14", "2027-02-01")],
            {"publish_date": "2027-02-01"},
        ),
        ("Status", "planned", [("Status", "Idea", "Planned")], {"status": "planned"}),
    ],
)
def test_a_saved_row_the_file_changes_is_shown_field_by_field_and_saved(
    stock, header, cell, fields, saved
):
    grind = grind_of(stock)
    plan = preview(stock.strategy, *saved_row(grind, header, cell))
    assert errors(plan) == []
    assert shown(stock.strategy, plan) == [("change", 2, "Grind guide", fields)]
    assert apply(stock.strategy, plan) == {"created": 0, "updated": 1, "deleted": 0, "kept": 0}
    grind = ContentPiece.objects.get(pk=grind.pk)
    before = {
        "title": "Grind guide",
        "format": "blog_post",
        "persona": "Home-brew Hannah",
        "goal": None,
        "stage": "awareness",
        "channels": ["Google reviews", "Newsletter"],
        "reason": "",
        "priority": "medium",
        "production": "in_house",
        "hours": "10.0",
        "budget": None,
        "owner": None,
        "due_date": None,
        "publish_date": "2027-01-14",
        "status": "idea",
    }
    assert described(grind) == before | saved
    assert grind.edit_version == 2


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        ("Title", " Grind guide "),
        ("Funnel stage", "AWARENESS"),
        ("Persona", "home-brew hannah"),
        ("Goal", None),
        ("Promotion channels", "google reviews, Newsletter"),
        ("Hours estimate", 10),
        ("Hours estimate", "10.0"),
        ("Publish date", datetime.datetime(2027, 1, 14)),
        ("Publish date", "2027-01-14"),
        ("Status", "Idea"),
        ("Due date", None),
    ],
)
def test_a_saved_row_the_file_leaves_as_it_is_is_unchanged(stock, header, cell):
    grind = grind_of(stock)
    plan = preview(stock.strategy, *saved_row(grind, header, cell))
    assert (errors(plan), shown(stock.strategy, plan)) == ([], [])
    assert counts(stock.strategy, plan) == {
        "new": 0,
        "changed": 0,
        "conflicts": 0,
        "deleted": 0,
        "unchanged": 1,
        "error_rows": 0,
    }
    assert not plan.can_apply


# Which saved row a row is: its ID and the version it was exported at -------------------


@pytest.mark.parametrize(
    "written",
    [
        lambda pk: pk,
        lambda pk: float(pk),
        lambda pk: f" {pk} ",
        lambda pk: str(pk).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
    ],
    ids=["number", "decimal number", "text with spaces", "Persian digits"],
)
def test_an_id_however_written_finds_its_row(stock, written):
    grind = grind_of(stock)
    plan = preview(stock.strategy, ["ID", "Title"], [written(grind.pk), "Grind guide, from Excel"])
    assert errors(plan) == []
    assert shown(stock.strategy, plan) == [
        ("change", 2, "Grind guide", [("Title", "Grind guide", "Grind guide, from Excel")])
    ]
    apply(stock.strategy, plan)
    assert ContentPiece.objects.get(pk=grind.pk).title == "Grind guide, from Excel"
    assert ContentPiece.objects.filter(strategy=stock.strategy).count() == 2


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", "“abc” is not an ID; leave it empty for a new row."),
        ("12a", "“12a” is not an ID; leave it empty for a new row."),
        (-4, "“-4” is not an ID; leave it empty for a new row."),
        ("9" * 19, "“9999999999999999999” is not an ID; leave it empty for a new row."),
        (
            "1" * 18,
            "No row of this strategy has the ID 111111111111111111; clear it to add a new one.",
        ),
        (987654, "No row of this strategy has the ID 987654; clear it to add a new one."),
    ],
    ids=["letters", "digits and a letter", "negative", "too long", "long, unknown", "unknown"],
)
def test_an_id_that_finds_no_row_is_named_next_to_the_id(stock, cell, message):
    plan = preview(stock.strategy, ["ID", "Title"], [cell, "Cold brew"], ["", "Iced latte"])
    assert errors(plan) == [(2, "ID", message)]
    assert shown(stock.strategy, plan)[0] == ("error", 2, "", [("ID", message)])
    assert [(kind, row, name) for kind, row, name, _fields in shown(stock.strategy, plan)] == [
        ("error", 2, ""),
        ("new", 3, "Iced latte"),
    ]


def test_an_id_given_twice_is_named_on_its_second_row(stock):
    grind = grind_of(stock)
    plan = preview(
        stock.strategy,
        ["ID", "Title"],
        [grind.pk, "Grind guide, first"],
        [grind.pk, "Grind guide, second"],
        ["", "Cold brew"],
    )
    assert errors(plan) == [(3, "ID", f"The ID {grind.pk} appears twice.")]
    assert [(kind, row) for kind, row, _name, _fields in shown(stock.strategy, plan)] == [
        ("error", 3),
        ("change", 2),
        ("new", 4),
    ]


def test_ids_of_another_strategy_refuse_the_file_and_name_the_rows(stock):
    other = StrategyFactory()
    foreign = [ContentPieceFactory(strategy=other).pk for _ in range(12)]
    with pytest.raises(ImportRefused) as refused:
        preview(stock.strategy, ["ID", "Title"], ["", "Cold brew"], [foreign[0], "Taken over"])
    assert [str(refused.value)] == [
        "This file carries IDs from another strategy (row 3). Export this strategy's plan "
        "and work from that."
    ]
    rows = [[pk, f"Taken over {pk}"] for pk in foreign]
    with pytest.raises(ImportRefused) as refused:
        preview(stock.strategy, ["ID", "Title"], *rows, [grind_of(stock).pk, "Grind guide"])
    assert [str(refused.value)] == [
        "This file carries IDs from another strategy (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11). "
        "Export this strategy's plan and work from that."
    ]
    assert not ContentPiece.objects.filter(title__startswith="Taken over").exists()


@pytest.mark.parametrize(
    ("cell", "shown_as"),
    [
        (True, "True"),
        (0, "0"),
        (-2, "-2"),
        (1.5, "1.5"),
        ("1.0", "1.0"),
        ("one", "one"),
        ("9" * 19, "9" * 19),
    ],
)
def test_a_version_that_is_no_version_is_named_next_to_it(stock, cell, shown_as):
    grind = grind_of(stock)
    plan = preview(stock.strategy, *saved_row(grind, "Status", "Planned", version=cell))
    message = f"“{shown_as}” is not a version: copy it back from the export, or leave it empty."
    assert errors(plan) == [(2, "Version", message)]
    assert shown(stock.strategy, plan) == [("error", 2, "", [("Version", message)])]


@pytest.mark.parametrize(
    ("version", "kind", "unchecked"),
    [
        (1, "change", 0),
        (1.0, "change", 0),
        (" 1 ", "change", 0),
        (None, "change", 1),
        ("", "change", 1),
        (2, "conflict", 0),
        ("1" * 18, "conflict", 0),
    ],
)
def test_the_version_a_row_was_exported_at_tells_a_change_from_a_conflict(
    stock, version, kind, unchecked
):
    grind = grind_of(stock)
    assert grind.edit_version == 1
    plan = preview(stock.strategy, *saved_row(grind, "Status", "Planned", version=version))
    assert errors(plan) == []
    assert shown(stock.strategy, plan) == [
        (kind, 2, "Grind guide", [("Status", "Idea", "Planned")])
    ]
    assert plan.unchecked == unchecked
    done = apply(stock.strategy, plan)
    status = ContentPiece.objects.get(pk=grind.pk).status
    if kind == "change":
        assert (done["updated"], done["kept"], status) == (1, 0, "planned")
    else:  # left as it is saved unless the user chooses the file's values
        assert (done["updated"], done["kept"], status) == (0, 1, "idea")


# What the model holds a whole row to, said next to the column it is about -------------


@pytest.mark.parametrize(
    ("headers", "cells", "column", "message"),
    [
        (
            ["Production", "Budget"],
            ["In-house", 500],
            "Budget",
            "In-house work has an hours estimate, not a budget.",
        ),
        (
            ["Production", "Hours estimate"],
            ["Outsourced", 4],
            "Hours estimate",
            "Outsourced work has a budget, not an hours estimate.",
        ),
        (
            ["Status", "Publish date"],
            ["Published", None],
            "Publish date",
            "A published piece has the date it was published.",
        ),
        (
            ["Publish date"],
            [datetime.datetime(2028, 1, 2)],
            "Publish date",
            "Choose a publish date inside the strategy's horizon (01/01/2027 – 12/31/2027).",
        ),
        (
            ["Due date", "Publish date"],
            ["2027-05-02", "2027-05-01"],
            "Publish date",
            "The piece is published before it is due: move one of the dates.",
        ),
    ],
)
def test_a_row_the_model_refuses_is_named_next_to_the_column(
    stock, headers, cells, column, message
):
    new = preview(stock.strategy, ["Title", *headers], ["Cold brew", *cells])
    assert errors(new) == [(2, column, message)]
    assert shown(stock.strategy, new) == [("error", 2, "", [(column, message)])]
    grind = grind_of(stock)
    changed = preview(stock.strategy, ["ID", "Title", *headers], [grind.pk, "Grind guide", *cells])
    assert errors(changed) == [(2, column, message)]


def test_every_error_of_a_row_is_listed_each_next_to_its_column(stock):
    plan = preview(
        stock.strategy,
        ["Title", "Format", "Persona", "Promotion channels", "Hours estimate", "Status"],
        ["Cold brew", "Poster", "Nobody", "Billboard", "lots", "Published"],
        ["Iced latte", "Video", None, None, None, "Idea"],
    )
    assert errors(plan) == [
        (2, "Format", "“Poster” is not one of the choices."),
        (2, "Persona", "Nothing in this strategy is called “Nobody”."),
        (2, "Promotion channels", "Not in the inventory: Billboard."),
        (2, "Hours estimate", "Enter a number."),
        (2, "Publish date", "A published piece has the date it was published."),
    ]
    assert counts(stock.strategy, plan) == {
        "new": 1,
        "changed": 0,
        "conflicts": 0,
        "deleted": 0,
        "unchanged": 0,
        "error_rows": 1,
    }


# The inventory's rows --------------------------------------------------------------------

INVENTORY = ["Name", "Media type", "Kind"]


@pytest.mark.parametrize(
    ("header", "cell", "saved"),
    [
        ("Visits", 1200, {"visits": 1200}),
        ("Visits", 1200.0, {"visits": 1200}),
        ("Visits", " 75 ", {"visits": 75}),
        ("Visits", None, {"visits": None}),
        ("Spend", None, {"spend": None}),
        ("Revenue", 99.5, {"revenue": Decimal("99.50")}),
        ("Platform", "instagram", {"platform": "instagram"}),
        ("Platform", None, {"platform": ""}),
        ("URL", " example.com/shop ", {"url": "https://example.com/shop"}),
        ("Owner", "viewer", {"owner": "viewer"}),
    ],
)
def test_a_new_channel_s_cell_is_saved_as_its_edit_page_would_save_it(stock, header, cell, saved):
    plan = preview(
        stock.strategy,
        [*INVENTORY, header],
        ["Shop", "Owned", "Website", cell],
        kind="inventory",
    )
    assert errors(plan) == []
    assert [(kind, row, name) for kind, row, name, _f in shown(stock.strategy, plan)] == [
        ("new", 2, "Shop")
    ]
    apply(stock.strategy, plan)
    shop = Asset.objects.get(strategy=stock.strategy, name="Shop")
    found = {name: getattr(shop, name) for name in saved}
    if "owner" in found:
        found["owner"] = shop.owner.username
    assert (shop.media_type, shop.kind, found) == ("owned", "website", saved)


@pytest.mark.parametrize(
    ("header", "cell", "column", "message"),
    [
        ("Visits", 1.5, "Visits", "Enter a whole number."),
        ("Visits", True, "Visits", "Enter a whole number."),
        ("Visits", -3, "Visits", "Ensure this value is greater than or equal to 0."),
        ("Kind", "Reviews", "Kind", "“Reviews” is not a kind of owned media."),
        (
            "Spend",
            120,
            "Spend",
            "Only paid media has spend; leave it empty for owned and earned media.",
        ),
        ("Media type", None, "Media type", "This field is required."),
        ("Platform", "Myspace", "Platform", "“Myspace” is not one of the choices."),
        ("URL", "not a link", "URL", "Enter a valid URL."),
    ],
)
def test_a_new_channel_s_cell_its_edit_page_would_refuse_is_named(
    stock, header, cell, column, message
):
    row = {"Name": "Shop", "Media type": "Owned", "Kind": "Website"} | {header: cell}
    plan = preview(stock.strategy, list(row), list(row.values()), kind="inventory")
    assert errors(plan) == [(2, column, message)]
    assert not plan.can_apply


# Rows not in the file --------------------------------------------------------------------


def test_only_the_rows_missing_from_the_file_are_deleted_and_only_when_asked(stock):
    grind = grind_of(stock)
    gift = ContentPiece.objects.get(strategy=stock.strategy, title="Gift guide")
    rows = (["ID", "Version", "Title"], [grind.pk, 1, "Grind guide"], ["", "", "Cold brew"])
    kept = preview(stock.strategy, *rows)
    assert counts(stock.strategy, kept)["deleted"] == 0
    plan = preview(stock.strategy, *rows, delete_missing=True)
    assert [(kind, name) for kind, _row, name, _f in shown(stock.strategy, plan)] == [
        ("new", "Cold brew"),
        ("delete", "Gift guide"),
    ]
    assert apply(stock.strategy, plan) == {"created": 1, "updated": 0, "deleted": 1, "kept": 0}
    titles = ContentPiece.objects.filter(strategy=stock.strategy).values_list("title", flat=True)
    assert sorted(titles) == ["Cold brew", "Grind guide"]
    assert ContentPiece.objects.filter(title="Someone else's piece").exists()
    assert not ContentPiece.objects.filter(pk=gift.pk).exists()


def test_a_row_with_an_error_in_the_file_is_not_taken_for_missing(stock):
    grind = grind_of(stock)
    gift = ContentPiece.objects.get(strategy=stock.strategy, title="Gift guide")
    plan = preview(
        stock.strategy,
        ["ID", "Version", "Title", "Priority"],
        [grind.pk, 1, "Grind guide", "Medium"],
        [gift.pk, "one", "Gift guide", "Medium"],
        delete_missing=True,
    )
    assert plan.deletes == []
    assert counts(stock.strategy, plan)["error_rows"] == 1


# Applying after the strategy changed since the preview: every row checked again -------


def test_rows_checked_again_are_written_with_what_they_changed_and_nothing_else(stock):
    grind = grind_of(stock)
    plan = preview(
        stock.strategy,
        ["ID", "Version", "Title", "Persona", "Promotion channels", "Hours estimate", "Status"],
        [grind.pk, 1, "Grind guide, 2nd ed.", "Home-brew Hannah", "Newsletter", 10, "Idea"],
        ["", "", "Cold brew", "Home-brew Hannah", "Newsletter", 2.5, "Planned"],
    )
    assert errors(plan) == []
    # Saved after the preview: the strategy moved on, these rows did not.
    ContentPieceFactory(strategy=stock.strategy, title="Added meanwhile")
    ContentPiece.objects.filter(pk=grind.pk).update(reason="Set meanwhile, without a save")
    assert apply(stock.strategy, plan) == {"created": 1, "updated": 1, "deleted": 0, "kept": 0}
    grind = ContentPiece.objects.get(pk=grind.pk)
    assert described(grind) | {"reason": grind.reason} == {
        "title": "Grind guide, 2nd ed.",
        "format": "blog_post",
        "persona": "Home-brew Hannah",
        "goal": None,
        "stage": "awareness",
        "channels": ["Newsletter"],
        "reason": "Set meanwhile, without a save",
        "priority": "medium",
        "production": "in_house",
        "hours": "10.0",
        "budget": None,
        "owner": None,
        "due_date": None,
        "publish_date": "2027-01-14",
        "status": "idea",
    }
    assert grind.edit_version == 2
    cold = ContentPiece.objects.get(strategy=stock.strategy, title="Cold brew")
    assert described(cold) == NEW_PIECE | {
        "persona": "Home-brew Hannah",
        "channels": ["Newsletter"],
        "hours": "2.5",
        "status": "planned",
    }


@pytest.mark.parametrize("which", ["new", "changed", "chosen conflict"])
def test_a_row_that_no_longer_fits_when_applied_stops_the_whole_import(stock, which):
    grind = grind_of(stock)
    version = 2 if which == "chosen conflict" else 1
    rows = [["", "", "Iced latte", None]]
    if which == "new":
        rows.append(["", "", "Cold brew", "Newsletter"])
    else:
        rows.append([grind.pk, version, "Grind guide", "Newsletter"])
    plan = preview(stock.strategy, ["ID", "Version", "Title", "Promotion channels"], *rows)
    assert errors(plan) == []
    # The channel goes; the strategy moves on; the row itself is not saved again.
    Asset.objects.filter(strategy=stock.strategy, name="Newsletter").delete()
    ContentPieceFactory(strategy=stock.strategy, title="Added meanwhile")
    with pytest.raises(ValidationError) as stopped:
        apply(stock.strategy, plan, chosen=[grind.pk])
    assert stopped.value.messages == [
        "Row 3 no longer fits the strategy; nothing was imported. Upload the file again to see why."
    ]
    assert not ContentPiece.objects.filter(title__in=["Iced latte", "Cold brew"]).exists()
    assert ContentPiece.objects.get(pk=grind.pk).edit_version == 1


def test_a_row_deleted_or_saved_again_after_the_preview_stops_the_whole_import(stock):
    grind = grind_of(stock)
    gift = ContentPiece.objects.get(strategy=stock.strategy, title="Gift guide")
    rows = (
        ["ID", "Version", "Title"],
        ["", "", "Iced latte"],
        [gift.pk, 1, "Gift guide, 2nd ed."],
        [grind.pk, 1, "Grind guide, 2nd ed."],
    )
    plan = preview(stock.strategy, *rows)
    gift.delete()
    with pytest.raises(ValidationError) as stopped:
        apply(stock.strategy, plan)
    assert stopped.value.messages == [
        "Row 3 no longer fits the strategy; nothing was imported. Upload the file again to see why."
    ]
    plan = preview(stock.strategy, rows[0], rows[1], rows[3])
    grind.status = "planned"
    grind.save()
    with pytest.raises(ValidationError) as stopped:
        apply(stock.strategy, plan)
    assert stopped.value.messages == [
        "Row 3 was changed in the app after the preview; nothing was imported. Upload the "
        "file again to see the change."
    ]
    assert list(ContentPiece.objects.filter(strategy=stock.strategy).values_list("title")) == [
        ("Grind guide",)
    ]


def test_rows_naming_the_strategy_s_people_and_channels_cost_no_query_each(stock):
    def queries_for(count: int) -> int:
        rows = [
            ["Cold brew " + str(number), "Home-brew Hannah", "More leads", "editor", "Newsletter"]
            for number in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            plan = preview(
                stock.strategy, ["Title", "Persona", "Goal", "Owner", "Promotion channels"], *rows
            )
        assert (len(plan.creates), plan.errors) == (count, [])
        return len(queries)

    assert queries_for(2) == queries_for(7)


def test_a_saved_row_the_page_would_refuse_now_is_unchanged_when_the_file_leaves_it(stock):
    """Only what the file changes is checked: a row saved before the strategy's horizon
    moved stays as it is, without an error, while the file does not touch it."""
    grind = grind_of(stock)
    ContentPiece.objects.filter(pk=grind.pk).update(
        publish_date=datetime.date(2026, 12, 1), hours=Decimal("2.5"), stage=""
    )
    rows = (
        ["ID", "Version", "Title", "Funnel stage", "Goal", "Persona", "Promotion channels"],
        [grind.pk, 1, "Grind guide", None, None, "Home-brew Hannah", "Newsletter, Google reviews"],
    )
    rows = ([*rows[0], "Hours estimate"], [*rows[1], 2.5])
    for headers, row in [
        rows,
        ([*rows[0], "Publish date"], [*rows[1], datetime.datetime(2026, 12, 1)]),
    ]:
        plan = preview(stock.strategy, headers, row)
        assert (errors(plan), plan.unchanged, plan.can_apply) == ([], 1, False)
    changed = preview(stock.strategy, rows[0], [*rows[1][:-1], 3])
    assert errors(changed) == [
        (
            2,
            "Publish date",
            "Choose a publish date inside the strategy's horizon (01/01/2027 – 12/31/2027).",
        )
    ]


def test_a_saved_channel_the_page_would_refuse_now_is_unchanged_when_the_file_leaves_it(
    stock,
):
    shop = AssetFactory(strategy=stock.strategy, name="Shop", media_type="owned", kind="website")
    Asset.objects.filter(pk=shop.pk).update(visits=1000, spend=Decimal("50.00"))
    headers = ["ID", "Version", "Name", "Media type", "Kind", "Visits", "Spend"]
    row = [shop.pk, 1, "Shop", "Owned", "Website", 1000, 50]
    plan = preview(stock.strategy, headers, row, kind="inventory")
    assert (errors(plan), plan.unchanged) == ([], 1)
    changed = preview(stock.strategy, headers, [*row[:5], 1001, 50], kind="inventory")
    assert errors(changed) == [
        (2, "Spend", "Only paid media has spend; leave it empty for owned and earned media.")
    ]


@pytest.mark.parametrize(
    ("header", "cell", "message"),
    [
        ("Persona", "Nobody", "Nothing in this strategy is called “Nobody”."),
        ("Status", "Done", "“Done” is not one of the choices."),
        ("Promotion channels", "Newsletter, Billboard", "Not in the inventory: Billboard."),
        ("Hours estimate", "sNaN", "Enter a number."),
        ("Hours estimate", "NaN", "Enter a number."),
    ],
)
def test_a_cell_that_names_nothing_is_an_error_on_a_saved_row_too(stock, header, cell, message):
    grind = grind_of(stock)
    plan = preview(stock.strategy, *saved_row(grind, header, cell))
    assert errors(plan) == [(2, header, message)]
    assert counts(stock.strategy, plan) == {
        "new": 0,
        "changed": 0,
        "conflicts": 0,
        "deleted": 0,
        "unchanged": 0,
        "error_rows": 1,
    }


def test_rows_naming_different_channels_each_get_their_own(stock):
    plan = preview(
        stock.strategy,
        ["Title", "Promotion channels"],
        ["Cold brew", "Newsletter"],
        ["Iced latte", "Google reviews"],
        ["Flat white", "Newsletter, Google reviews"],
        ["Mocha", "Google reviews, Newsletter"],
    )
    assert errors(plan) == []
    apply(stock.strategy, plan)
    saved = {
        piece.title: described(piece)["channels"]
        for piece in ContentPiece.objects.filter(
            title__in=["Cold brew", "Iced latte", "Flat white", "Mocha"]
        )
    }
    assert saved == {
        "Cold brew": ["Newsletter"],
        "Iced latte": ["Google reviews"],
        "Flat white": ["Google reviews", "Newsletter"],
        "Mocha": ["Google reviews", "Newsletter"],
    }


def upload_with_numbers(rows, written: dict) -> SimpleUploadedFile:
    """A workbook whose number cells are written as another program may write them:
    ``written`` maps a number openpyxl writes to the text the file holds instead
    (``1.0`` where openpyxl writes ``1``, ``2.027E3``)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    for number, text in written.items():
        sheet = parts["xl/worksheets/sheet1.xml"]
        assert f"<v>{number}</v>".encode() in sheet
        parts["xl/worksheets/sheet1.xml"] = sheet.replace(
            f"<v>{number}</v>".encode(), f"<v>{text}</v>".encode()
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return SimpleUploadedFile("plan.xlsx", out.getvalue())


def test_whole_numbers_written_with_a_decimal_point_read_as_whole_numbers(stock):
    grind = grind_of(stock)
    rows = [
        ["ID", "Version", "Title", "Why it is made"],
        [7.25, 8.25, "Grind guide", 9.25],
        [None, None, 6.25, None],
    ]
    written = {"7.25": f"{grind.pk}.0", "8.25": "1.0", "9.25": "1.2E1", "6.25": "2.027E3"}
    plan = plan_import(stock.strategy, upload_with_numbers(rows, written), "content_plan")
    assert (errors(plan), plan.unchecked) == ([], 0)
    assert [
        (kind, row, name, fields) for kind, row, name, fields in shown(stock.strategy, plan)
    ] == [
        ("change", 2, "Grind guide", [("Why it is made", "", "12")]),
        (
            "new",
            3,
            "2027",
            [
                ("Title", "", "2027"),
                ("Format", "", "Blog post"),
                ("Priority", "", "Medium"),
                ("Production", "", "In-house"),
                ("Status", "", "Idea"),
            ],
        ),
    ]


def test_the_activity_log_names_only_what_a_row_checked_again_changed(stock):
    grind = grind_of(stock)
    plan = preview(
        stock.strategy,
        ["ID", "Version", "Title", "Persona", "Promotion channels", "Hours estimate"],
        [grind.pk, 1, "Grind guide, 2nd ed.", "Home-brew Hannah", "Newsletter, Google reviews", 10],
    )
    ContentPieceFactory(strategy=stock.strategy, title="Added meanwhile")
    with activity.acting(stock.editor):
        apply(stock.strategy, plan)
    (edit,) = Edit.objects.filter(row_id=grind.pk, kind="content_plan.contentpiece")
    assert (edit.verb, edit.fields) == (Edit.Verb.CHANGED, ["title"])


def test_a_formula_for_an_id_does_not_stop_the_rows_after_it_finding_theirs(stock):
    grind = grind_of(stock)
    plan = preview(
        stock.strategy,
        ["ID", "Title"],
        ["=1+1", "Cold brew"],
        [grind.pk, "Grind guide, 2nd ed."],
    )
    assert errors(plan) == [(2, "ID", "Cell A2 holds the formula =1+1: type the value instead.")]
    assert [(kind, row, name) for kind, row, name, _f in shown(stock.strategy, plan)] == [
        ("error", 2, ""),
        ("change", 3, "Grind guide"),
    ]


def test_the_rows_after_a_version_that_is_no_version_are_still_read(stock):
    grind = grind_of(stock)
    headers, row = saved_row(grind, "Status", "Planned", version="one")
    plan = preview(stock.strategy, headers, row, ["", "", "Iced latte", "Idea"])
    message = "“one” is not a version: copy it back from the export, or leave it empty."
    assert errors(plan) == [(2, "Version", message)]
    assert [(kind, row, name) for kind, row, name, _fields in shown(stock.strategy, plan)] == [
        ("error", 2, ""),
        ("new", 3, "Iced latte"),
    ]


def test_every_row_without_a_version_is_counted_as_not_checked_for_conflicts(stock):
    pieces = ContentPiece.objects.filter(strategy=stock.strategy).order_by("title")
    plan = preview(
        stock.strategy,
        ["ID", "Version", "Title"],
        *[[piece.pk, None, f"{piece.title} 2027"] for piece in pieces],
    )
    assert errors(plan) == []
    assert [(kind, name) for kind, _row, name, _fields in shown(stock.strategy, plan)] == [
        ("change", "Gift guide"),
        ("change", "Grind guide"),
    ]
    assert plan.unchecked == 2


def test_every_row_typed_differently_but_saving_the_same_is_counted_unchanged(stock):
    """Spaces around a title, and a date typed as text rather than as a date."""
    pieces = ContentPiece.objects.filter(strategy=stock.strategy).order_by("title")
    assert [piece.publish_date.isoformat() for piece in pieces] == ["2027-11-15", "2027-01-14"]
    plan = preview(
        stock.strategy,
        ["ID", "Version", "Title", "Publish date"],
        *[
            [piece.pk, piece.edit_version, f"  {piece.title}  ", written]
            for piece, written in zip(pieces, ["2027-11-15", "2027-01-14"], strict=True)
        ],
    )
    assert (errors(plan), shown(stock.strategy, plan)) == ([], [])
    assert counts(stock.strategy, plan)["unchanged"] == 2
