"""The strategy workbook (openpyxl), written from the same document as the PDF.

Sheets are written row by row in openpyxl's write-only mode, so memory does not
grow with the number of rows. Text that Excel would read as a
formula (= + - @ at the start) is written as text, and characters the file
format cannot hold are dropped. The content plan and inventory sheets carry a
hidden ID column so that the team's edits can come back (see xlsx_import.py).
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from content_plan.models import ContentFormat, Priority, Status
from report.document import Document
from strategy_planner.templatetags.planner import forward_arrow

FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7FF")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    width: int
    kind: str = "text"  # text, int, decimal, money, date, choice, list
    value: Callable | None = None
    imported: bool = True  # derived figures are written but never read back


def _attr(key):
    return lambda row: getattr(row, key)


PLAN_COLUMNS = [
    Column("id", "ID", 8, "int"),
    Column("title", gettext_lazy("Title"), 40),
    Column("format", gettext_lazy("Format"), 18, "choice"),
    Column("persona", gettext_lazy("Persona"), 20),
    Column("stage", gettext_lazy("Funnel stage"), 14, "choice"),
    Column("goal", gettext_lazy("Goal"), 30),
    Column("channels", gettext_lazy("Promotion channels"), 30, "list"),
    Column("reason", gettext_lazy("Why it is made"), 40),
    Column("priority", gettext_lazy("Priority"), 11, "choice"),
    Column("production", gettext_lazy("Production"), 13, "choice"),
    Column("hours", gettext_lazy("Hours estimate"), 10, "decimal"),
    Column("budget", gettext_lazy("Budget"), 13, "money"),
    Column("owner", gettext_lazy("Owner"), 14),
    Column("due_date", gettext_lazy("Due date"), 12, "date"),
    Column("publish_date", gettext_lazy("Publish date"), 12, "date"),
    Column("status", gettext_lazy("Status"), 14, "choice"),
]

INVENTORY_COLUMNS = [
    Column("id", "ID", 8, "int"),
    Column("name", gettext_lazy("Name"), 30),
    Column("media_label", gettext_lazy("Media type"), 11, "choice"),
    Column("kind", gettext_lazy("Kind"), 20, "choice"),
    Column("platform", gettext_lazy("Platform"), 14, "choice"),
    Column("url", gettext_lazy("URL"), 30),
    Column("owner", gettext_lazy("Owner"), 14),
    Column("visits", gettext_lazy("Visits"), 10, "int"),
    Column("leads", gettext_lazy("Leads"), 10, "int"),
    Column("conversions", gettext_lazy("Conversions"), 12, "int"),
    Column("revenue", gettext_lazy("Revenue"), 13, "money"),
    Column("spend", gettext_lazy("Spend"), 13, "money"),
    Column("conversion_rate", gettext_lazy("Conversion rate (%)"), 12, "decimal", imported=False),
    Column("cost_per_lead", gettext_lazy("Cost per lead"), 13, "money", imported=False),
    Column(
        "cost_per_acquisition", gettext_lazy("Cost per acquisition"), 13, "money", imported=False
    ),
    Column("return_on_ad_spend", gettext_lazy("Return on ad spend"), 12, "decimal", imported=False),
    # Written for reading; they are edited on the earned and paid media steps.
    Column("why_it_works", gettext_lazy("Why it works"), 30, imported=False),
    Column("decision", gettext_lazy("Decision"), 11, "choice", imported=False),
    Column("decision_reason", gettext_lazy("Reason"), 30, imported=False),
]


def safe_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _plain(value):
    kind = type(value)
    if kind is str:  # most cells: checked first
        return ILLEGAL_CHARACTERS_RE.sub("", value) if value else value
    if value is None or kind is int or kind is float:
        return value
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, str):
        value = safe_text(value)
    return value


def write_cell(ws, value, number_format: str | None = None, **style):
    """One value for a write-only sheet's row: text can never become a formula and
    never breaks the file. Plain values stay plain (cheapest to write)."""
    value = _plain(value)
    formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if not (formula_like or style or (number_format and value is not None)):
        return value
    return _styled(
        ws, value, _style_of(ws, number_format if value is not None else None, formula_like, style)
    )


def _styled(ws, value, style: StyleArray):
    """A cell with one of the workbook's styles. Cells share the style's array:
    nothing changes a cell's style once it is written."""
    cell = WriteOnlyCell(ws, value=value)
    cell._style = style
    if type(value) is str:
        cell.data_type = "s"  # text, even when it looks like a formula
    return cell


