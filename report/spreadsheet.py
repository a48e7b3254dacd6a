"""Write-only workbooks whose every cell is safe to open, written through openpyxl's public API.

`SafeWorkbook` wraps an openpyxl workbook in write-only mode (rows go to disk as
they are written, so memory does not grow with them) and `SafeSheet` one of its
sheets. `SafeSheet.append()` is the only way a row gets into a sheet, and it
makes every value safe before openpyxl sees it, so no caller can forget:

- text a spreadsheet could take for a formula (starting with = + - @, also after
  leading white space) or for an error value (#N/A, #REF! …) is written as text,
  with a quote prefix so that it stays text when someone edits the cell;
- characters an XML file cannot hold (control characters other than tab and
  line breaks, lone surrogates) are dropped;
- lists and tuples are joined with commas, lazy translations become text,
  Decimals become numbers; a number that is not finite is left out, and any other
  value openpyxl does not know is written as its text.

How a cell looks is a `CellStyle`. Its look (bold, fill, wrapped text) becomes a
named style of the workbook, registered the first time a cell uses it; its
number format is set on the cell, and openpyxl keeps each format once per
workbook. Dates are written as yyyy-mm-dd unless their style says otherwise.
Excel tables are given their column names through `TableColumn` (a write-only
sheet cannot read its header row back), and choice lists become data validations.
"""

import datetime
import math
import re
import tempfile
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

