"""The strategy workbook, written from the same document as the PDF.

Every sheet is a `report.spreadsheet.SafeSheet`: rows are written one by one in
openpyxl's write-only mode (memory does not grow with the number of rows), and
every value is made safe as it is appended (text never becomes a formula,
characters the file cannot hold are dropped). Here is what the sheets hold and
how they look: the columns, their number formats, the header row, the tables
and dropdowns. The content plan and inventory sheets carry two hidden columns
so that the team's edits can come back (see xlsx_import.py, which reads the
same `Column`s): the row's ID, first, and last its edit version when it was
exported, so that the import can tell a row changed in the app since from one
changed in the file. The version goes last rather than beside the ID so that
every other column stays where it always was.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from budget.models import Figure
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
from results.rules import Status as GoalStatus
from strategy_planner.calendars import jalali_active, jalali_input, use_calendar
from strategy_planner.numbers import (
    NATIVE,
    currency_digits,
    format_goal_figures,
    join_list,
    join_semicolons,
    list_separator,
    use_digits,
)

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
    hidden: bool = False  # what finds the row again, not for people to read or edit


def _attr(key):
    return lambda row: getattr(row, key)


# The row's edit version when exported: the import compares it with the one saved by then.
ROW_VERSION = Column(
    "version", gettext_lazy("Version"), 8, "int", value=_attr("edit_version"), hidden=True
)

PLAN_COLUMNS = [
    Column("id", "ID", 8, "int", hidden=True),
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
    ROW_VERSION,
]

INVENTORY_COLUMNS = [
    Column("id", "ID", 8, "int", hidden=True),
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
    ROW_VERSION,
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
    if column.hidden:
        return None  # a key to match rows by, not a quantity: no thousands separator
    if column.kind == "money":
        # The currency's own minor units: 1,234.50 EUR, but 10,800,000 IRR.
        decimals = currency_digits(currency)
        fraction = "." + "0" * decimals if decimals else ""
        return CellStyle(number_format=f'#,##0{fraction} "{currency}"')
    number_format = NUMBER_FORMATS.get(column.kind)
    return CellStyle(number_format=number_format) if number_format else None


@contextlib.contextmanager
def _as_document(document: Document):
    """The strategy's own language and calendar, whoever exports its workbook."""
    with (
        translation.override(document.strategy["language"]),
        use_calendar(document.strategy["calendar"]),
        use_digits(NATIVE),  # text in the document language's own digits, as in the PDF
    ):
        yield


def _sheet(workbook: SafeWorkbook, title: str, document: Document) -> SafeSheet:
    return workbook.add_sheet(title, right_to_left=document.strategy["direction"] == "rtl")


def _header(sheet: SafeSheet, headers: list[str], widths: list[int], hidden: list[int] = ()):
    """Column widths, the frozen bold header row (the sheet's first row); ``hidden``:
    the numbers of the columns to hide (1 is A)."""
    sheet.set_columns(widths, hidden=hidden)
    sheet.freeze_header()
    sheet.append(headers, style=HEADER)


def _rows_sheet(sheet: SafeSheet, columns: list[Column], rows: list, currency: str, table: str):
    headers = [str(column.header) for column in columns]
    hidden = [number for number, column in enumerate(columns, start=1) if column.hidden]
    _header(sheet, headers, [c.width for c in columns], hidden)  # the ID and version
    values = [column.value or _attr(column.key) for column in columns]
    styles = [_column_style(column, currency) for column in columns]
    for row in rows:
        sheet.append([value(row) for value in values], styles=styles)
    last_row = max(len(rows) + 1, 2)  # a table needs a row below its header
    if not rows:
        sheet.append([None])
    sheet.add_table(table, headers, last_row)
    return last_row


def _jalali_of(column: Column) -> Callable:
    value = column.value or _attr(column.key)

    def jalali(row):
        day = value(row)
        return jalali_input(day) if day else None

    return jalali


def reading_columns(columns: list[Column]) -> list[Column]:
    """The columns as a sheet has them: in a Persian document that reads Jalali
    dates, each date column (a real date, for sorting and for the import) is
    followed by its dates in the Jalali calendar, as text to read. The import
    passes those by: their headers are none of the columns it knows."""
    if not jalali_active():
        return columns
    written = []
    for column in columns:
        written.append(column)
        if column.kind == "date":
            header = _("%(column)s (Solar Hijri)") % {"column": column.header}
            written.append(
                Column(
                    f"{column.key}_jalali",
                    header,
                    column.width,
                    value=_jalali_of(column),
                    imported=False,
                )
            )
    return written


