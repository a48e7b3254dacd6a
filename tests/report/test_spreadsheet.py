import ast
import datetime
import inspect
import io
import re
import uuid
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from report import spreadsheet, xlsx
from report.spreadsheet import DATE_FORMAT, CellStyle, SafeWorkbook

HEADER = CellStyle("Header", bold=True, fill="DDE7FF")
WRAPPED = CellStyle("Wrapped text", wrap=True)
MONEY = CellStyle(number_format='#,##0.00 "EUR"')


def written(*rows, style=None, styles=None) -> bytes:
    """A one-sheet workbook with these rows appended."""
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Sheet")
    for row in rows:
        sheet.append(row, style=style, styles=styles)
    return workbook.to_bytes()


def read_back(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def only_cell(value, style=None):
    return read_back(written([value], style=style))["A1"]


def styles_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/styles.xml").decode()


FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=",
    "  =1+1",
    "\t=1+1",
    "\n+1",
    " \t @cmd",
]


@pytest.mark.parametrize("text", FORMULAS)
@pytest.mark.parametrize("style", [None, HEADER, MONEY], ids=["plain", "header", "money"])
def test_text_that_starts_like_a_formula_stays_text(text, style):
    cell = only_cell(text, style)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize("error", ["#N/A", "#REF!", "#DIV/0!", " #NAME?"])
def test_text_that_reads_as_an_error_value_stays_text(error):
    cell = only_cell(error)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (error, "s", True)


def test_a_formula_inside_a_list_stays_text():
    sheet = read_back(written([["=1+1", "x"], ("a", "=cmd|' /C calc'!A0")]))
    assert [(cell.value, cell.data_type) for cell in sheet[1]] == [
        ("=1+1, x", "s"),
        ("a, =cmd|' /C calc'!A0", "s"),
    ]
    assert sheet["A1"].quotePrefix


def test_no_cell_of_a_hostile_row_becomes_a_formula():
    sheet = read_back(written(FORMULAS, [[text] for text in FORMULAS], styles=None))
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert len(cells) == 2 * len(FORMULAS)
    assert all(cell.data_type == "s" for cell in cells)


def test_ordinary_text_is_written_without_a_cell_of_its_own():
    # A quote prefix only where it is needed: "-" inside text, or a hyphen word, is no formula.
    for text in ["Grind guide", "e-mail", "x = 1", "Q&A", "5 + 5"]:
        cell = only_cell(text)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", False)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("bell\x07 escape\x1b null\x00 end", "bell escape null end"),
        ("vertical\x0btab, form\x0cfeed", "verticaltab, formfeed"),
        ("lone \ud800surrogate", "lone surrogate"),
        ("not a character\ufffe\uffff", "not a character"),
        ("tab\tand\nlines", "tab\tand\nlines"),
        ("Persian راهنمای آسیاب and emoji ☕", "Persian راهنمای آسیاب and emoji ☕"),
    ],
)
def test_characters_a_workbook_cannot_hold_are_dropped(text, kept):
    assert only_cell(text).value == kept
    assert only_cell([text, "x"]).value == f"{kept}, x"
    assert only_cell(text, WRAPPED).value == kept


def test_control_characters_before_a_formula_do_not_hide_it():
    cell = only_cell("\x07=1+1")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)


def test_numbers_dates_and_empty_values_come_back_with_their_types():
    row = [
        7,
        2.5,
        Decimal("3800.50"),
        datetime.date(2027, 1, 14),
        None,
        True,
        gettext_lazy("Title"),
        uuid.UUID(int=1),
    ]
    cells = read_back(written(row))[1]
    assert [(cell.value, cell.data_type) for cell in cells] == [
        (7, "n"),
        (2.5, "n"),
        (3800.5, "n"),
        (datetime.datetime(2027, 1, 14), "d"),
        (None, "n"),
        (True, "b"),
        ("Title", "s"),
        ("00000000-0000-0000-0000-000000000001", "s"),
    ]
    assert [cell.number_format for cell in cells[:4]] == [
        "General",
        "General",
        "General",
        "yyyy-mm-dd",
    ]


def test_a_date_is_written_yyyy_mm_dd_however_it_is_styled():
    # Plain dates are left to openpyxl, whose own format for them must stay DATE_FORMAT.
    assert DATE_FORMAT == "yyyy-mm-dd"
    day = datetime.date(2027, 11, 15)
    for style in [None, CellStyle(number_format=DATE_FORMAT), WRAPPED]:
        cell = only_cell(day, style)
        assert (cell.value, cell.number_format) == (datetime.datetime(2027, 11, 15), DATE_FORMAT)
        assert bool(cell.alignment.wrap_text) == (style is WRAPPED)


def test_lazy_text_is_written_in_the_active_language():
    with translation.override("fa"):
        data = written([gettext_lazy("Title")])
    assert read_back(data)["A1"].value not in ("", "Title")


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("inf"), float("nan")])
def test_a_number_that_is_not_finite_is_left_empty(value):
    assert only_cell(value, MONEY).value is None