def _style_of(ws, number_format, quoted: bool, style: dict) -> StyleArray:
    """The style of cells with this format and look, worked out once per workbook:
    setting a format or font on each cell registers it with the workbook again."""
    known = ws.parent.__dict__.setdefault("_planner_styles", {})
    key = (number_format, quoted, tuple((name, id(setting)) for name, setting in style.items()))
    if key not in known:
        prototype = WriteOnlyCell(ws)
        if number_format:
            prototype.number_format = number_format
        if quoted:
            prototype.quotePrefix = True
        for name, setting in style.items():
            setattr(prototype, name, setting)
        known[key] = prototype._style
    return known[key]


def _number_format(column: Column, currency: str) -> str | None:
    if column.key == "id":
        return None  # a key to match rows by, not a quantity: no thousands separator
    return {
        "money": f'#,##0.00 "{currency}"',
        "date": DATE_FORMAT,
        "decimal": "#,##0.0#",
        "int": "#,##0",
    }.get(column.kind)


def _sheet(workbook: Workbook, title: str, document: Document):
    ws = workbook.create_sheet(safe_text(title)[:31])
    ws.sheet_view.rightToLeft = document.strategy["direction"] == "rtl"
    return ws


def _header(ws, headers: list[str], widths: list[int], hidden_first: bool = False):
    """Column widths, the frozen bold header row (the sheet's first row)."""
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = width
    if hidden_first:
        ws.column_dimensions["A"].hidden = True  # the ID, for the round trip
    ws.freeze_panes = "A2"
    ws.append(
        [write_cell(ws, str(header), font=HEADER_FONT, fill=HEADER_FILL) for header in headers]
    )