def _reading_date(day) -> str:
    """A date in a line of text: ISO, and in a Jalali document its Jalali date too."""
    if day and jalali_active():
        return f"{day} ({jalali_input(day)})"
    return str(day)


def content_plan_sheet(workbook: SafeWorkbook, document: Document) -> SafeSheet:
    sheet = _sheet(workbook, _("Content plan"), document)
    columns = reading_columns(PLAN_COLUMNS)
    last_row = _rows_sheet(
        sheet, columns, document.plan, document.strategy["currency"], "ContentPlan"
    )
    keys = [column.key for column in columns]
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


def budget_columns(budget) -> list[Column]:
    """The Budget sheet's columns: the line (its ID hidden, first), what it is, which
    figure the row holds, one column of real amounts per month of the horizon
    (headed by the month, 2027-01), the total, and the line's edit version, hidden,
    last. Each line has two rows: planned, then actual."""
    months = [
        Column(
            month.strftime("%Y-%m"),
            month.strftime("%Y-%m"),
            12,
            "money",
            value=lambda row, index=index: row["months"][index],
        )
        for index, month in enumerate(budget.months)
    ]
    return [
        Column("id", "ID", 8, "int", value=itemgetter("id"), hidden=True),
        Column("name", gettext_lazy("Line"), 30, value=itemgetter("name")),
        Column("kind", gettext_lazy("Kind"), 20, "choice", value=itemgetter("kind")),
        Column("media_type", gettext_lazy("Media type"), 11, "choice", value=itemgetter("media")),
        Column("figure", gettext_lazy("Figure"), 10, "choice", value=itemgetter("figure")),
        *months,
        Column(
            "total", gettext_lazy("Total"), 14, "money", value=itemgetter("total"), imported=False
        ),
        Column(
            "version", gettext_lazy("Version"), 8, "int", value=itemgetter("version"), hidden=True
        ),
    ]


def budget_sheet(workbook: SafeWorkbook, document: Document) -> SafeSheet:
    """The budget: a table of every line's planned and actual amounts by month, then
    the totals by media type, in all, the variance and the content plan's in-house
    hours (rows to read, below the table)."""
    budget, currency = document.budget, document.strategy["currency"]
    sheet = _sheet(workbook, _("Budget"), document)
    columns = budget_columns(budget)
    planned, actual = str(Figure.PLANNED.label), str(Figure.ACTUAL.label)
    rows = []
    for line in budget.rows:
        total = line.total
        for figure, values, amount in (
            (planned, line.planned, total.planned),
            (actual, line.actual, total.actual),
        ):
            rows.append(
                {
                    "id": line.id,
                    "name": line.name,
                    "kind": line.kind_label,
                    "media": line.media_label,
                    "figure": figure,
                    "months": values,
                    "total": amount,
                    "version": line.edit_version,
                }
            )
    last_row = _rows_sheet(sheet, columns, rows, currency, "Budget")
    if not rows:
        last_row += 1  # the table's empty row
    money = _column_style(columns[-2], currency)
    hours_style = CellStyle(number_format=NUMBER_FORMATS["decimal"])
    lead = [None, None, None, None]  # under the ID, line, kind and media type

    def totals(label, by_month, overall, style=money):
        sheet.append(
            [*lead, label, *by_month, overall],
            styles=[None, None, None, None, LABEL, *[style] * (len(by_month) + 1)],
        )

    sheet.append([None])
    for group in budget.by_media_type():
        totals(
            group["label"],
            [amounts.planned for amounts in group["by_month"]],
            group["total"].planned,
        )
    by_month = budget.by_month
    totals(_("Total planned"), [amounts.planned for amounts in by_month], budget.total.planned)
    totals(_("Total spent"), [amounts.actual for amounts in by_month], budget.total.actual)
    totals(_("Variance"), [amounts.variance for amounts in by_month], budget.total.variance)
    totals(_("In-house hours (content plan)"), budget.hours, budget.hours_total, style=hours_style)
    # What a result cost so far on the paid platforms, in the Total column.
    for label, cost in (
        (_("Actual cost per lead"), document.costs_so_far.get("leads")),
        (_("Actual cost per customer"), document.costs_so_far.get("conversions")),
    ):
        if cost is not None and cost.cost is not None:
            totals(label, [None] * len(budget.months), cost.cost)
    return sheet


