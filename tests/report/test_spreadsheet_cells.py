"""What someone opening an exported workbook sees, cell by cell and sheet by sheet.

Every workbook here is written with SafeWorkbook, saved, and opened again with
openpyxl (or, for the chart, read from the file's own XML): the neutralised text,
the number formats and looks, the sheet's direction, the table, the frozen header,
the columns, the chart and the drop-down lists are checked as a spreadsheet gets them.
"""

import datetime
import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl
import pytest
from django.utils.translation import gettext_lazy

from report.spreadsheet import CellStyle, SafeWorkbook, reads_as_formula, safe_text, safe_value

BOLD = CellStyle("Bold", bold=True)
FILLED = CellStyle("Filled", fill="FFEEAA")
WRAPPED = CellStyle("Wrapped", wrap=True)
PERCENT = CellStyle(number_format="0.0%")
DAY_MONTH = CellStyle(number_format="dd/mm/yyyy")
ISO_DAY = CellStyle(number_format="yyyy-mm-dd")
BOLD_MONEY = CellStyle("Bold money", bold=True, number_format="#,##0.00")

CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
TEXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"


def saved(workbook: SafeWorkbook) -> bytes:
    return workbook.to_bytes()


def opened(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def one_row(values, style=None, styles=None):
    """The first sheet of a workbook holding this one row."""
    workbook = SafeWorkbook()
    workbook.add_sheet("Sheet").append(values, style=style, styles=styles)
    return opened(saved(workbook)).worksheets[0]


def cell_of(value, style=None):
    return one_row([value], style=style)["A1"]


def test_the_file_is_an_xlsx_archive_from_its_first_byte():
    workbook = SafeWorkbook()
    workbook.add_sheet("Sheet").append(["x"])
    data = saved(workbook)
    # What a spreadsheet (or `file`) looks for first: a zip archive's local header.
    assert data[:4] == b"PK\x03\x04"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert "xl/workbook.xml" in archive.namelist()


# -- Text that reads as a formula or an error value ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "\t#VALUE!",
        "=SUM(A1:A9)",
        "+49 30 1234",
        "-5",
        "@handle",
        "\r=1+1",
        "\u00a0=1+1",
    ],
)
@pytest.mark.parametrize("style", [None, BOLD, PERCENT], ids=["plain", "bold", "percent"])
def test_formula_and_error_text_comes_back_as_quoted_text(text, style):
    cell = cell_of(text, style)
    # An XML reader gives a carriage return back as a line feed.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text.replace("\r", "\n"), "s", True)


@pytest.mark.parametrize(
    "text",
    [
        "#hashtag",
        "#N/A later",
        "# of leads",
        "Total = 5",
        "email@example.com",
        "3-5 posts",
        " plain with a space",
        "",
    ],
)
@pytest.mark.parametrize("style", [None, BOLD], ids=["plain", "bold"])
def test_ordinary_text_has_no_quote_prefix(text, style):
    cell = cell_of(text, style)
    if text == "":
        assert cell.value in ("", None)
    else:
        assert (cell.value, cell.data_type) == (text, "s")
    assert cell.quotePrefix is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", True),
        ("  +1", True),
        ("\n-1", True),
        ("@x", True),
        ("#REF!", True),
        ("  #NUM!", True),
        ("#VALUE!", True),
        ("#NULL!", True),
        ("#ref!", False),
        ("#REF! and more", False),
        ("1=1", False),
        ("", False),
    ],
)
def test_reads_as_formula(text, expected):
    assert reads_as_formula(text) is expected


def test_lazy_translated_text_that_reads_as_a_formula_stays_text():
    cell = cell_of(gettext_lazy("=SUM(A1:A2)"))
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SUM(A1:A2)", "s", True)


# -- Values of every kind ------------------------------------------------------------


