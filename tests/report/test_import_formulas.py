"""A cell holding a formula is named with its formula, never read as its cached
result and never blamed for being empty."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from content_plan.models import ContentPiece
from report.document import build_document
from report.xlsx import content_plan_workbook
from report.xlsx_import import plan_import
from tests.factories import ContentPieceFactory


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.xlsx", data)


def saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_cached_values(data: bytes, cached: dict[str, str]) -> bytes:
    """The workbook with a cached result after each formula, as Excel saves them:
    ``cached`` maps a formula's text to the value Excel would have worked out."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    for name, content in parts.items():
        if name.startswith("xl/worksheets/"):
            for formula, value in cached.items():
                content = content.replace(
                    f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                ).replace(
                    f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                )
            parts[name] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return buffer.getvalue()


def errors_of(plan) -> list[tuple]:
    return [(error.row, error.column, error.message) for error in plan.errors]


@pytest.mark.parametrize("cached", [False, True])
def test_a_formula_in_a_new_row_is_named_not_called_missing(team, cached):
    book = openpyxl.Workbook()
    book.active.append(["Title", "Hours estimate"])
    book.active.append(['=CONCAT("Cold", " brew")', 4])
    data = saved(book)
    if cached:
        data = with_cached_values(data, {'CONCAT("Cold", " brew")': "Cold brew"})
        assert b"<v>Cold brew</v>" in data
    plan = plan_import(team.strategy, upload(data), "content_plan")
    assert errors_of(plan) == [
        (
            2,
            "Title",
            'Cell A2 holds the formula =CONCAT("Cold", " brew"): type the value instead.',
        )
    ]
    assert plan.creates == [] and not plan.can_apply


def test_a_cached_result_never_replaces_a_saved_value(team):
    piece = ContentPieceFactory(strategy=team.strategy, title="Grind guide", hours=10)
    book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(team.strategy))))
    sheet = book["Content plan"]
    hours = [cell.value for cell in sheet[1]].index("Hours estimate") + 1
    sheet.cell(row=2, column=hours, value="=SUM(2,3)")
    data = with_cached_values(saved(book), {"SUM(2,3)": "5"})
    assert b"<f>SUM(2,3)</f><v>5</v>" in data
    plan = plan_import(team.strategy, upload(data), "content_plan")
    cell = f"{openpyxl.utils.get_column_letter(hours)}2"
    assert errors_of(plan) == [
        (2, "Hours estimate", f"Cell {cell} holds the formula =SUM(2,3): type the value instead.")
    ]
    assert plan.updates == [] and plan.unchanged == 0
    assert ContentPiece.objects.get(pk=piece.pk).hours == 10


def test_the_rest_of_a_row_with_a_formula_is_still_checked(team):
    book = openpyxl.Workbook()
    book.active.append(["Title", "Priority", "Status"])
    book.active.append(["=B1", "Urgent", "Idea"])
    plan = plan_import(team.strategy, upload(saved(book)), "content_plan")
    assert [(row, column) for row, column, _message in errors_of(plan)] == [
        (2, "Title"),
        (2, "Priority"),
    ]
    assert "This field is required" not in " ".join(error.message for error in plan.errors)


def test_a_formula_for_an_id_or_a_version_names_the_cell(team):
    piece = ContentPieceFactory(strategy=team.strategy, title="Grind guide")
    book = openpyxl.Workbook()
    book.active.append(["ID", "Title", "Version"])
    book.active.append(["=1+0", "Renamed", 1])
    book.active.append([piece.pk, "Renamed too", "=0+1"])
    plan = plan_import(team.strategy, upload(saved(book)), "content_plan")
    assert errors_of(plan) == [
        (2, "ID", "Cell A2 holds the formula =1+0: type the value instead."),
        (3, "Version", "Cell C3 holds the formula =0+1: type the value instead."),
    ]
    assert plan.creates == plan.updates == []


def test_a_shared_formula_is_named_as_it_reads_in_its_own_cell(team):
    book = openpyxl.Workbook()
    book.active.append(["Title", "Hours estimate"])
    for row in range(2, 5):
        book.active.append([f"Piece {row}", 1])
    data = saved(book)
    # As Excel writes a formula filled down: the first cell holds it, the others refer to it.
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace(
        '<c r="B2" t="n"><v>1</v></c>',
        '<c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f><v>0</v></c>',
    )
    sheet = sheet.replace(
        '<c r="B3" t="n"><v>1</v></c>', '<c r="B3"><f t="shared" si="0"/><v>0</v></c>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    plan = plan_import(team.strategy, upload(buffer.getvalue()), "content_plan")
    assert [error.message for error in plan.errors] == [
        "Cell B2 holds the formula =A2*2: type the value instead.",
        "Cell B3 holds the formula =A3*2: type the value instead.",
    ]
    assert [item["row"] for item in plan.creates] == [4]


def test_text_that_only_looks_like_a_formula_is_text(team):
    """The export writes such text as text (never a formula): it comes back as it went."""
    piece = ContentPieceFactory(strategy=team.strategy, title="=HYPERLINK(1)")
    data = content_plan_workbook(build_document(team.strategy))
    plan = plan_import(team.strategy, upload(data), "content_plan")
    assert (plan.errors, plan.unchanged) == ([], 1)
    assert ContentPiece.objects.get(pk=piece.pk).title == "=HYPERLINK(1)"
