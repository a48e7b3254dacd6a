import datetime
import io
import os
import shutil
import subprocess
import zipfile
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content_plan.models import ContentPiece
from strategy_planner.report import xlsx_import
from strategy_planner.report.document import build_document
from strategy_planner.report.xlsx import content_plan_workbook, strategy_workbook
from strategy_planner.report.xlsx_import import ImportRefused, apply_import, plan_as_data
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
    for row in book["Content plan"].iter_rows(min_row=2):
        row[1].value = f"{row[1].value} (changed)"
    plan = plan_as_data(plan_for(planned, to_bytes(book)))
    real_save = xlsx_import._save
    calls = []

    def fail_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_save(*args)

    before = sorted(ContentPiece.objects.values_list("title", flat=True))
    with (
        mock.patch.object(xlsx_import, "_save", side_effect=fail_second),
        pytest.raises(RuntimeError),
    ):
        apply_import(planned.strategy, plan)
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
    url = reverse("strategy_planner:import", args=[planned.strategy.uuid])
    preview = client.post(url, {"kind": "content_plan", "file": upload(to_bytes(book))})
    assert "0 new, 1 changed, 0 rows with errors" in preview.text
    assert ContentPiece.objects.filter(title="Renamed in Excel").count() == 0
    token = preview.context["token"]
    client.post(
        reverse("strategy_planner:import_apply", args=[planned.strategy.uuid]), {"token": token}
    )
    assert ContentPiece.objects.filter(title="Renamed in Excel").count() == 1


def test_a_refused_file_is_explained_next_to_the_field(client_for, team):
    response = client_for(team.editor).post(
        reverse("strategy_planner:import", args=[team.strategy.uuid]),
        {"kind": "content_plan", "file": upload(b"x", "plan.ods")},
    )
    assert response.status_code == 400
    assert "is not one" in response.context["form"].errors["file"][0]


def test_viewers_may_export_but_not_import(client_for, planned):
    client = client_for(planned.viewer)
    response = client.get(reverse("strategy_planner:export_xlsx", args=[planned.strategy.uuid]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert (
        client.get(reverse("strategy_planner:import", args=[planned.strategy.uuid])).status_code
        == 403
    )


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