def test_values_come_back_as_the_cells_a_spreadsheet_shows():
    row = [
        None,
        0,
        False,
        datetime.date(2027, 3, 9),
        datetime.datetime(2027, 3, 9, 14, 30),
        datetime.time(9, 15),
        datetime.timedelta(hours=2),
        Decimal("12.25"),
        Decimal("-Infinity"),
        float("-inf"),
        ["a", 1, None],
        ("=x",),
        "text\x01",
        gettext_lazy("Budget"),
    ]
    cells = one_row(row)[1]
    assert [(cell.value, cell.data_type) for cell in cells] == [
        (None, "n"),
        (0, "n"),
        (False, "b"),
        (datetime.datetime(2027, 3, 9), "d"),
        (datetime.datetime(2027, 3, 9, 14, 30), "d"),
        (datetime.time(9, 15), "d"),
        (datetime.timedelta(hours=2), "d"),
        (12.25, "n"),
        (None, "n"),
        (None, "n"),
        ("a, 1, None", "s"),
        ("=x", "s"),
        ("text", "s"),
        ("Budget", "s"),
    ]
    assert cells[11].quotePrefix is True
    assert cells[12].quotePrefix is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("a\x00b\x1fc", "abc"),
        ("tab\tline\ncr\r", "tab\tline\ncr\r"),
        (None, None),
        (7, 7),
        (True, True),
        (datetime.date(2027, 1, 2), datetime.date(2027, 1, 2)),
        (Decimal("2.5"), 2.5),
        (Decimal("NaN"), None),
        (1.5, 1.5),
        (float("nan"), None),
        (["x", "y\x07"], "x, y"),
        (("p",), "p"),
        ((), ""),
        (datetime.time(8, 0), datetime.time(8, 0)),
        (datetime.timedelta(days=1), datetime.timedelta(days=1)),
        (datetime.datetime(2027, 1, 2, 3, 4), datetime.datetime(2027, 1, 2, 3, 4)),
        (gettext_lazy("Goal"), "Goal"),
        (Decimal("3"), 3.0),
    ],
)
def test_safe_value(value, expected):
    result = safe_value(value)
    assert result == expected
    assert type(result) is type(expected)


def test_safe_text_drops_only_what_a_workbook_cannot_hold():
    assert safe_text("ok\x0b\x0cfine\ud800\ufffe") == "okfine"
    assert safe_text("فارسی\t☕\n") == "فارسی\t☕\n"


# -- Number formats and looks --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "style", "value_read", "number_format"),
    [
        (Decimal("0.125"), PERCENT, 0.125, "0.0%"),
        (3, PERCENT, 3, "0.0%"),
        (datetime.date(2027, 5, 6), DAY_MONTH, datetime.datetime(2027, 5, 6), "dd/mm/yyyy"),
        (datetime.date(2027, 5, 6), ISO_DAY, datetime.datetime(2027, 5, 6), "yyyy-mm-dd"),
        (
            datetime.datetime(2027, 5, 6, 7, 8),
            ISO_DAY,
            datetime.datetime(2027, 5, 6, 7, 8),
            "yyyy-mm-dd",
        ),
        (
            datetime.datetime(2027, 5, 6, 7, 8),
            None,
            datetime.datetime(2027, 5, 6, 7, 8),
            "yyyy-mm-dd h:mm:ss",
        ),
        (None, PERCENT, None, "General"),
        (None, BOLD_MONEY, None, "General"),
        (1234.5, BOLD_MONEY, 1234.5, "#,##0.00"),
        ("text", PERCENT, "text", "0.0%"),
    ],
)
def test_a_cell_shows_its_style_s_number_format(value, style, value_read, number_format):
    cell = cell_of(value, style)
    assert (cell.value, cell.number_format) == (value_read, number_format)


def test_an_empty_cell_with_a_look_keeps_the_look():
    sheet = one_row([None, None, None, None], styles=[FILLED, BOLD, BOLD_MONEY, None])
    assert sheet["A1"].fill.fill_type == "solid"
    assert sheet["A1"].fill.fgColor.rgb == "00FFEEAA"
    assert sheet["B1"].font.bold is True
    assert (sheet["C1"].font.bold, sheet["C1"].number_format) == (True, "General")
    assert sheet["D1"].style == "Normal"


@pytest.mark.parametrize(
    ("style", "bold", "fill", "wrap", "vertical"),
    [
        (BOLD, True, None, None, None),
        (FILLED, False, "00FFEEAA", None, None),
        (WRAPPED, False, None, True, "top"),
        (CellStyle("All", bold=True, fill="112233", wrap=True), True, "00112233", True, "top"),
    ],
)
def test_a_look_comes_back_as_a_named_style(style, bold, fill, wrap, vertical):
    cell = cell_of("Look", style)
    assert cell.style == style.name
    assert cell.font.bold is bold
    if not bold:
        # The workbook's own font, as in its Normal style.
        assert (cell.font.name, cell.font.sz) == ("Calibri", 11)
    if fill is None:
        assert cell.fill.fill_type is None
    else:
        assert (cell.fill.fill_type, cell.fill.fgColor.rgb) == ("solid", fill)
    assert (cell.alignment.wrap_text, cell.alignment.vertical) == (wrap, vertical)
    assert cell.border.left.style is None and cell.border.bottom.style is None