CHART_ROWS = 15  # rows of the Results sheet a goal's chart takes, with a gap below it


def results_columns() -> list[Column]:
    """The Results sheet's columns: the goal (its ID hidden, first), the month (a real
    date), its milestone and actual, its status (worked out, not read back), and the
    month's check-in's edit version, hidden, last."""
    return [
        Column("id", "ID", 8, "int", value=itemgetter("id"), hidden=True),
        Column("goal", gettext_lazy("Goal"), 40, value=itemgetter("goal")),
        Column("month", gettext_lazy("Month"), 12, "date", value=itemgetter("month")),
        Column(
            "milestone", gettext_lazy("Milestone"), 14, "decimal", value=itemgetter("milestone")
        ),
        Column("actual", gettext_lazy("Actual"), 14, "decimal", value=itemgetter("actual")),
        Column(
            "status",
            gettext_lazy("Status"),
            14,
            "choice",
            value=itemgetter("status"),
            imported=False,
        ),
        Column(
            "version", gettext_lazy("Version"), 8, "int", value=itemgetter("version"), hidden=True
        ),
    ]


def results_sheet(workbook: SafeWorkbook, document: Document) -> SafeSheet:
    """Each measurable goal month by month: its milestone, the actual of the month's
    check-in (empty until there is one) and its status: real dates and numbers. The
    import reads the milestones and the actuals back (report/grid_import.py)."""
    labels = dict(GoalStatus.choices)
    versions = document.check_in_versions
    rows = [
        {
            "id": result.goal_id,
            "goal": result.name,
            "month": month.month,
            "milestone": month.milestone.value,
            "actual": month.actual,
            "status": labels.get(month.status, ""),
            "version": versions.get(month.month),
        }
        for result in document.results
        for month in result.months
    ]
    sheet = _sheet(workbook, _("Results"), document)
    columns = reading_columns(results_columns())
    _rows_sheet(sheet, columns, rows, document.strategy["currency"], "Results")
    # Beside the table, each goal's milestones and actuals as a chart (plan vs actual).
    number = {column.key: index for index, column in enumerate(columns, start=1)}
    anchor_column = get_column_letter(len(columns) + 2)
    first = 2
    for index, result in enumerate(document.results):
        last = first + len(result.months) - 1
        sheet.add_line_chart(
            result.name,
            (first, last),
            number["month"],
            [(_("Milestone"), number["milestone"]), (_("Actual"), number["actual"])],
            f"{anchor_column}{2 + index * CHART_ROWS}",
        )
        first = last + 1
    return sheet


def strategy_workbook(document: Document) -> bytes:
    with _as_document(document):
        workbook = SafeWorkbook()
        strategy = document.strategy
        summary = _sheet(workbook, _("Summary"), document)
        summary.set_columns([24, 90])
        lines = [
            (_("Strategy"), strategy["name"]),
            (_("Organisation"), strategy["organisation"]),
            (
                _("Horizon"),
                f"{_reading_date(strategy['start_date'])} – {_reading_date(strategy['end_date'])}",
            ),
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
                f"{g.marketing_goal} ({g.metric}: "
                f"{format_goal_figures(g.baseline, g.target, g.unit)}{list_separator()}"
                f"{_reading_date(g.deadline)})",
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
                    join_semicolons(f"{k}: {v}" for k, v in p.facts),
                    "\n".join(f"{label}: {join_list(items)}" for label, items in p.psychographics),
                    join_list(p.sources),
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
                    str(step.delay),
                    step.channel,
                    step.subject,
                    step.text,
                    join_list(step.buttons),
                    "\n".join(step.problems),
                )
                for s in document.sequences
                for step in s.steps
            ],
        )
        if document.budget is not None:
            budget_sheet(workbook, document)
        if document.results:
            results_sheet(workbook, document)
        return workbook.to_bytes()


def content_plan_workbook(document: Document) -> bytes:
    with _as_document(document):
        workbook = SafeWorkbook()
        content_plan_sheet(workbook, document)
        return workbook.to_bytes()
