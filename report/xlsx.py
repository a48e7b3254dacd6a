"""The strategy workbook, written from the same document as the PDF.

Every sheet is a `report.spreadsheet.SafeSheet`: rows are written one by one in
openpyxl's write-only mode (memory does not grow with the number of rows), and
every value is made safe as it is appended (text never becomes a formula,
characters the file cannot hold are dropped). Here is what the sheets hold and
how they look: the columns, their number formats, the header row, the tables
and dropdowns. The content plan and inventory sheets carry a hidden ID column
so that the team's edits can come back (see xlsx_import.py, which reads the
same `Column`s).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content_plan.models import ContentFormat, Priority, Status
from report.document import Document
from report.spreadsheet import (
    DATE_FORMAT,
    FORMULA_STARTS,
    CellStyle,
    SafeSheet,
    SafeWorkbook,
    safe_text,
    safe_value,
)
from strategy_planner.templatetags.planner import forward_arrow

# FORMULA_STARTS and safe_text are read from here by the tests of hostile text too.
__all__ = [
    "FORMULA_STARTS",
    "INVENTORY_COLUMNS",
    "PLAN_COLUMNS",
    "Column",
    "content_plan_workbook",
    "safe_text",
    "strategy_workbook",
]


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


HEADER = CellStyle("Header", bold=True, fill="DDE7FF")
LABEL = CellStyle("Label", bold=True)
WRAPPED = CellStyle("Wrapped text", wrap=True)
NUMBER_FORMATS = {
    "date": DATE_FORMAT,
    "decimal": "#,##0.0#",
    "int": "#,##0",
}


def _column_style(column: Column, currency: str) -> CellStyle | None:
    if column.key == "id":
        return None  # a key to match rows by, not a quantity: no thousands separator
    if column.kind == "money":
        return CellStyle(number_format=f'#,##0.00 "{currency}"')
    number_format = NUMBER_FORMATS.get(column.kind)
    return CellStyle(number_format=number_format) if number_format else None


def _sheet(workbook: SafeWorkbook, title: str, document: Document) -> SafeSheet:
    return workbook.add_sheet(title, right_to_left=document.strategy["direction"] == "rtl")


def _header(sheet: SafeSheet, headers: list[str], widths: list[int], hidden_first: bool = False):
    """Column widths, the frozen bold header row (the sheet's first row)."""
    sheet.set_columns(widths, hidden=[1] if hidden_first else ())  # the ID, for the round trip
    sheet.freeze_header()
    sheet.append(headers, style=HEADER)


def _rows_sheet(sheet: SafeSheet, columns: list[Column], rows: list, currency: str, table: str):
    headers = [str(column.header) for column in columns]
    _header(sheet, headers, [c.width for c in columns], hidden_first=True)
    values = [column.value or _attr(column.key) for column in columns]
    styles = [_column_style(column, currency) for column in columns]
    for row in rows:
        sheet.append([value(row) for value in values], styles=styles)
    last_row = max(len(rows) + 1, 2)  # a table needs a row below its header
    if not rows:
        sheet.append([None])
    sheet.add_table(table, headers, last_row)
    return last_row


def content_plan_sheet(workbook: SafeWorkbook, document: Document) -> SafeSheet:
    sheet = _sheet(workbook, _("Content plan"), document)
    last_row = _rows_sheet(
        sheet, PLAN_COLUMNS, document.plan, document.strategy["currency"], "ContentPlan"
    )
    keys = [column.key for column in PLAN_COLUMNS]
    for key, choices in (("priority", Priority), ("status", Status), ("format", ContentFormat)):
        sheet.add_choice_list(
            keys.index(key) + 1,
            choices.labels,
            rows=(2, max(last_row, 500)),
            error_title=_("Not in the list"),
            error=_("Choose one of the values in the list."),
        )
    return sheet


def _wraps(values: list, widths: list[int]) -> bool:
    """Whether any text of the row runs over its column's width or over lines."""
    return any(
        type(value) is str and (len(value) > width or "\n" in value)
        for value, width in zip(values, widths, strict=False)
    )


def _simple_sheet(workbook, document, title, headers, widths, rows):
    """A sheet to read. A row whose text runs long wraps, every cell of it aligned
    to the top; the other rows stay one line high, with plain cells."""
    sheet = _sheet(workbook, title, document)
    _header(sheet, headers, widths)
    for values in rows:
        values = [safe_value(value) for value in values]
        sheet.append(values, style=WRAPPED if _wraps(values, widths) else None)
    return sheet


def strategy_workbook(document: Document) -> bytes:
    with translation.override(document.strategy["language"]):
        workbook = SafeWorkbook()
        strategy = document.strategy
        summary = _sheet(workbook, _("Summary"), document)
        summary.set_columns([24, 90])
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
            summary.append([label, value], styles=[LABEL, WRAPPED])

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
        return workbook.to_bytes()


def content_plan_workbook(document: Document) -> bytes:
    with translation.override(document.strategy["language"]):
        workbook = SafeWorkbook()
        content_plan_sheet(workbook, document)
        return workbook.to_bytes()
