"""The budget grid as the page draws it, built row by row before the template writes it.

Months run across, each quarter's total after its last month, then the line's
total (and, for actual figures, its variance); lines run down, with the totals
by media type, in all and the content plan's in-house hours below them. The
planned figures and the actual ones are two views of the grid: the actual view
shows each line's plan above what it spent.

Every figure is written here, in the reader's language (strategy_planner/
numbers.py). Every total has a key, the page's ``data-total``, so that saving a
cell can bring back the new totals (``Grid.totals()``) without drawing the page
again.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget.forms import LineMonthsForm, encode_values, month_key
from budget.models import Figure, recorded_results
from budget.rules import (
    Amounts,
    Budget,
    BudgetRow,
    CostSoFar,
    actual_cost_rule_in_words,
    month_label,
    quarter_label,
)
from strategy_planner.numbers import (
    MISSING,
    format_amount,
    format_change,
    format_count,
    format_hours,
    format_money,
    format_signed_amount,
    number_for_input,
)


@dataclass(frozen=True)
class Column:
    kind: str  # month, quarter, total or variance
    key: str
    label: str
    full_label: str = ""
    index: int = 0  # the month's or the quarter's position


@dataclass
class Cell:
    text: str = ""
    key: str = ""  # a total the page updates after a save (data-total)
    name: str = ""  # an input's name: the cell is typed into
    value: str = ""  # what the input holds
    error: str = ""
    column: str = ""  # the month's position, for moving between inputs
    tone: str = ""  # over (spent more than planned) or under
    kind: str = "month"


@dataclass
class Row:
    key: str  # the row's id on the page
    label: str
    cells: list[Cell]
    line: BudgetRow | None = None
    figure: str = ""  # planned or actual: a row of inputs for this figure of the line
    form_id: str = ""
    edit_version: int | None = None
    started_from: str = ""
    sub_label: str = ""
    heading_id: str = ""
    inputs: bool = False
    tone: str = ""  # muted (the plan beside the actual figures) or total
    errors: list[str] = field(default_factory=list)  # about the row, not one month


def _amount(value, currency: str) -> str:
    return format_amount(value, currency)


def _variance(amounts: Amounts, currency: str) -> tuple[str, str]:
    """The variance as text (+120.00 · +4.5%) and its tone."""
    variance = amounts.variance
    if variance is None:
        return MISSING, ""
    text = format_signed_amount(variance, currency)
    if amounts.variance_percent is not None:
        text += " · " + format_change(amounts.variance_percent, 1)
    return text, "over" if variance > 0 else "under" if variance < 0 else ""


class Grid:
    """The grid of one figure (planned or actual) of a budget, for a reader who may
    edit it or not. ``form``: a row sent back with errors or a conflict, drawn as it
    was typed."""

    def __init__(
        self,
        budget: Budget,
        figure: str,
        editable: bool,
        form: LineMonthsForm | None = None,
    ):
        self.budget, self.figure, self.editable, self.form = budget, figure, editable, form
        self.currency = budget.currency
        self.actual_view = figure == Figure.ACTUAL
        self.columns = self._columns()
        self.by_month = budget.by_month
        self.by_quarter = budget.quarter_totals(self.by_month)

    # columns

    def _columns(self) -> list[Column]:
        budget = self.budget
        after = {quarter.months[-1]: quarter for quarter in budget.quarters}
        quarter_index = {quarter.key: n for n, quarter in enumerate(budget.quarters)}
        columns = []
        for index, month in enumerate(budget.months):
            columns.append(
                Column(
                    "month",
                    month_key(month),
                    month_label(month, short=True),
                    month_label(month),
                    index,
                )
            )
            if index in after:
                quarter = after[index]
                label = quarter_label(quarter)
                columns.append(
                    Column("quarter", quarter.key, label, label, quarter_index[quarter.key])
                )
        columns.append(Column("total", "total", _("Total"), _("Total")))
        if self.actual_view:
            columns.append(Column("variance", "variance", _("Variance"), _("Variance")))
        return columns

    # rows

    def _figures(self, by_month: list[Amounts], by_quarter: list[Amounts], key: str, figure: str):
        """Text cells of totals: one per column."""
        cells = []
        for column in self.columns:
            if column.kind == "month":
                amounts = by_month[column.index]
            elif column.kind == "quarter":
                amounts = by_quarter[column.index]
            elif column.kind == "total":
                amounts = sum(by_month, Amounts())
            else:
                text, tone = _variance(sum(by_month, Amounts()), self.currency)
                cells.append(Cell(text, key=f"{key}-variance", tone=tone, kind=column.kind))
                continue
            value = amounts.actual if figure == Figure.ACTUAL else amounts.planned
            cells.append(
                Cell(
                    _amount(value, self.currency),
                    key=f"{key}-{column.key}-{figure}",
                    kind=column.kind,
                )
            )
        return cells

    def _line_cells(self, line: BudgetRow, figure: str, typed: bool) -> list[Cell]:
        """The cells of one figure of a line: inputs for the months when the reader
        types them, text otherwise."""
        values = line.actual if figure == Figure.ACTUAL else line.planned
        months = line.months
        form = self.form if typed and self._is_form_row(line, figure) else None
        cells = []
        for column in self.columns:
            if column.kind == "month":
                value = values[column.index]
                if typed:
                    cell = Cell(
                        name=column.key,
                        value=number_for_input(value),
                        column=str(column.index),
                    )
                    if form is not None:
                        cell.value = form.data.get(column.key, cell.value)
                        cell.error = " ".join(form.errors.get(column.key, []))
                    cells.append(cell)
                else:
                    text = "" if value is None else _amount(value, self.currency)
                    cells.append(Cell(text))
            elif column.kind == "quarter":
                quarter = self.budget.quarters[column.index]
                group = sum((months[index] for index in quarter.months), Amounts())
                value = group.actual if figure == Figure.ACTUAL else group.planned
                cells.append(
                    Cell(
                        _amount(value, self.currency),
                        key=f"l{line.id}-{column.key}-{figure}",
                        kind=column.kind,
                    )
                )
            elif column.kind == "total":
                amounts = line.total
                value = amounts.actual if figure == Figure.ACTUAL else amounts.planned
                cells.append(
                    Cell(
                        _amount(value, self.currency),
                        key=f"l{line.id}-total-{figure}",
                        kind=column.kind,
                    )
                )
            else:
                if figure == Figure.ACTUAL:
                    text, tone = _variance(line.total, self.currency)
                    cells.append(
                        Cell(text, key=f"l{line.id}-variance", tone=tone, kind=column.kind)
                    )
                else:
                    cells.append(Cell(kind=column.kind))
        return cells

    def _is_form_row(self, line: BudgetRow, figure: str) -> bool:
        form = self.form
        return (
            form is not None
            and form.line.pk == line.id
            and form.data.get("figure", self.figure) == figure
        )

    def _line_rows(self, line: BudgetRow) -> list[Row]:
        typed = self.editable and not (self.figure == Figure.PLANNED and line.from_content_plan)
        rows = []
        if self.actual_view:
            rows.append(
                Row(
                    key=f"line-{line.id}-planned",
                    label=line.name,
                    sub_label=_("Planned"),
                    cells=self._line_cells(line, Figure.PLANNED, typed=False),
                    line=line,
                    tone="muted",
                    heading_id=f"line-{line.id}-planned-name",
                )
            )
        row = Row(
            key=f"line-{line.id}",
            label=line.name,
            sub_label=_("Actual") if self.actual_view else "",
            cells=self._line_cells(line, self.figure, typed=typed),
            line=line,
            figure=self.figure,
            inputs=typed,
            heading_id=f"line-{line.id}-name",
        )
        if typed:
            row.form_id = f"line-{line.id}-form"
            values = line.actual if self.actual_view else line.planned
            row.edit_version = line.edit_version
            row.started_from = encode_values(
                {
                    month_key(month): value
                    for month, value in zip(self.budget.months, values, strict=True)
                }
            )
            if self._is_form_row(line, self.figure):
                row.edit_version = self.form.data.get("edit_version", row.edit_version)
                row.started_from = self.form.data.get("started_from", row.started_from)
                row.errors = [str(error) for error in self.form.non_field_errors()]
        rows.append(row)
        return rows

    @cached_property
    def rows(self) -> list[Row]:
        return [row for line in self.budget.rows for row in self._line_rows(line)]

    @cached_property
    def footer(self) -> list[Row]:
        figure = self.figure
        rows = []
        for group in self.budget.by_media_type():
            rows.append(
                Row(
                    key=f"media-{group['media_type']}",
                    label=group["label"],
                    cells=self._figures(
                        group["by_month"], group["by_quarter"], group["media_type"], figure
                    ),
                )
            )
        label = _("Total spent") if self.actual_view else _("Total planned")
        rows.append(
            Row(
                key="total",
                label=label,
                cells=self._figures(self.by_month, self.by_quarter, "all", figure),
                tone="total",
            )
        )
        if self.actual_view:
            rows.append(
                Row(
                    key="total-planned",
                    label=_("Total planned"),
                    cells=self._figures(self.by_month, self.by_quarter, "all", Figure.PLANNED),
                    tone="muted",
                )
            )
            rows.append(Row(key="variance", label=_("Variance"), cells=self._variance_cells()))
        rows.append(
            Row(key="hours", label=_("In-house hours (content plan)"), cells=self._hours_cells())
        )
        return rows

    def _variance_cells(self) -> list[Cell]:
        cells = []
        for column in self.columns:
            if column.kind == "month":
                amounts = self.by_month[column.index]
            elif column.kind == "quarter":
                amounts = self.by_quarter[column.index]
            elif column.kind == "total":
                amounts = self.budget.total
            else:
                cells.append(Cell(kind=column.kind))
                continue
            text, tone = _variance(amounts, self.currency)
            cells.append(Cell(text, key=f"all-{column.key}-variance", tone=tone, kind=column.kind))
        return cells

    def _hours_cells(self) -> list[Cell]:
        hours = self.budget.hours
        by_quarter = self.budget.quarter_sums(hours)
        cells = []
        for column in self.columns:
            if column.kind == "month":
                value = hours[column.index]
                cells.append(Cell(format_hours(value) if value else ""))
            elif column.kind == "quarter":
                value = by_quarter[column.index]
                cells.append(Cell(format_hours(value) if value else "", kind=column.kind))
            elif column.kind == "total":
                cells.append(Cell(format_hours(self.budget.hours_total), kind=column.kind))
            else:
                cells.append(Cell(kind=column.kind))
        return cells

    # what a save brings back

    def _keyed(self):
        return (cell for row in [*self.rows, *self.footer] for cell in row.cells if cell.key)

    def totals(self) -> dict[str, str]:
        """Every total of the grid by its key, as the page shows it."""
        return {cell.key: cell.text for cell in self._keyed()}

    def tones(self) -> dict[str, str]:
        """The tone of every variance: over (spent more than planned), under or none."""
        return {cell.key: cell.tone for cell in self._keyed() if cell.key.endswith("variance")}


@dataclass
class Figures:
    label: str
    text: str
    key: str
    note: str = ""
    tone: str = ""


class Summary:
    """The budget in a few figures above the grid: planned, spent so far and the
    variance, the cost of the results the goals ask for, and what a lead and a
    customer cost so far on the paid platforms (``recorded``: what the check-ins
    record for them, read here when not given)."""

    def __init__(self, budget: Budget, recorded: dict | None = None):
        self.budget = budget
        self.recorded = recorded_results(budget) if recorded is None else recorded

    @cached_property
    def figures(self) -> list[Figures]:
        budget, currency = self.budget, self.budget.currency
        overall = budget.total
        months = budget.months_with_actuals
        variance, tone = _variance(overall, currency)
        results = budget.results
        per_lead = budget.actual_cost_per("leads", self.recorded)
        per_customer = budget.actual_cost_per("conversions", self.recorded)
        return [
            Figures(
                _("Planned for the horizon"),
                format_money(overall.planned, currency),
                "summary-planned",
            ),
            Figures(
                _("Spent so far"),
                format_money(overall.actual, currency),
                "summary-actual",
                note=ngettext(
                    "in %(count)s month with actual figures",
                    "in %(count)s months with actual figures",
                    months,
                )
                % {"count": format_count(months)},
            ),
            Figures(_("Variance so far"), variance, "summary-variance", tone=tone),
            Figures(
                _("Planned cost per lead"),
                format_money(budget.planned_cost_per_lead, currency),
                "summary-cost-per-lead",
                note=ngettext(
                    "for %(count)s lead the goals ask for",
                    "for %(count)s leads the goals ask for",
                    results.leads or 0,
                )
                % {"count": format_count(results.leads)}
                if results.leads
                else _("Set a goal that counts leads, or save the funnel calculator's."),
            ),
            Figures(
                _("Actual cost per lead"),
                format_money(per_lead.cost, currency),
                "summary-actual-cost-per-lead",
                note=self._so_far_note(
                    per_lead,
                    ngettext(
                        "paid platforms: %(spend)s for %(count)s lead",
                        "paid platforms: %(spend)s for %(count)s leads",
                        per_lead.results,
                    ),
                ),
            ),
            Figures(
                _("Planned cost per customer"),
                format_money(budget.planned_cost_per_customer, currency),
                "summary-cost-per-customer",
                note=ngettext(
                    "for %(count)s customer",
                    "for %(count)s customers",
                    results.customers or 0,
                )
                % {"count": format_count(results.customers)}
                if results.customers
                else _("Needs the leads, and conversions in the inventory or a goal of sales."),
            ),
            Figures(
                _("Actual cost per customer"),
                format_money(per_customer.cost, currency),
                "summary-actual-cost-per-customer",
                note=self._so_far_note(
                    per_customer,
                    ngettext(
                        "paid platforms: %(spend)s for %(count)s conversion",
                        "paid platforms: %(spend)s for %(count)s conversions",
                        per_customer.results,
                    ),
                ),
            ),
        ]

    def _so_far_note(self, so_far: CostSoFar, counted: str) -> str:
        if not so_far.months:
            return _("Once a check-in records the paid platforms' results.")
        return counted % {
            "spend": format_money(so_far.spend, self.budget.currency),
            "count": format_count(so_far.results),
        }

    @property
    def rule(self) -> str:
        return actual_cost_rule_in_words()

    def totals(self) -> dict[str, str]:
        texts = {figure.key: figure.text for figure in self.figures}
        return texts | {f"{figure.key}-note": figure.note for figure in self.figures}

    def tones(self) -> dict[str, str]:
        return {figure.key: figure.tone for figure in self.figures}