FORMULA_STARTS = ("=", "+", "-", "@")
# What Excel reads as an error value rather than as text.
ERROR_VALUES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
# How a date is written: openpyxl's own format for dates, so that a date needs
# no cell of its own (a test checks openpyxl still gives it).
DATE_FORMAT = "yyyy-mm-dd"
# Characters XML 1.0 cannot hold: C0 controls but tab, line feed and carriage
# return; lone surrogates; U+FFFE and U+FFFF.
ILLEGAL_CHARACTERS_RE = re.compile(
    "[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# The first characters of text that may have to be marked as text: a quick
# first look, since most text starts with none of them (nor with white space).
_SUSPECT_FIRST = frozenset("=+-@#")
# Characters a sheet's title cannot hold, and its longest length.
_TITLE_FORBIDDEN_RE = re.compile(r"[\\*?:/\[\]]")
TITLE_LENGTH = 31
# Excel refuses a list of choices longer than 255 characters; this leaves room to spare.
CHOICES_LENGTH = 250


@dataclass(frozen=True)
class CellStyle:
    """How a cell looks. A style with a look (bold, fill, wrap) needs a name: the look
    is registered once per workbook as a named style of that name. An empty cell is
    written only when its style has a look (a number format alone shows nothing)."""

    name: str | None = None
    number_format: str | None = None
    bold: bool = False
    fill: str | None = None  # the RGB colour of a solid fill
    wrap: bool = False  # wrapped text, aligned to the top
    has_look: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Worked out once: append() asks for every cell.
        object.__setattr__(self, "has_look", self.bold or self.fill is not None or self.wrap)
        if self.has_look and not self.name:
            raise ValueError("A style with a look needs a name.")

    def named_style(self) -> NamedStyle:
        # What it leaves alone is the workbook's default, as in its "Normal" style.
        return NamedStyle(
            name=self.name,
            font=Font(bold=True) if self.bold else copy(DEFAULT_FONT),
            border=copy(DEFAULT_BORDER),
            fill=PatternFill("solid", fgColor=self.fill) if self.fill else None,
            alignment=Alignment(wrap_text=True, vertical="top") if self.wrap else None,
        )


def safe_text(text: str) -> str:
    """The text without the characters a workbook cannot hold."""
    # Printable text has none of them: checking is cheaper than substituting.
    return text if text.isprintable() else ILLEGAL_CHARACTERS_RE.sub("", text)


def safe_value(value):
    """The value as a cell can hold it: text without illegal characters, lists
    joined, lazy translations as text, Decimals as floats, numbers that are not
    finite as None. Text that reads as a formula is left as it is: append() writes
    it as text."""
    kind = type(value)
    if kind is str:  # most cells
        return safe_text(value)
    if value is None or kind is int or kind is bool or kind is datetime.date:
        return value
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return safe_text(", ".join(str(item) for item in value))
    if isinstance(value, int | datetime.date | datetime.time | datetime.timedelta):
        return value
    return safe_text(str(value))  # lazy translations, choices, anything else


def reads_as_formula(text: str) -> bool:
    """Whether a spreadsheet could take the text for a formula or an error value."""
    text = text.lstrip()
    return text.startswith(FORMULA_STARTS) or text in ERROR_VALUES


class SafeWorkbook:
    """A write-only workbook whose sheets are SafeSheets. It keeps what it has
    registered (named styles, table names) itself."""

    def __init__(self):
        self._workbook = Workbook(write_only=True)
        self._named_styles: dict[str, CellStyle] = {}
        self._table_names: set[str] = set()

    def add_sheet(self, title: str, right_to_left: bool = False) -> "SafeSheet":
        title = _TITLE_FORBIDDEN_RE.sub(" ", safe_text(str(title)))[:TITLE_LENGTH]
        worksheet = self._workbook.create_sheet(title)
        worksheet.sheet_view.rightToLeft = right_to_left
        return SafeSheet(self, worksheet)

    def style_name(self, style: CellStyle) -> str:
        """The name of the style's look in this workbook, registered on first use."""
        if style.name not in self._named_styles:
            self._workbook.add_named_style(style.named_style())
            self._named_styles[style.name] = style
        return style.name

    def claim_table_name(self, name: str) -> None:
        if name in self._table_names:
            raise ValueError(f"The workbook has a table named {name} already.")
        self._table_names.add(name)

    def to_bytes(self) -> bytes:
        # The archive is put together on disk, like the sheets: in memory, the whole
        # compressed file would be held next to the compressor's buffers.
        with tempfile.TemporaryFile() as archive:
            self._workbook.save(archive)
            archive.seek(0)
            return archive.read()


class SafeSheet:
    """One sheet of a SafeWorkbook, written row by row."""

    def __init__(self, workbook: SafeWorkbook, worksheet):
        self._workbook = workbook
        self._worksheet = worksheet

    def append(
        self,
        values: Iterable,
        *,
        style: CellStyle | None = None,
        styles: Sequence[CellStyle | None] | None = None,
    ) -> None:
        """Write one row, every value made safe: `style` for every cell of the row,
        or `styles`, one per value (None for a plain cell)."""
        cell = self._cell
        if styles is None:
            cells = [cell(value, style) for value in values]
        else:
            cells = [cell(value, style) for value, style in zip(values, styles, strict=True)]
        self._worksheet.append(cells)

    def _cell(self, value, style: CellStyle | None):
        """The value as openpyxl should get it: the plain value when it needs no
        cell of its own (the cheapest to write, and most cells), otherwise a cell."""
        kind = type(value)
        if kind is str:
            if not value.isprintable():  # only then can it hold an illegal character
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
        else:
            if kind is not int and value is not None:
                value = safe_value(value)
                kind = type(value)
            if kind is not str:
                if style is None:
                    return value  # a date too: openpyxl gives it DATE_FORMAT
                if not style.has_look and (
                    value is None or (kind is datetime.date and style.number_format == DATE_FORMAT)
                ):
                    return value  # a number format shows nothing on an empty cell
                return self._styled(value, style, False)
        first = value[:1]
        as_text = (first in _SUSPECT_FIRST or first.isspace()) and reads_as_formula(value)
        if style is None and not as_text:
            return value
        return self._styled(value, style, as_text)

    def _styled(self, value, style: CellStyle | None, as_text: bool):
        cell = WriteOnlyCell(self._worksheet)
        if style is not None:
            if style.has_look:
                cell.style = self._workbook.style_name(style)
            if style.number_format is not None and value is not None:
                cell.number_format = style.number_format  # before the value: a date keeps it
        cell.value = value
        if as_text:
            cell.data_type = "s"  # openpyxl would write a leading = as a formula
            cell.quotePrefix = True
        return cell

    def set_columns(self, widths: Sequence[float], hidden: Iterable[int] = ()) -> None:
        """Column widths in characters, from column A on; `hidden`: column numbers
        (1 is A). Write-only sheets take them before the first row."""
        for number, width in enumerate(widths, start=1):
            self._worksheet.column_dimensions[get_column_letter(number)].width = width
        for number in hidden:
            self._worksheet.column_dimensions[get_column_letter(number)].hidden = True

    def freeze_header(self) -> None:
        """Keep the first row in view while scrolling."""
        self._worksheet.freeze_panes = "A2"

    def add_table(self, name: str, headers: Sequence[str], last_row: int) -> None:
        """An Excel table over the header row and the rows below it, up to
        `last_row`. Its columns are named after `headers`, which must be the text
        of the header row."""
        if last_row < 2:
            raise ValueError("A table needs a row below its header.")
        self._workbook.claim_table_name(name)
        ref = f"A1:{get_column_letter(len(headers))}{last_row}"
        table = Table(
            displayName=name,
            ref=ref,
            autoFilter=AutoFilter(ref=ref),
            tableColumns=[
                TableColumn(id=number, name=safe_value(header))
                for number, header in enumerate(headers, start=1)
            ],
            tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True),
        )
        self._worksheet.tables.add(table)

    def add_line_chart(
        self,
        title: str,
        rows: tuple[int, int],
        categories: int,
        series: Sequence[tuple[str, int]],
        anchor: str,
        number_format: str = "mmm yyyy",
    ) -> None:
        """A line chart of this sheet's ``rows`` (first, last): one line per
        (name, column number) of ``series``, across the values of the
        ``categories`` column (months, shown as ``number_format``), placed with its
        top corner at the cell ``anchor``. Its title and names are text, made safe."""
        first, last = rows
        chart = LineChart()
        chart.title = safe_text(str(title))
        chart.height, chart.width = 7, 16  # centimetres: about 14 rows by 8 columns
        for name, column in series:
            chart.add_data(Reference(self._worksheet, min_col=column, min_row=first, max_row=last))
            chart.series[-1].tx = SeriesLabel(v=safe_text(str(name)))
        chart.set_categories(
            Reference(self._worksheet, min_col=categories, min_row=first, max_row=last)
        )
        chart.x_axis.number_format = number_format
        # Drawn by Excel and LibreOffice alike only when said outright.
        chart.x_axis.delete = chart.y_axis.delete = False
        self._worksheet.add_chart(chart, anchor)

    def add_choice_list(
        self,
        column: int,
        choices: Iterable[str],
        rows: tuple[int, int],
        error_title: str,
        error: str,
    ) -> None:
        """A dropdown of `choices` in one column over `rows` (first, last). A list
        too long for Excel is left out."""
        options = ",".join(
            safe_text(str(choice)).replace(",", " ").replace('"', '""') for choice in choices
        )
        if len(options) > CHOICES_LENGTH:
            return
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        validation.error = safe_text(str(error))
        validation.errorTitle = safe_text(str(error_title))
        validation.showErrorMessage = True
        letter = get_column_letter(column)
        validation.add(f"{letter}{rows[0]}:{letter}{rows[1]}")
        self._worksheet.data_validations.append(validation)