def test_each_look_is_registered_once_as_a_named_style():
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Sheet")
    sheet.append(["a", "b", "c"], styles=[FILLED, WRAPPED, FILLED])
    read = opened(saved(workbook))
    assert read.named_styles == ["Normal", "Filled", "Wrapped"]
    assert [cell.style for cell in read.worksheets[0][1]] == ["Filled", "Wrapped", "Filled"]


def test_a_look_needs_a_name_and_says_so():
    for look in ({"bold": True}, {"fill": "FFFFFF"}, {"wrap": True}):
        with pytest.raises(ValueError, match=r"^A style with a look needs a name\.$"):
            CellStyle(**look)
    assert CellStyle(number_format="0").has_look is False
    assert CellStyle("Named").has_look is False


def test_a_row_of_styles_pairs_each_value_with_its_style():
    sheet = one_row(["a", 2, "=3"], styles=[BOLD, None, PERCENT])
    assert [(cell.value, cell.font.bold, cell.number_format) for cell in sheet[1]] == [
        ("a", True, "General"),
        (2, False, "General"),
        ("=3", False, "0.0%"),
    ]
    assert sheet["C1"].quotePrefix is True


# -- Sheets --------------------------------------------------------------------------


def test_sheets_keep_their_direction_and_clean_titles():
    workbook = SafeWorkbook()
    workbook.add_sheet("English")
    workbook.add_sheet("برنامه محتوا", right_to_left=True)
    workbook.add_sheet("a\\b*c?d:e/f[g]h")
    workbook.add_sheet("x" * 40)
    read = opened(saved(workbook))
    assert read.sheetnames == ["English", "برنامه محتوا", "a b c d e f g h", "x" * 31]
    assert [bool(sheet.sheet_view.rightToLeft) for sheet in read.worksheets] == [
        False,
        True,
        False,
        False,
    ]


def test_columns_take_their_widths_and_the_hidden_ones_are_hidden():
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Plan")
    sheet.set_columns([6, 30.5, 12], hidden=[1, 3])
    sheet.append(["ID", "Title", "Version"])
    columns = opened(saved(workbook)).worksheets[0].column_dimensions
    assert [(columns[letter].width, columns[letter].hidden) for letter in "ABC"] == [
        (6, True),
        (30.5, False),
        (12, True),
    ]


def test_the_header_row_is_frozen_only_when_asked():
    workbook = SafeWorkbook()
    workbook.add_sheet("Frozen").freeze_header()
    workbook.add_sheet("Loose")
    read = opened(saved(workbook))
    assert [sheet.freeze_panes for sheet in read.worksheets] == ["A2", None]


# -- Tables --------------------------------------------------------------------------


def test_a_table_covers_the_header_and_its_rows():
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Results")
    headers = ["Goal", "Month", "Milestone", "Actual", "=Note"]
    sheet.append(headers)
    for month in range(1, 13):
        sheet.append(["Leads", month, 10 * month, 9 * month, ""])
    sheet.add_table("Results", headers, last_row=13)
    other = workbook.add_sheet("Other")
    other.append(["Only"])
    other.append([1])
    other.add_table("Other", ["Only"], last_row=2)
    read = opened(saved(workbook))
    table = read["Results"].tables["Results"]
    assert (table.displayName, table.ref, table.autoFilter.ref) == ("Results", "A1:E13", "A1:E13")
    assert [(column.id, column.name) for column in table.tableColumns] == [
        (1, "Goal"),
        (2, "Month"),
        (3, "Milestone"),
        (4, "Actual"),
        (5, "=Note"),
    ]
    assert (table.tableStyleInfo.name, table.tableStyleInfo.showRowStripes) == (
        "TableStyleMedium2",
        True,
    )
    assert read["Other"].tables["Other"].ref == "A1:A2"


def test_two_tables_of_one_workbook_cannot_share_a_name():
    workbook = SafeWorkbook()
    workbook.add_sheet("One").add_table("Plan", ["ID"], last_row=2)
    with pytest.raises(ValueError, match=r"^The workbook has a table named Plan already\.$"):
        workbook.add_sheet("Two").add_table("Plan", ["ID"], last_row=3)
    # Another workbook has tables of its own.
    SafeWorkbook().add_sheet("One").add_table("Plan", ["ID"], last_row=2)


@pytest.mark.parametrize("last_row", [1, 0, -1])
def test_a_table_without_rows_is_refused(last_row):
    with pytest.raises(ValueError, match=r"^A table needs a row below its header\.$"):
        SafeWorkbook().add_sheet("Plan").add_table("Plan", ["ID"], last_row=last_row)