def test_numbers_take_their_style_s_number_format():
    sheet = read_back(
        written(
            [Decimal("3800"), 12, None, "to be confirmed"],
            styles=[MONEY, MONEY, MONEY, MONEY],
        )
    )
    assert [cell.value for cell in sheet[1]] == [3800, 12, None, "to be confirmed"]
    assert [cell.number_format for cell in sheet[1]] == ['#,##0.00 "EUR"'] * 2 + ["General"] + [
        '#,##0.00 "EUR"'
    ]


def test_an_empty_cell_keeps_a_look_but_not_a_number_format():
    data = written([None, None], styles=[WRAPPED, MONEY])
    archive = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="A1" s="\d+"', archive)
    assert 'r="B1"' not in archive
    assert read_back(data)["A1"].alignment.wrap_text


def test_looks_come_back_as_they_were_asked_for():
    sheet = read_back(written(["Title", "Owner"], style=HEADER))
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["A1"].fill.fgColor.rgb.endswith("DDE7FF")
    wrapped = only_cell("A long line", WRAPPED)
    assert (wrapped.alignment.wrap_text, wrapped.alignment.vertical) == (True, "top")
    assert not wrapped.font.bold


def test_a_style_is_registered_once_per_workbook_however_many_cells_use_it():
    workbook = SafeWorkbook()
    for title in ("One", "Two"):
        sheet = workbook.add_sheet(title)
        sheet.append(["Budget", "Note"], style=HEADER)
        for number in range(500):
            sheet.append([Decimal(number), f"note {number}"], styles=[MONEY, WRAPPED])
    data = workbook.to_bytes()
    styles = styles_xml(data)
    assert styles.count('name="Header"') == 1
    assert styles.count('name="Wrapped text"') == 1
    assert styles.count("formatCode=") == 1
    # Normal, and one each for the header, the money and the wrapped cells.
    assert re.search(r'<cellXfs count="(\d+)"', styles).group(1) == "4"
    assert openpyxl.load_workbook(io.BytesIO(data)).named_styles == [
        "Normal",
        "Header",
        "Wrapped text",
    ]


def test_each_workbook_registers_its_own_styles():
    first, second = written(["a"], style=HEADER), written(["b"], style=HEADER)
    assert read_back(first)["A1"].font.bold and read_back(second)["A1"].font.bold


def test_a_look_needs_a_name():
    with pytest.raises(ValueError, match="needs a name"):
        CellStyle(bold=True)


def test_rows_must_match_their_styles():
    sheet = SafeWorkbook().add_sheet("Sheet")
    with pytest.raises(ValueError):
        sheet.append(["a", "b"], styles=[None])


def test_a_table_names_its_columns_after_the_header_row():
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Plan")
    headers = ["ID", "Title", gettext_lazy("Budget"), "Bell\x07"]
    sheet.append(headers, style=HEADER)
    sheet.append([1, "Grind guide", 3800, None])
    sheet.add_table("ContentPlan", headers, last_row=2)
    with pytest.raises(ValueError, match="already"):
        sheet.add_table("ContentPlan", headers, last_row=2)
    read = read_back(workbook.to_bytes())
    table = read.tables["ContentPlan"]
    assert table.ref == table.autoFilter.ref == "A1:D2"
    assert [column.name for column in table.tableColumns] == [cell.value for cell in read[1]]
    assert [column.name for column in table.tableColumns] == ["ID", "Title", "Budget", "Bell"]


def test_a_table_needs_a_row_below_its_header():
    sheet = SafeWorkbook().add_sheet("Plan")
    with pytest.raises(ValueError, match="below its header"):
        sheet.add_table("Empty", ["ID"], last_row=1)


def test_a_choice_list_becomes_a_dropdown_unless_it_is_too_long():
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Plan")
    sheet.add_choice_list(2, ["High", "Low, later", 'Say "no"'], (2, 500), "Not in the list", "?")
    sheet.add_choice_list(3, ["x" * 100, "y" * 100, "z" * 100], (2, 500), "Too long", "?")
    read = read_back(workbook.to_bytes())
    [validation] = read.data_validations.dataValidation
    assert validation.formula1 == '"High,Low  later,Say ""no"""'
    assert str(validation.sqref) == "B2:B500"
    assert (validation.errorTitle, validation.showErrorMessage) == ("Not in the list", True)


def test_sheet_titles_and_layout():
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Plan: 2027/28 [draft]\x07 with a very long title", True)
    sheet.set_columns([8, 40], hidden=[1])
    sheet.freeze_header()
    sheet.append(["ID", "Title"])
    read = read_back(workbook.to_bytes())
    assert read.title == "Plan  2027 28  draft  with a ve"
    assert read.sheet_view.rightToLeft and read.freeze_panes == "A2"
    assert read.column_dimensions["A"].hidden and read.column_dimensions["B"].width == 40


@pytest.mark.parametrize("module", [spreadsheet, xlsx])
def test_the_workbook_is_written_through_openpyxl_s_public_names_only(module):
    tree = ast.parse(inspect.getsource(module))
    private = [
        f"{ast.unparse(node)} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "object"))
    ]
    assert private == []
