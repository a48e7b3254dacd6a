import datetime
import io
import json
import os
import shutil
import subprocess
import zipfile
from unittest import mock

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content_plan.models import ContentPiece
from report import xlsx_import
from report.document import build_document
from report.xlsx import content_plan_workbook, strategy_workbook
from report.xlsx_import import ImportRefused, apply_import, plan_as_data
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    StrategyFactory,
)


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def upload(data: bytes, name="plan.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def to_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def planned(team):
    hannah = BuyerPersonaFactory(strategy=team.strategy, name="Home-brew Hannah")
    newsletter = AssetFactory(
        strategy=team.strategy, name="Newsletter", media_type="owned", kind="email_list"
    )
    first = ContentPieceFactory(
        strategy=team.strategy,
        title="Grind guide",
        persona=hannah,
        priority="high",
        hours=10,
        owner=team.editor,
        publish_date=datetime.date(2027, 1, 14),
    )
    first.promotion_channels.add(newsletter)
    ContentPieceFactory(
        strategy=team.strategy,
        title="Gift guide",
        production="outsourced",
        hours=None,
        budget=3800,
        publish_date=datetime.date(2027, 11, 15),
    )
    return team


def test_the_workbook_has_every_sheet(planned):
    book = workbook(strategy_workbook(build_document(planned.strategy)))
    assert book.sheetnames == [
        "Summary",
        "Personas",
        "Inventory",
        "Content audit",
        "Content plan",
        "Message sequences",
        "Budget",
    ]


def test_the_content_plan_sheet_is_a_proper_table(planned):
    sheet = workbook(content_plan_workbook(build_document(planned.strategy)))["Content plan"]
    assert "ContentPlan" in sheet.tables
    assert sheet.freeze_panes == "A2"
    assert sheet["B1"].value == "Title" and sheet["B1"].font.bold
    assert sheet.column_dimensions["A"].hidden  # the ID column
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["Grind guide"][14].value == datetime.datetime(2027, 1, 14)
    assert rows["Grind guide"][14].number_format == "yyyy-mm-dd"
    assert rows["Gift guide"][11].value == 3800
    assert "EUR" in rows["Gift guide"][11].number_format
    piece = ContentPiece.objects.get(title="Grind guide")
    assert rows["Grind guide"][0].value == piece.pk
    assert rows["Grind guide"][0].number_format == "General"  # an ID, not a quantity
    validations = {
        str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert '"High,Medium,Low"' in validations.values()
    assert any("Published" in formula for formula in validations.values())
    assert any("Blog post" in formula for formula in validations.values())


def test_persian_sheets_read_right_to_left(team):
    team.strategy.language = "fa"
    team.strategy.save()
    book = workbook(strategy_workbook(build_document(team.strategy)))
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


def test_formulas_are_written_as_text_and_illegal_characters_dropped(team):
    ContentPieceFactory(strategy=team.strategy, title='=HYPERLINK("http://evil","x")')
    ContentPieceFactory(strategy=team.strategy, title="+1 @cmd -2 \x07bell\x1b")
    sheet = workbook(content_plan_workbook(build_document(team.strategy)))["Content plan"]
    titles = {cell.value: cell for cell in sheet["B"][1:]}
    formula = titles['=HYPERLINK("http://evil","x")']
    assert formula.data_type == "s" and formula.quotePrefix
    assert "+1 @cmd -2 bell" in titles
    assert titles["+1 @cmd -2 bell"].quotePrefix


def test_long_text_wraps_its_row_and_short_rows_stay_one_line(team):
    from tests.factories import AuditedPieceFactory

    AuditedPieceFactory(strategy=team.strategy, title="Grind guide")
    AuditedPieceFactory(
        strategy=team.strategy,
        title="Why the roast date on every bag matters more than the origin on the label",
    )
    sheet = workbook(strategy_workbook(build_document(team.strategy)))["Content audit"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    long_row = rows["Why the roast date on every bag matters more than the origin on the label"]
    assert all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for cell in long_row)
    assert not any(cell.alignment.wrap_text for cell in rows["Grind guide"])


def plan_for(team, data, **options):
    return xlsx_import.plan_import(team.strategy, upload(data), "content_plan", **options)


def test_export_then_import_without_edits_changes_nothing(planned):
    data = content_plan_workbook(build_document(planned.strategy))
    plan = plan_for(planned, data)
    assert (len(plan.creates), len(plan.updates), plan.unchanged, plan.errors) == (0, 0, 2, [])
    assert not plan.can_apply


def test_edits_made_in_excel_come_back(planned):
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    sheet = book["Content plan"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "Grind guide":
            row[1].value = "Grind guide, updated"
            row[8].value = "Low"
    sheet.append(
        [
            None,
            "Cold brew infographic",
            "Infographic",
            "Home-brew Hannah",
            None,
            None,
            "Newsletter",
            "Summer",
            "Medium",
            "Outsourced",
            None,
            650,
            "editor",
            datetime.datetime(2027, 5, 20),
            datetime.datetime(2027, 6, 1),
            "Idea",
        ]
    )
    plan = plan_for(planned, to_bytes(book))
    assert (len(plan.creates), len(plan.updates), plan.errors) == (1, 1, [])
    apply_import(planned.strategy, plan_as_data(plan))
    grind = ContentPiece.objects.get(title="Grind guide, updated")
    assert grind.priority == "low" and grind.promotion_channels.get().name == "Newsletter"
    cold = ContentPiece.objects.get(title="Cold brew infographic")
    assert (cold.format, cold.budget, cold.owner, cold.publish_date) == (
        "infographic",
        650,
        planned.editor,
        datetime.date(2027, 6, 1),
    )
    assert ContentPiece.objects.count() == 3


def test_headers_in_any_order_and_only_some_columns(planned):
    piece = ContentPiece.objects.get(title="Grind guide")
    book = openpyxl.Workbook()
    book.active.append(["Status", "Title", "ID"])
    book.active.append(["Published", "Grind guide", piece.pk])
    plan = plan_for(planned, to_bytes(book))
    assert len(plan.updates) == 1 and plan.errors == []
    apply_import(planned.strategy, plan_as_data(plan))
    piece.refresh_from_db()
    assert piece.status == "published" and piece.hours == 10  # untouched columns are kept


def test_bad_rows_are_named_with_row_column_and_reason(planned):
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    sheet = book["Content plan"]
    sheet.append(
        [
            None,
            "New piece",
            "Poster",
            "Nobody",
            None,
            None,
            "Billboard",
            None,
            "Urgent",
            "In-house",
            "lots",
            None,
            None,
            None,
            None,
            "Idea",
        ]
    )
    plan = plan_for(planned, to_bytes(book))
    found = {(error.row, error.column) for error in plan.errors}
    assert {
        (4, "Format"),
        (4, "Persona"),
        (4, "Promotion channels"),
        (4, "Priority"),
        (4, "Hours estimate"),
    } <= found
    assert plan.error_rows == 1 and not plan.can_apply


def test_delete_only_when_asked(planned):
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    book["Content plan"].delete_rows(3)
    assert plan_for(planned, to_bytes(book)).deletes == []
    plan = plan_for(planned, to_bytes(book), delete_missing=True)
    assert len(plan.deletes) == 1
    apply_import(planned.strategy, plan_as_data(plan))
    assert ContentPiece.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.csv", b"a,b", "is not one"),
        ("plan.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
        ("plan.xlsx", b"not a zip at all", "damaged"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(team, name, data, message):
    with pytest.raises(ImportRefused) as error:
        xlsx_import.plan_import(team.strategy, upload(data, name), "content_plan")
    assert message in str(error.value)


def test_a_zip_that_is_no_workbook_is_damaged(team):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportRefused, match="damaged"):
        plan_for(team, buffer.getvalue())


def test_too_large_and_too_many_rows(planned):
    data = content_plan_workbook(build_document(planned.strategy))
    with (
        mock.patch.object(xlsx_import, "MAX_BYTES", 100),
        pytest.raises(ImportRefused, match="limit"),
    ):
        plan_for(planned, data)
    with (
        mock.patch.object(xlsx_import, "MAX_ROWS", 1),
        pytest.raises(ImportRefused, match="more than"),
    ):
        plan_for(planned, data)


def test_ids_of_another_strategy_are_refused(planned):
    foreign = ContentPieceFactory(strategy=StrategyFactory())
    book = openpyxl.Workbook()
    book.active.append(["ID", "Title"])
    book.active.append([foreign.pk, "Taken over"])
    with pytest.raises(ImportRefused, match="another strategy"):
        plan_for(planned, to_bytes(book))
    foreign.refresh_from_db()
    assert foreign.title != "Taken over"


def test_a_failure_half_way_leaves_everything_as_it_was(planned):
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    sheet = book["Content plan"]
    for row in sheet.iter_rows(min_row=2):
        row[1].value = f"{row[1].value} (changed)"
    sheet.append(
        [None, "Brand new", "Blog post", None, None, None, "Newsletter", None, "High", "In-house"]
        + [None] * 5
        + ["Idea"]
    )
    checked = plan_for(planned, to_bytes(book))
    assert checked.can_apply, checked.errors
    plan = plan_as_data(checked)
    writes = []

    def fail_second_write(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(sql)
            if len(writes) == 2:
                raise RuntimeError("disk full")
        return execute(sql, params, many, context)

    before = sorted(ContentPiece.objects.values_list("title", flat=True))
    with connection.execute_wrapper(fail_second_write), pytest.raises(RuntimeError):
        apply_import(planned.strategy, plan)
    assert len(writes) == 2  # the first one was written, and taken back
    assert sorted(ContentPiece.objects.values_list("title", flat=True)) == before


def test_inventory_round_trip(team):
    asset = AssetFactory(strategy=team.strategy, name="Google reviews", leads=10)
    book = workbook(strategy_workbook(build_document(team.strategy)))
    sheet = book["Inventory"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("Leads") + 1, value=250)
    sheet.append([None, "Press feature", "Earned", "Press coverage"])
    plan = xlsx_import.plan_import(team.strategy, upload(to_bytes(book)), "inventory")
    assert (len(plan.creates), len(plan.updates), plan.errors) == (1, 1, [])
    apply_import(team.strategy, plan_as_data(plan))
    asset.refresh_from_db()
    assert asset.leads == 250
    assert team.strategy.assets.get(name="Press feature").kind == "press"


def test_views_preview_then_apply(client_for, planned):
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    book["Content plan"]["B2"] = "Renamed in Excel"
    client = client_for(planned.editor)
    url = reverse("report:import", args=[planned.strategy.uuid])
    preview = client.post(url, {"kind": "content_plan", "file": upload(to_bytes(book))})
    assert "0 new · 1 changed · 0 rows with errors" in preview.text
    assert ContentPiece.objects.filter(title="Renamed in Excel").count() == 0
    token = preview.context["token"]
    client.post(reverse("report:import_apply", args=[planned.strategy.uuid]), {"token": token})
    assert ContentPiece.objects.filter(title="Renamed in Excel").count() == 1


def test_a_refused_file_is_explained_next_to_the_field(client_for, team):
    response = client_for(team.editor).post(
        reverse("report:import", args=[team.strategy.uuid]),
        {"kind": "content_plan", "file": upload(b"x", "plan.ods")},
    )
    assert response.status_code == 400
    assert "is not one" in response.context["form"].errors["file"][0]


def test_viewers_may_export_but_not_import(client_for, planned):
    client = client_for(planned.viewer)
    response = client.get(reverse("report:export_xlsx", args=[planned.strategy.uuid]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get(reverse("report:import", args=[planned.strategy.uuid])).status_code == 403


def test_libreoffice_opens_the_workbook(planned, tmp_path):
    if not shutil.which("soffice"):
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed")
    GoalFactory(strategy=planned.strategy)
    path = tmp_path / "strategy.xlsx"
    path.write_bytes(strategy_workbook(build_document(planned.strategy)))
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,5",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    plan_csv = (tmp_path / "strategy-Content plan.csv").read_text(encoding="utf-8")
    assert "Grind guide" in plan_csv and "Gift guide" in plan_csv


def test_a_persian_workbook_comes_back_too(planned):
    planned.strategy.language = "fa"
    planned.strategy.save()
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    sheet = book.worksheets[0]
    assert sheet["B1"].value != "Title"  # headers in Persian
    sheet["B2"] = "راهنمای آسیاب"
    plan = plan_for(planned, to_bytes(book))
    assert (len(plan.updates), plan.unchanged, plan.errors) == (1, 1, [])


# What the fuzzed import (test_import_fuzz.py) found, and what came with making it fast


@pytest.mark.parametrize("value", ["²", "٣٣٣٣²", "9" * 19, "9" * 5000, -3, 1.5])
def test_an_id_that_is_no_number_is_named(planned, value):
    book = openpyxl.Workbook()
    book.active.append(["ID", "Title"])
    book.active.append([value, "Odd"])
    plan = plan_for(planned, to_bytes(book))
    assert [(error.row, error.column) for error in plan.errors] == [(2, "ID")]
    assert "is not an ID" in plan.errors[0].message
    assert len(plan.errors[0].message) < 200  # a long value is cut short


def test_an_id_in_persian_digits_finds_its_row(planned):
    piece = ContentPiece.objects.get(title="Grind guide")
    persian = str(piece.pk).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    book = openpyxl.Workbook()
    book.active.append(["ID", "Title"])
    book.active.append([persian, "Grind guide, in Persian digits"])
    plan = plan_for(planned, to_bytes(book))
    assert plan.errors == [] and [item["id"] for item in plan.updates] == [piece.pk]


def rezipped(data: bytes, change) -> bytes:
    """The workbook with every part passed through change(name, content)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, change(name, content))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "damage",
    [
        lambda content: content[: len(content) // 2],  # cut off
        lambda content: content.replace(b"<v>", b'<v t="x">&', 1),  # not XML any more
        lambda content: content.replace(b"</row>", b'<c r="B2" t="n"><v>nan</v></c></row>', 1),
        lambda content: content.replace(b"<sheetData>", b"<sheetData?", 1),  # one bit flipped
    ],
)
def test_a_sheet_damaged_inside_the_zip_is_refused_with_a_message(planned, damage):
    data = rezipped(
        content_plan_workbook(build_document(planned.strategy)),
        lambda name, content: damage(content) if name.startswith("xl/worksheets/") else content,
    )
    with pytest.raises(ImportRefused, match="damaged"):
        plan_for(planned, data)


def test_formatting_far_below_the_rows_is_not_counted_as_rows(planned):
    book = openpyxl.Workbook()
    book.active.append(["Title"])
    book.active.append(["One more guide"])
    book.active.cell(row=20, column=1).font = openpyxl.styles.Font(bold=True)  # no value
    with mock.patch.object(xlsx_import, "MAX_ROWS", 5):
        plan = plan_for(planned, to_bytes(book))
    assert (len(plan.creates), plan.errors) == (1, [])


def test_a_zip_that_unpacks_to_too_much_is_refused(planned):
    data = content_plan_workbook(build_document(planned.strategy))
    with (
        mock.patch.object(xlsx_import, "MAX_UNPACKED_BYTES", 1000),
        pytest.raises(ImportRefused, match="unpacks to more than"),
    ):
        plan_for(planned, data)


def test_a_title_alone_makes_a_new_piece_with_the_defaults(planned):
    book = openpyxl.Workbook()
    book.active.append(["Title"])
    book.active.append(["Cold brew at home"])
    plan = plan_for(planned, to_bytes(book))
    assert (len(plan.creates), plan.errors) == (1, [])
    apply_import(planned.strategy, plan_as_data(plan))
    piece = ContentPiece.objects.get(title="Cold brew at home")
    assert (piece.format, piece.priority, piece.production, piece.status) == (
        "blog_post",
        "medium",
        "in_house",
        "idea",
    )


def test_a_channel_named_twice_is_linked_once_and_then_unchanged(planned):
    book = openpyxl.Workbook()
    book.active.append(["ID", "Title", "Promotion channels"])
    piece = ContentPiece.objects.get(title="Gift guide")
    book.active.append([piece.pk, "Gift guide", "Newsletter, newsletter"])
    plan = plan_for(planned, to_bytes(book))
    assert (len(plan.updates), plan.errors) == (1, [])
    apply_import(planned.strategy, plan_as_data(plan))
    assert [channel.name for channel in piece.promotion_channels.all()] == ["Newsletter"]
    again = plan_for(planned, to_bytes(book))
    assert (again.updates, again.unchanged) == ([], 1)


def test_a_row_deleted_after_the_preview_stops_the_import_with_a_message(planned):
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    sheet = book["Content plan"]
    sheet["B2"] = "Renamed"
    new = [None, "Brand new", "Blog post", None, None, None, None, None, "High", "In-house"]
    sheet.append([*new, None, None, None, None, None, "Idea"])
    plan = plan_as_data(plan_for(planned, to_bytes(book)))
    ContentPiece.objects.filter(pk=plan["updates"][0]["id"]).delete()
    with pytest.raises(ValidationError, match="Row 2 no longer fits"):
        apply_import(planned.strategy, plan)
    assert not ContentPiece.objects.filter(title="Brand new").exists()


@pytest.mark.parametrize("kept", [None, {}, {"kind": "content_plan"}, {"format": 1, "kind": "x"}])
def test_a_preview_kept_in_another_shape_is_not_applied(planned, kept):
    with pytest.raises(ValidationError, match="expired"):
        apply_import(planned.strategy, kept)


def test_applying_keeps_what_was_saved_after_the_preview(planned):
    piece = ContentPiece.objects.get(title="Grind guide")
    version, changed_at = piece.edit_version, piece.updated_at
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    for row in book["Content plan"].iter_rows(min_row=2):
        if row[0].value == piece.pk:
            row[1].value = "Grind guide, second edition"
    plan = plan_as_data(plan_for(planned, to_bytes(book)))
    ContentPiece.objects.filter(pk=piece.pk).update(status="published")  # someone, meanwhile
    assert apply_import(planned.strategy, plan) == {
        "created": 0,
        "updated": 1,
        "deleted": 0,
        "kept": 0,
    }
    piece.refresh_from_db()
    assert (piece.title, piece.status) == ("Grind guide, second edition", "published")
    assert (
        piece.edit_version == version + 1 and piece.updated_at > changed_at
    )  # a save, as any other


def test_new_channels_are_placed_at_the_end_of_their_kind(team):
    first = AssetFactory(strategy=team.strategy, name="Reviews", media_type="earned")
    AssetFactory(strategy=team.strategy, name="Shop", media_type="owned", kind="website")
    book = openpyxl.Workbook()
    book.active.append(["Name", "Media type", "Kind"])
    book.active.append(["Press", "Earned", "Press coverage"])
    book.active.append(["Podcast", "Owned", "Podcast"])
    book.active.append(["Mentions", "Earned", "Shares and mentions"])
    plan = xlsx_import.plan_import(team.strategy, upload(to_bytes(book)), "inventory")
    apply_import(team.strategy, plan_as_data(plan))
    earned = team.strategy.assets.filter(media_type="earned").order_by("position")
    assert [asset.name for asset in earned] == ["Reviews", "Press", "Mentions"]
    assert [asset.position for asset in earned] == [first.position, first.position + 1, 2 + 1]
    assert team.strategy.assets.get(name="Podcast").position == 2


def plan_workbook(planned, rows: int) -> bytes:
    """The export with `rows` more rows: half of them new, and every old one changed."""
    for number in range(rows // 2):
        ContentPieceFactory(strategy=planned.strategy, title=f"Piece {number}")
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    sheet = book["Content plan"]
    for row in sheet.iter_rows(min_row=2):
        row[1].value = f"{row[1].value} (v2)"
    rest = [None, "Low", "In-house", 2.5, None, "editor", None, None, "Idea"]
    for number in range(rows - rows // 2):
        sheet.append(
            [
                None,
                f"New {number}",
                "Video",
                "Home-brew Hannah",
                "Awareness",
                None,
                "Newsletter",
                *rest,
            ]
        )
    return to_bytes(book)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(planned):
    previews, applies = {}, {}
    for rows in (50, 500):
        with transaction.atomic():
            data = plan_workbook(planned, rows)
            with CaptureQueriesContext(connection) as preview:
                plan = plan_for(planned, data)
            assert (len(plan.creates), len(plan.updates), plan.errors) == (
                rows // 2,
                rows // 2 + 2,
                [],
            )
            with CaptureQueriesContext(connection) as applying:
                apply_import(planned.strategy, plan_as_data(plan))
            new = ContentPiece.objects.filter(title__startswith="New ", format="video")
            assert new.count() == rows // 2
            previews[rows], applies[rows] = len(preview), len(applying)
            transaction.set_rollback(True)
    assert previews[50] == previews[500] <= 10
    # Inserts go in batches (on SQLite, of as many rows as 999 parameters allow).
    assert applies[500] <= applies[50] + 500 // 20


def test_the_preview_says_which_inventory_columns_are_not_read(client_for, team):
    asset = AssetFactory(strategy=team.strategy, name="Google reviews", media_type="earned")
    book = workbook(strategy_workbook(build_document(team.strategy)))
    sheet = book["Inventory"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("Why it works") + 1, value="Typed in Excel")
    client = client_for(team.editor)
    url = reverse("report:import", args=[team.strategy.uuid])
    preview = client.post(url, {"kind": "inventory", "file": upload(to_bytes(book))})
    note = preview.text[preview.text.index('id="import-not-read"') :].split("</p>")[0]
    for name in ("Why it works", "Decision", "Reason", "Cost per lead"):
        assert name in note
    assert "Name" not in note.split(".")[0]  # read columns are not listed
    asset.refresh_from_db()
    assert asset.why_it_works != "Typed in Excel"


# Applying what the preview checked, or checking again


def plan_with_a_new_and_a_changed_row(planned):
    book = workbook(content_plan_workbook(build_document(planned.strategy)))
    sheet = book["Content plan"]
    sheet["B2"] = "Renamed in Excel"
    new = [None, "Cold brew at home", "Video", "Home-brew Hannah", None, None, "Newsletter"]
    sheet.append([*new, None, "Medium", "In-house", None, None, None, None, None, "Idea"])
    plan = plan_for(planned, to_bytes(book))
    assert (len(plan.creates), len(plan.updates), plan.errors) == (1, 1, [])
    return plan


def test_an_unchanged_strategy_gets_the_previewed_rows_without_checking_them_again(planned):
    plan = plan_as_data(plan_with_a_new_and_a_changed_row(planned))
    checked_again = AssertionError("applying checked the rows again")
    with mock.patch.object(xlsx_import.RowChecker, "check", side_effect=checked_again):
        apply_import(planned.strategy, plan)
    cold = ContentPiece.objects.get(title="Cold brew at home")
    assert (cold.format, cold.persona.name) == ("video", "Home-brew Hannah")
    assert [channel.name for channel in cold.promotion_channels.all()] == ["Newsletter"]
    assert ContentPiece.objects.filter(title="Renamed in Excel").exists()


def test_a_strategy_changed_since_the_preview_gets_every_row_checked_again(planned):
    plan = plan_as_data(plan_with_a_new_and_a_changed_row(planned))
    gift = ContentPiece.objects.get(title="Gift guide")
    gift.status = "published"
    gift.save()  # moves the strategy's content version
    with mock.patch.object(
        xlsx_import.RowChecker, "check", autospec=True, side_effect=xlsx_import.RowChecker.check
    ) as check:
        apply_import(planned.strategy, plan)
    assert check.call_count == 2
    titles = set(ContentPiece.objects.values_list("title", flat=True))
    assert titles == {"Renamed in Excel", "Gift guide", "Cold brew at home"}
    assert ContentPiece.objects.get(title="Gift guide").status == "published"


def test_a_persona_deleted_since_the_preview_stops_the_import(planned):
    plan = plan_as_data(plan_with_a_new_and_a_changed_row(planned))
    planned.strategy.personas.get(name="Home-brew Hannah").delete()
    with pytest.raises(ValidationError, match="Row 4 no longer fits"):
        apply_import(planned.strategy, plan)
    assert not ContentPiece.objects.filter(title="Cold brew at home").exists()


def test_a_kept_preview_is_plain_json(planned):
    plan = plan_as_data(plan_with_a_new_and_a_changed_row(planned))
    kept = json.loads(json.dumps(plan))
    assert apply_import(planned.strategy, kept) == {
        "created": 1,
        "updated": 1,
        "deleted": 0,
        "kept": 0,
    }
    cold = ContentPiece.objects.get(title="Cold brew at home")
    assert (cold.production, cold.hours, cold.publish_date) == ("in_house", None, None)


def test_a_kept_preview_is_found_for_its_own_strategy_only(planned):
    plan = plan_with_a_new_and_a_changed_row(planned)
    token = xlsx_import.keep_plan(planned.strategy, plan)
    assert xlsx_import.kept_plan(planned.strategy, token) == plan_as_data(plan)
    assert xlsx_import.kept_plan(StrategyFactory(), token) is None
    assert xlsx_import.kept_plan(planned.strategy, "") is None
    xlsx_import.forget_plan(planned.strategy, token)
    assert xlsx_import.kept_plan(planned.strategy, token) is None