# -- Line charts ---------------------------------------------------------------------


def chart_parts(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chart = ElementTree.fromstring(archive.read("xl/charts/chart1.xml"))
        drawing = ElementTree.fromstring(archive.read("xl/drawings/drawing1.xml"))
    return chart, drawing


def chart_workbook(**options) -> bytes:
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Results")
    sheet.append(["Month", "Goal", "Milestone", "Actual"])
    for month in range(1, 7):
        sheet.append([datetime.date(2027, month, 1), "Leads", 10 * month, 8 * month])
    sheet.add_line_chart(
        "=Leads\x07 per month",
        (3, 6),
        1,
        [("=Milestone", 3), ("Actual\x00", 4)],
        "G4",
        **options,
    )
    return saved(workbook)


def test_a_line_chart_draws_each_series_over_its_rows():
    chart, drawing = chart_parts(chart_workbook())
    title = "".join(node.text for node in chart.find(f"{CHART}chart/{CHART}title").iter(TEXT))
    assert title == "=Leads per month"
    series = chart.findall(f".//{CHART}lineChart/{CHART}ser")
    assert [
        (
            line.find(f"{CHART}tx/{CHART}v").text,
            line.find(f"{CHART}cat//{CHART}f").text,
            line.find(f"{CHART}val//{CHART}f").text,
        )
        for line in series
    ] == [
        ("=Milestone", "'Results'!$A$3:$A$6", "'Results'!$C$3:$C$6"),
        ("Actual", "'Results'!$A$3:$A$6", "'Results'!$D$3:$D$6"),
    ]
    category_axis = chart.find(f".//{CHART}catAx")
    assert category_axis.find(f"{CHART}numFmt").get("formatCode") == "mmm yyyy"
    assert [
        axis.find(f"{CHART}delete").get("val")
        for axis in (category_axis, chart.find(f".//{CHART}valAx"))
    ] == [
        "0",
        "0",
    ]
    anchor = drawing.find(f"{DRAWING}oneCellAnchor")
    start = anchor.find(f"{DRAWING}from")
    # G4: column 7 and row 4, counted from 0.
    assert (start.find(f"{DRAWING}col").text, start.find(f"{DRAWING}row").text) == ("6", "3")
    # 16 by 7 centimetres, in EMU (360000 a centimetre).
    size = anchor.find(f"{DRAWING}ext")
    assert (size.get("cx"), size.get("cy")) == ("5760000", "2520000")


def test_a_line_chart_shows_its_months_as_asked():
    chart, _drawing = chart_parts(chart_workbook(number_format="mm/yy"))
    assert chart.find(f".//{CHART}catAx/{CHART}numFmt").get("formatCode") == "mm/yy"


# -- Drop-down lists -----------------------------------------------------------------


def choice_lists(*lists):
    workbook = SafeWorkbook()
    sheet = workbook.add_sheet("Plan")
    for column, choices, rows in lists:
        sheet.add_choice_list(column, choices, rows, "Not in the list\x07", "Choose one\x00.")
    return opened(saved(workbook)).worksheets[0].data_validations.dataValidation


def test_a_choice_list_offers_its_choices_in_its_column():
    [validation] = choice_lists(
        (4, ["Blog post", gettext_lazy("Video"), 'A "quote"', "x,y\x07"], (2, 40))
    )
    assert validation.type == "list"
    assert validation.formula1 == '"Blog post,Video,A ""quote"",x y"'
    assert str(validation.sqref) == "D2:D40"
    assert (validation.allow_blank, validation.showErrorMessage) == (True, True)
    assert (validation.errorTitle, validation.error) == ("Not in the list", "Choose one.")


@pytest.mark.parametrize(
    ("choices", "offered"),
    [
        # 249 letters and the comma between: 250 characters, as long as a list may be.
        (["a" * 124, "b" * 125], True),
        (["a" * 125, "b" * 125], False),
        # A quote counts twice, as it is written.
        (["a" * 123, "b" * 124 + '"'], True),
        (["a" * 124, "b" * 124 + '"'], False),
    ],
)
def test_a_choice_list_longer_than_excel_takes_is_left_out(choices, offered):
    assert len(choice_lists((2, choices, (2, 500)))) == (1 if offered else 0)


def test_each_choice_list_keeps_its_own_column_and_rows():
    validations = choice_lists((1, ["a"], (2, 9)), (27, ["b", "c"], (5, 6)))
    assert [(str(item.sqref), item.formula1) for item in validations] == [
        ("A2:A9", '"a"'),
        ("AA5:AA6", '"b,c"'),
    ]