def _rows_sheet(ws, columns: list[Column], rows: list, currency: str, table_name: str):
    headers = [safe_text(str(column.header)) for column in columns]
    _header(ws, headers, [c.width for c in columns], hidden_first=True)
    cells = [_cell_writer(ws, column, currency) for column in columns]
    for row in rows:
        ws.append([cell(row) for cell in cells])
    last_row = max(len(rows) + 1, 2)  # a table needs a row below its header
    if not rows:
        ws.append([None])
    table = Table(displayName=table_name, ref=f"A1:{get_column_letter(len(columns))}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table._initialise_columns()
    for table_column, header in zip(table.tableColumns, headers, strict=True):
        table_column.name = header
    ws.tables.add(table)  # columns named above, as write-only mode requires
    return last_row


def _cell_writer(ws, column: Column, currency: str) -> Callable:
    """How one column's cell is written from a row, with as little work per cell
    as its kind allows (a large plan has tens of thousands of cells)."""
    get = column.value or _attr(column.key)
    number_format = _number_format(column, currency)
    if column.kind == "int" and number_format is None:
        return get  # IDs: whole numbers as they are
    if column.kind == "date":
        # openpyxl gives a date cell its own yyyy-mm-dd format: DATE_FORMAT.
        return lambda row: value if type(value := get(row)) is datetime.date else _plain(value)
    if number_format is None:
        quoted = _style_of(ws, None, True, {})

        def text(row):
            value = get(row)
            if type(value) is not str:
                value = _plain(value)
                if type(value) is not str:
                    return value
            if not value:
                return value
            if not value.isprintable():  # only then can it hold a control character
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            return _styled(ws, value, quoted) if value.startswith(FORMULA_STARTS) else value

        return text
    formatted = _style_of(ws, number_format, False, {})

    def number(row):
        value = get(row)
        if value is None:
            return None
        kind = type(value)
        if kind is Decimal:
            value = float(value)
        elif kind is not int and kind is not float:
            return write_cell(ws, value, number_format)
        return _styled(ws, value, formatted)

    return number


def _list_validation(ws, labels: list[str], column: int, last_row: int):
    options = ",".join(label.replace(",", " ") for label in labels)
    if len(options) > 250:
        return
    validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
    validation.error = _("Choose one of the values in the list.")
    validation.errorTitle = _("Not in the list")
    validation.showErrorMessage = True
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{max(last_row, 500)}")
    ws.data_validations.append(validation)


def content_plan_sheet(workbook: Workbook, document: Document):
    ws = _sheet(workbook, _("Content plan"), document)
    last_row = _rows_sheet(
        ws, PLAN_COLUMNS, document.plan, document.strategy["currency"], "ContentPlan"
    )
    keys = [column.key for column in PLAN_COLUMNS]
    for key, choices in (("priority", Priority), ("status", Status), ("format", ContentFormat)):
        _list_validation(
            ws, [str(label) for label in choices.labels], keys.index(key) + 1, last_row
        )
    return ws


def _wraps(values: list, widths: list[int]) -> bool:
    """Whether any text of the row runs over its column's width or over lines."""
    return any(
        type(value) is str and (len(value) > width or "\n" in value)
        for value, width in zip(values, widths, strict=False)
    )


def _simple_sheet(workbook, document, title, headers, widths, rows):
    """A sheet to read. A row whose text runs long wraps, every cell of it aligned
    to the top; the other rows stay one line high, with plain cells."""
    ws = _sheet(workbook, title, document)
    _header(ws, headers, widths)
    for values in rows:
        values = [_plain(value) for value in values]
        style = {"alignment": WRAP} if _wraps(values, widths) else {}
        ws.append(
            [
                write_cell(
                    ws, value, DATE_FORMAT if isinstance(value, datetime.date) else None, **style
                )
                for value in values
            ]
        )
    return ws


def strategy_workbook(document: Document) -> bytes:
    with translation.override(document.strategy["language"]):
        workbook = Workbook(write_only=True)
        strategy = document.strategy
        summary = _sheet(workbook, _("Summary"), document)
        summary.column_dimensions["A"].width = 24
        summary.column_dimensions["B"].width = 90
        lines = [
            (_("Strategy"), strategy["name"]),
            (_("Organisation"), strategy["organisation"]),
            (_("Horizon"), f"{strategy['start_date']} – {strategy['end_date']}"),
            (_("Diagnosis"), document.kernel["diagnosis"]),
            (_("Guiding policy"), document.kernel["guiding_policy"]),
        ]
        lines += [
            (_("Coherent action"), f"{a.title} — {a.description}".strip(" —"))
            for a in document.actions
        ]
        lines += [
            (
                _("Goal"),
                f"{g.marketing_goal} ({g.metric}: {g.baseline} {forward_arrow()} {g.target} "
                f"{g.unit}, {g.deadline})",
            )
            for g in document.goals
        ]
        for label, value in lines:
            summary.append(
                [
                    write_cell(summary, str(label), font=HEADER_FONT),
                    write_cell(summary, value, alignment=WRAP),
                ]
            )

        _simple_sheet(
            workbook,
            document,
            _("Personas"),
            [
                _("Name"),
                _("Who this describes"),
                _("Facts"),
                _("Goals and challenges"),
                _("Sources"),
                _("Based on assumptions only"),
            ],
            [22, 22, 40, 50, 30, 14],
            [
                (
                    p.name,
                    p.audience,
                    "; ".join(f"{k}: {v}" for k, v in p.facts),
                    "\n".join(f"{label}: {', '.join(items)}" for label, items in p.psychographics),
                    ", ".join(p.sources),
                    _("yes") if p.assumption_only else _("no"),
                )
                for p in document.personas
            ],
        )
        inventory = _sheet(workbook, _("Inventory"), document)
        _rows_sheet(
            inventory,
            INVENTORY_COLUMNS,
            [row for group in document.inventory for row in group["assets"]],
            strategy["currency"],
            "Inventory",
        )
        _simple_sheet(
            workbook,
            document,
            _("Content audit"),
            [
                _("Title"),
                _("Format"),
                _("Persona"),
                _("Views"),
                _("Leads"),
                _("Conversions"),
                _("Verdict"),
            ],
            [40, 16, 20, 10, 10, 12, 10],
            [
                (
                    p["title"],
                    p["format"],
                    p["persona"],
                    p["views"],
                    p["leads"],
                    p["conversions"],
                    p["verdict"],
                )
                for p in document.content_audit
            ],
        )
        content_plan_sheet(workbook, document)
        _simple_sheet(
            workbook,
            document,
            _("Message sequences"),
            [
                _("Sequence"),
                _("Trigger"),
                _("When"),
                _("Channel"),
                _("Subject"),
                _("Message"),
                _("Buttons"),
                _("Problems"),
            ],
            [24, 22, 10, 12, 30, 60, 24, 50],
            [
                (
                    s.name,
                    s.trigger,
                    f"+{step.delay}",
                    step.channel,
                    step.subject,
                    step.text,
                    ", ".join(step.buttons),
                    "\n".join(step.problems),
                )
                for s in document.sequences
                for step in s.steps
            ],
        )
        return _save(workbook)


def content_plan_workbook(document: Document) -> bytes:
    with translation.override(document.strategy["language"]):
        workbook = Workbook(write_only=True)
        content_plan_sheet(workbook, document)
        return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
