"""Bringing the budget and the results back from Excel, through the same
preview-then-apply flow as the content plan and the inventory (report/
xlsx_import.py): the upload is read and checked whole, the preview shows cell by
cell what would change, and applying is all-or-nothing.

The Budget sheet has two rows a line (planned, then actual) and a column a month
(headed 2027-03). A row with a line's ID changes that line's months; rows without
one add a line (its name, kind and media type, and its months). The months are
checked by the budget grid's own form (``budget.forms.LineMonthsForm``), so a
figure passes exactly when the grid would take it; a new line by the line form
(``LineForm``). A line's name, kind and media type are changed on its page.

The Results sheet has a row a goal and month: its milestone and its actual. An
actual is the month's check-in, checked by the Results page's check-in form
(``results.imports.check_in_form``); a milestone goes through the goal's
milestones form (``MilestonesForm``): a month set to another figure keeps it, an
emptied one goes back to the even spread.

Each row carries the version it was exported with (the line's edit version; the
month's check-in's). A change to something saved again since the export is a
conflict, shown with both values and written only if the user ticks it. Applying
checks every change again against what is saved then; anything saved after the
preview stops the import. Milestones carry no version: their preview shows the
figure saved now beside the file's.
"""

import datetime
from decimal import Decimal

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assets.models import MediaType
from budget.forms import LineForm, LineMonthsForm, encode_values, month_key
from budget.models import BudgetLine, Figure, LineKind, budget_of
from budget.rules import month_label
from report.xlsx import budget_columns, results_columns
from report.xlsx_import import (
    MAX_COLUMNS,
    PLAN_FORMAT,
    ImportPlan,
    PreviewRow,
    RowError,
    _changed_meanwhile,
    _changed_since_the_preview,
    _choice_lookup,
    _clean_text,
    _formula_error,
    _labels_in_every_language,
    _no_longer_fits,
    _parse_id,
    _read_rows,
    _shown,
    _to_number,
    chosen_rows,
    imported,
    open_workbook,
)
from report.xlsx_reader import Formula, ImportRefused
from results.forms import MilestonesForm, goal_label
from results.imports import check_in_form, read_date
from results.models import CheckIn, results_of, strategy_months
from strategy_planner import activity
from strategy_planner.models import Edit, Strategy
from strategy_planner.numbers import format_amount, format_count, format_measure

KINDS = ("budget", "results")


# Reading ---------------------------------------------------------------------------


def _month_header(value) -> str | None:
    """A month column's key (2027-03) from its header: the text the export writes, or
    a date a spreadsheet made of it."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m")
    return None


def _find_sheet(book, columns, required: tuple[str, ...]):
    """The sheet whose first row names the most of ``columns``: the sheet and its
    headers (column key → column number)."""
    known = {}
    for column in columns:
        if column.imported:
            for name in _labels_in_every_language(column.header):
                known[name] = column.key
    keys = set(known.values())
    best, best_headers = None, {}
    for sheet in book.sheets:
        headers = {}
        header_row = book.header(sheet)
        for number, value in sorted(header_row.items()):
            if isinstance(value, Formula) or number > MAX_COLUMNS:
                continue
            key = _month_header(value) or known.get(str(value).strip().casefold())
            if key in keys and key not in headers:
                headers[key] = number
        if all(key in headers for key in required) and len(headers) > len(best_headers):
            best, best_headers = sheet, headers
    if best is None:
        names = ", ".join(str(c.header) for c in columns if c.key in required)
        raise ImportRefused(
            _("No sheet has the columns this import needs (%(names)s). Start from an export.")
            % {"names": names}
        )
    return best, best_headers


def _as_kept(value) -> str | None:
    return None if value is None else str(value)


def _from_kept(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _differs(cell, saved: Decimal | None) -> bool:
    """Whether a cell (a Decimal, "" for empty, or text that is no number) says
    something else than the figure saved."""
    if cell == "":
        return saved is not None
    if isinstance(cell, Decimal):
        return saved is None or cell != saved
    return True  # text that is no number: the form says what is wrong with it


def _cleaned(cell) -> Decimal | None:
    return None if cell == "" else cell


def _formulas(plan: ImportPlan, number: int, row: dict, headers: dict) -> bool:
    found = False
    for key, value in row.items():
        if isinstance(value, Formula):
            plan.errors.append(_formula_error(number, headers.get(key, key), value))
            found = True
    return found


def _form_errors(plan: ImportPlan, number: int, form: forms.Form, columns: dict) -> None:
    """A form's errors as the plan's, each named by the sheet's column."""
    for name, messages in form.errors.items():
        for message in messages:
            plan.errors.append(RowError(number, columns.get(name, ""), message))


def plan_grid_import(strategy: Strategy, uploaded, kind: str) -> ImportPlan:
    """Read and check the whole upload; write nothing."""
    with open_workbook(uploaded) as book:
        if kind == "budget":
            return _plan_budget(strategy, book)
        return _plan_results(strategy, book)


# The budget --------------------------------------------------------------------------


def _figure_key(figure: str, key: str) -> str:
    return f"{figure}:{key}"


def _plan_budget(strategy: Strategy, book) -> ImportPlan:
    budget = budget_of(strategy)
    columns = budget_columns(budget)
    sheet, headers = _find_sheet(book, columns, ("name", "figure"))
    rows = _read_rows(book, sheet, headers)
    header_of = {column.key: str(column.header) for column in columns}
    month_keys = [month_key(month) for month in budget.months if month_key(month) in headers]
    index = {month_key(month): n for n, month in enumerate(budget.months)}
    plan = ImportPlan(
        kind="budget",
        content_version=strategy.content_version,
        versioned="version" in headers,
    )
    figures = _choice_lookup(Figure)
    saved = {row.id: row for row in budget.rows}
    lines = {line.pk: line for line in strategy.budget_lines.all()}

    found: dict = {}  # line ID, or ("new", name) → {"rows", "version", figure: (row, months)}
    for number, row in rows:
        if _formulas(plan, number, row, header_of):
            continue
        raw_id = _clean_text(row.get("id"))
        name = _clean_text(row.get("name"))
        figure_text = _clean_text(row.get("figure"))
        figure = figures.get(figure_text.casefold())
        if not raw_id and not name and figure is None:
            continue  # the totals below the table, written to read
        if figure is None:
            plan.errors.append(
                RowError(
                    number,
                    header_of["figure"],
                    _("“%(value)s” is not one of the choices.") % {"value": _shown(figure_text)}
                    if figure_text
                    else _("Say which figure the row holds: planned or actual."),
                )
            )
            continue
        if raw_id:
            pk = _parse_id(raw_id)
            if pk is None or pk not in lines:
                elsewhere = pk is not None and BudgetLine.objects.filter(pk=pk).exists()
                if elsewhere:
                    raise ImportRefused(
                        _(
                            "This file carries IDs from another strategy (row %(rows)s). "
                            "Export this strategy's budget and work from that."
                        )
                        % {"rows": number}
                    )
                plan.errors.append(
                    RowError(
                        number,
                        "ID",
                        _(
                            "No line of this budget has the ID “%(value)s”; leave it "
                            "empty for a new line."
                        )
                        % {"value": _shown(raw_id)},
                    )
                )
                continue
            key = pk
        elif name:
            key = ("new", name.casefold())
        else:
            plan.errors.append(RowError(number, header_of["name"], _("Give the line a name.")))
            continue
        entry = found.setdefault(key, {"rows": [], "name": name, "row": row})
        if figure in entry:
            plan.errors.append(
                RowError(
                    number,
                    header_of["figure"],
                    _("Row %(row)s has this line's %(figure)s figures already.")
                    % {"row": entry[figure][0], "figure": Figure(figure).label.lower()},
                )
            )
            continue
        entry["rows"].append(number)
        entry[figure] = (number, {key: _to_number(row.get(key)) for key in month_keys})
        version = _clean_text(row.get("version"))
        if version:
            entry.setdefault("version", version)

    for key, entry in found.items():
        if isinstance(key, tuple):
            _new_line(plan, strategy, budget, entry, header_of, month_keys)
            continue
        line, now = lines[key], saved[key]
        data, before = {}, {}
        for figure in (Figure.PLANNED, Figure.ACTUAL):
            if figure not in entry:
                continue
            number, cells = entry[figure]
            figures_now = now.planned if figure == Figure.PLANNED else now.actual
            current = {k: figures_now[index[k]] for k in month_keys}
            changed = {k: v for k, v in cells.items() if _differs(v, current[k])}
            if not changed:
                continue
            form = LineMonthsForm(
                {
                    "figure": figure,
                    "edit_version": line.edit_version,
                    "started_from": encode_values({k: current[k] for k in changed}),
                    **changed,
                },
                line=line,
                months=budget.months,
                currency=strategy.currency,
            )
            if not form.is_valid():
                _form_errors(plan, number, form, {**header_of, "__all__": header_of["figure"]})
                continue
            for k in changed:
                data[_figure_key(figure, k)] = _as_kept(form.cleaned_data[k])
                before[_figure_key(figure, k)] = _as_kept(current[k])
        if not data:
            plan.unchanged += 1
            continue
        item = {
            "row": min(entry["rows"]),
            "id": line.pk,
            "version": line.edit_version,
            "data": data,
            "before": before,
        }
        version = entry.get("version")
        if version is None:
            plan.unchecked += 1
            plan.updates.append(item)
        elif version != str(line.edit_version):
            plan.conflicts.append(item)
        else:
            plan.updates.append(item)
    return plan


def _new_line(plan, strategy, budget, entry, header_of, month_keys) -> None:
    """A line the file adds: its name, kind and media type checked by the line form,
    its months by the grid's."""
    row = entry["row"]
    number = min(entry["rows"])
    kinds, media = _choice_lookup(LineKind), _choice_lookup(MediaType)
    values = {"name": entry["name"], "asset": ""}
    for key, lookup in (("kind", kinds), ("media_type", media)):
        text = _clean_text(row.get(key))
        values[key] = lookup.get(text.casefold(), text)
    form = LineForm(values, strategy=strategy)
    if not form.is_valid():
        _form_errors(plan, number, form, header_of)
        return
    data = {"name": form.cleaned_data["name"], **{k: values[k] for k in ("kind", "media_type")}}
    line = BudgetLine(strategy=strategy)
    for figure in (Figure.PLANNED, Figure.ACTUAL):
        if figure not in entry:
            continue
        figure_row, cells = entry[figure]
        typed = {k: v for k, v in cells.items() if v != ""}
        if not typed:
            continue
        months = LineMonthsForm(
            {"figure": figure, **typed}, line=line, months=budget.months, currency=strategy.currency
        )
        if not months.is_valid():
            _form_errors(plan, figure_row, months, {**header_of, "__all__": header_of["figure"]})
            return
        data |= {_figure_key(figure, k): _as_kept(months.cleaned_data[k]) for k in typed}
    plan.creates.append({"row": number, "data": data})


def _apply_budget(strategy: Strategy, creates: list, updates: list) -> None:
    months = strategy_months(strategy)
    locked = {line.pk: line for line in strategy.budget_lines.select_for_update().order_by("pk")}
    for item in updates:
        line = locked.get(item["id"])
        if line is None:
            raise _no_longer_fits(item["row"])
        if line.edit_version != item["version"]:
            raise _changed_since_the_preview(item["row"])
        _write_months(strategy, line, months, item["data"], item["before"], item["row"])
    for item in creates:
        data = item["data"]
        form = LineForm(
            {"name": data["name"], "kind": data["kind"], "media_type": data["media_type"]},
            strategy=strategy,
        )
        if not form.is_valid():
            raise _no_longer_fits(item["row"])
        line = form.save()
        _write_months(strategy, line, months, data, {}, item["row"])


def _write_months(strategy, line, months, data: dict, before: dict, row: int) -> None:
    """Write one line's months through the grid's form, a figure at a time."""
    for figure in (Figure.PLANNED, Figure.ACTUAL):
        typed = {
            key.split(":", 1)[1]: _from_kept(value)
            for key, value in data.items()
            if key.startswith(f"{figure}:")
        }
        if not typed:
            continue
        started = {key: _from_kept(before.get(_figure_key(figure, key))) for key in typed}
        form = LineMonthsForm(
            {
                "figure": figure,
                "edit_version": line.edit_version,
                "started_from": encode_values(started),
                **{key: "" if value is None else value for key, value in typed.items()},
            },
            line=line,
            months=months,
            currency=strategy.currency,
        )
        if not form.is_valid():
            raise _no_longer_fits(row)
        if not form.save_if_unchanged():
            raise _changed_since_the_preview(row)
        line.refresh_from_db(fields=["edit_version"])


# The results --------------------------------------------------------------------------


def _month_of(value, months: set) -> datetime.date | None:
    """The horizon's month a cell names: a date cell, or text as the check-in CSV
    import reads dates (``results.imports.read_date``); None for any other."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        value = read_date(_clean_text(value))
    month = value.replace(day=1) if value is not None else None
    return month if month in months else None


def _plan_results(strategy: Strategy, book) -> ImportPlan:
    columns = results_columns()
    sheet, headers = _find_sheet(book, columns, ("goal", "month"))
    rows = _read_rows(book, sheet, headers)
    header_of = {column.key: str(column.header) for column in columns}
    plan = ImportPlan(
        kind="results",
        content_version=strategy.content_version,
        versioned="version" in headers,
    )
    goals = list(strategy.goals.measurable().order_by("position", "pk"))
    by_id = {goal.pk: goal for goal in goals}
    by_name = {}
    for goal in goals:
        by_name.setdefault(goal.marketing_goal.strip().casefold(), goal)
    results = {result.goal_id: result for result in results_of(strategy, goals)}
    months = strategy_months(strategy)
    month_set = set(months)
    check_ins = {check_in.month: check_in for check_in in strategy.check_ins.all()}

    actuals: dict = {}  # month → {"rows": {goal pk: row}, "version", "values": {goal pk: cell}}
    milestones: dict = {}  # goal pk → {"rows": {month key: row}, "values": {month key: cell}}
    seen = {}
    for number, row in rows:
        if _formulas(plan, number, row, header_of):
            continue
        raw_id = _clean_text(row.get("id"))
        goal = None
        if raw_id:
            pk = _parse_id(raw_id)
            goal = by_id.get(pk) if pk is not None else None
            if (
                goal is None
                and pk is not None
                and strategy.goals.model.objects.filter(pk=pk).exclude(strategy=strategy).exists()
            ):
                raise ImportRefused(
                    _(
                        "This file carries IDs from another strategy (row %(rows)s). "
                        "Export this strategy's results and work from that."
                    )
                    % {"rows": number}
                )
        else:
            goal = by_name.get(_clean_text(row.get("goal")).casefold())
        if goal is None:
            plan.errors.append(
                RowError(
                    number,
                    header_of["goal"],
                    _("This strategy has no measurable goal called “%(value)s”.")
                    % {"value": _shown(_clean_text(row.get("goal")) or raw_id)},
                )
            )
            continue
        month = _month_of(row.get("month"), month_set)
        if month is None:
            plan.errors.append(
                RowError(
                    number,
                    header_of["month"],
                    _("Choose a month inside the strategy's horizon, written as 2027-03."),
                )
            )
            continue
        if (goal.pk, month) in seen:
            plan.errors.append(
                RowError(
                    number,
                    header_of["month"],
                    _("Row %(row)s has this goal's figures for %(month)s already.")
                    % {"row": seen[goal.pk, month], "month": month_label(month)},
                )
            )
            continue
        seen[goal.pk, month] = number
        result = results[goal.pk]
        now = next(item for item in result.months if item.month == month)
        if "actual" in headers:
            cell = _to_number(row.get("actual"))
            if _differs(cell, now.actual):
                entry = actuals.setdefault(month, {"rows": {}, "values": {}})
                entry["rows"][goal.pk] = number
                entry["values"][goal.pk] = cell
            version = _clean_text(row.get("version"))
            if version:
                actuals.setdefault(month, {"rows": {}, "values": {}}).setdefault("version", version)
        if "milestone" in headers:
            cell = _to_number(row.get("milestone"))
            edited = now.milestone.value if now.milestone.edited else None
            # An empty cell is the even spread: a change only where a figure was typed.
            if (cell == "" and edited is not None) or (
                cell != "" and _differs(cell, now.milestone.value)
            ):
                entry = milestones.setdefault(goal.pk, {"rows": {}, "values": {}})
                entry["rows"][month_key(month)] = number
                entry["values"][month_key(month)] = cell

    for month, entry in sorted(actuals.items()):
        if entry["values"]:
            _check_in_change(plan, strategy, goals, month, entry, check_ins.get(month), header_of)
    for goal_pk, entry in milestones.items():
        _milestone_change(plan, by_id[goal_pk], months, results[goal_pk], entry, header_of)
    plan.unchanged = len(seen) - len(
        {(goal, month) for month, e in actuals.items() for goal in e["values"]}
        | {(goal, key) for goal, e in milestones.items() for key in e["values"]}
    )
    plan.unchanged = max(plan.unchanged, 0)
    return plan


def _month_id(month: datetime.date) -> int:
    """A number that names a month's check-in in the preview: 202703."""
    return month.year * 100 + month.month


def _check_in_change(plan, strategy, goals, month, entry, check_in, header_of) -> None:
    values = {"month": month.isoformat()}
    values |= {f"goal-{pk}": "" if cell == "" else cell for pk, cell in entry["values"].items()}
    form = check_in_form(strategy, goals, values, check_in)
    first_row = min(entry["rows"].values())
    if form.errors:
        for name, messages in form.errors.items():
            pk = int(name.split("-", 1)[1]) if name.startswith("goal-") else None
            number = entry["rows"].get(pk, first_row)
            column = header_of["actual"] if pk else header_of["month"]
            for message in messages:
                plan.errors.append(RowError(number, column, message))
        return
    saved = check_in.actuals() if check_in is not None else {}
    data = {f"goal-{pk}": _as_kept(_cleaned(cell)) for pk, cell in entry["values"].items()}
    item = {
        "row": first_row,
        "id": _month_id(month),
        "target": "check_in",
        "month": month.isoformat(),
        "version": check_in.edit_version if check_in is not None else None,
        "data": data,
        "before": {f"goal-{pk}": _as_kept(saved.get(pk)) for pk in entry["values"]},
    }
    if check_in is None:
        plan.creates.append(item)
        return
    version = entry.get("version")
    if version is None:
        plan.unchecked += 1
        plan.updates.append(item)
    elif version != str(check_in.edit_version):
        plan.conflicts.append(item)
    else:
        plan.updates.append(item)


def _milestones_data(goal, months, typed: dict) -> dict:
    """The milestones form's data: each month as saved now, the typed ones changed."""
    edited = {
        month_key(month): value for month, value in goal.milestones.values_list("month", "value")
    }
    data = {}
    for month in months:
        key = month_key(month)
        started = edited.get(key)
        data[f"initial-{key}"] = "" if started is None else str(started)
        data[key] = typed.get(key, "" if started is None else started)
    return data


def _milestone_change(plan, goal, months, result, entry, header_of) -> None:
    typed = {key: "" if cell == "" else cell for key, cell in entry["values"].items()}
    form = MilestonesForm(_milestones_data(goal, months, typed), goal=goal, months=months)
    if not form.is_valid():
        for key, messages in form.errors.items():
            for message in messages:
                plan.errors.append(
                    RowError(entry["rows"].get(key, 0), header_of["milestone"], message)
                )
        return
    now = {month_key(item.month): item.milestone.value for item in result.months}
    plan.updates.append(
        {
            "row": min(entry["rows"].values()),
            "id": goal.pk,
            "target": "milestones",
            "version": None,
            "data": {key: _as_kept(form.cleaned_data[key]) for key in typed},
            "before": {key: _as_kept(now[key]) for key in typed},
        }
    )


def _apply_results(strategy: Strategy, creates: list, updates: list) -> None:
    goals = list(strategy.goals.measurable().order_by("position", "pk"))
    by_id = {goal.pk: goal for goal in goals}
    months = strategy_months(strategy)
    check_ins = {
        check_in.month: check_in
        for check_in in CheckIn.objects.select_for_update().filter(strategy=strategy)
    }
    results = None
    for item in [*creates, *updates]:
        if item["target"] == "check_in":
            month = datetime.date.fromisoformat(item["month"])
            check_in = check_ins.get(month)
            version = check_in.edit_version if check_in is not None else None
            if version != item.get("version"):
                raise _changed_since_the_preview(item["row"])
            values = {"month": item["month"]}
            values |= {
                name: "" if value is None else Decimal(value)
                for name, value in item["data"].items()
            }
            form = check_in_form(strategy, goals, values, check_in)
            if form.errors:
                raise _no_longer_fits(item["row"])
            if check_in is None:
                form.save()
            elif not form.save_if_unchanged():
                raise _changed_since_the_preview(item["row"])
            continue
        goal = by_id.get(item["id"])
        if goal is None:
            raise _no_longer_fits(item["row"])
        if results is None:
            results = {result.goal_id: result for result in results_of(strategy, goals)}
        now = {month_key(m.month): _as_kept(m.milestone.value) for m in results[goal.pk].months}
        if any(now[key] != value for key, value in item["before"].items()):
            raise _changed_since_the_preview(item["row"])
        typed = {
            key: "" if value is None else Decimal(value) for key, value in item["data"].items()
        }
        form = MilestonesForm(_milestones_data(goal, months, typed), goal=goal, months=months)
        if not form.is_valid():
            raise _no_longer_fits(item["row"])
        form.save()


# Applying -----------------------------------------------------------------------------


def apply_grid_import(strategy: Strategy, plan_data: dict, chosen=()) -> dict:
    """Write a checked plan of the budget or the results; all of it or none of it.
    Every change is checked again against what is saved now; anything saved since
    the preview stops the import with a ValidationError that says which row."""
    try:
        if plan_data.get("format") != PLAN_FORMAT or plan_data["kind"] not in KINDS:
            raise KeyError("format")
        kind = plan_data["kind"]
        creates, updates = plan_data["creates"], plan_data["updates"]
        conflicts, errors = plan_data["conflicts"], plan_data["errors"]
    except (AttributeError, KeyError, TypeError):
        raise forms.ValidationError(_("That preview has expired; upload the file again.")) from None
    if errors:
        raise forms.ValidationError(
            _("The file has rows with errors; fix them and upload it again. Nothing was imported.")
        )
    chosen = chosen_rows(chosen)
    taken = [item for item in conflicts if item["id"] in chosen]
    done = {
        "created": len(creates),
        "updated": len(updates) + len(taken),
        "deleted": 0,
        "kept": len(conflicts) - len(taken),
    }
    if not (creates or updates or taken):
        return done
    try:
        way = Edit.Way.BUDGET_SHEET if kind == "budget" else Edit.Way.RESULTS_SHEET
        with transaction.atomic(), activity.by_way_of(way):
            Strategy.objects.filter(pk=strategy.pk).bump_content_version()
            if kind == "budget":
                _apply_budget(strategy, creates, [*updates, *taken])
            else:
                _apply_results(strategy, creates, [*updates, *taken])
    except IntegrityError as error:
        raise _changed_meanwhile() from error
    return done


# The preview --------------------------------------------------------------------------


class GridDescriber:
    """The kept changes as the reader reads them: a line's or a goal's name, and each
    changed cell named by its figure and month (or goal), amounts as the reader
    writes them."""

    def __init__(self, kind: str, strategy: Strategy):
        self.kind, self.strategy = kind, strategy
        self.currency = strategy.currency

    def rows(self, entries: list, chosen: set[int]) -> list[PreviewRow]:
        if self.kind == "budget":
            self.names = dict(self.strategy.budget_lines.values_list("pk", "name"))
            self.goals = {}
        else:
            self.goals = {goal.pk: goal for goal in self.strategy.goals.measurable()}
        described = []
        for kind, item in entries:
            if kind == "error":
                row, errors = item
                described.append(PreviewRow("error", row, errors=errors))
            elif kind == "new":
                described.append(
                    PreviewRow(
                        "new",
                        item["row"],
                        name=self._name(item),
                        fields=[
                            {"header": header, "old": "", "new": new}
                            for header, _old, new in self._fields(item, new=True)
                        ],
                    )
                )
            elif kind in ("change", "conflict"):
                described.append(
                    PreviewRow(
                        kind,
                        item["row"],
                        item["id"],
                        self._name(item),
                        fields=[
                            {"header": header, "old": old, "new": new}
                            for header, old, new in self._fields(item)
                        ],
                        chosen=item["id"] in chosen,
                    )
                )
        return described

    def _name(self, item: dict) -> str:
        if self.kind == "budget":
            return item["data"].get("name") or self.names.get(item.get("id"), "")
        if item.get("target") == "check_in":
            month = datetime.date.fromisoformat(item["month"])
            return _("Check-in for %(month)s") % {"month": month_label(month)}
        goal = self.goals.get(item["id"])
        return goal.marketing_goal if goal else ""

    def _fields(self, item: dict, new: bool = False):
        data, before = item["data"], item.get("before", {})
        if self.kind == "budget":
            if new:
                kinds, media = dict(LineKind.choices), dict(MediaType.choices)
                yield _("Kind"), "", str(kinds.get(data["kind"], data["kind"]))
                yield _("Media type"), "", str(media.get(data["media_type"], data["media_type"]))
            labels = dict(Figure.choices)
            for key, value in data.items():
                if ":" not in key:
                    continue
                figure, month = key.split(":", 1)
                header = (
                    f"{labels[figure]} · {month_label(datetime.date.fromisoformat(month + '-01'))}"
                )
                yield header, self._amount(before.get(key)), self._amount(value)
            return
        if item.get("target") == "check_in":
            for name, value in data.items():
                goal = self.goals.get(int(name.split("-", 1)[1]))
                if goal is None:
                    continue
                yield (
                    goal_label(goal),
                    self._measure(before.get(name), goal),
                    self._measure(value, goal),
                )
            return
        goal = self.goals.get(item["id"])
        for key, value in data.items():
            month = datetime.date.fromisoformat(key + "-01")
            header = _("Milestone · %(month)s") % {"month": month_label(month)}
            new_value = self._measure(value, goal) if value is not None else _("the even spread")
            yield header, self._measure(before.get(key), goal), new_value

    def _amount(self, value) -> str:
        return "" if value is None else format_amount(Decimal(value), self.currency)

    @staticmethod
    def _measure(value, goal) -> str:
        if value is None or goal is None:
            return ""
        return format_measure(Decimal(value), goal.unit)


def imported_message(kind: str, done: dict) -> str:
    """What applying did, in the words of the budget or the results."""
    if kind == "budget":
        counts = [
            ngettext("%(count)s new line", "%(count)s new lines", done["created"])
            % {"count": format_count(done["created"])},
            ngettext("%(count)s line changed", "%(count)s lines changed", done["updated"])
            % {"count": format_count(done["updated"])},
        ]
    else:
        changed = done["created"] + done["updated"]
        counts = [
            ngettext(
                "%(count)s check-in or goal changed",
                "%(count)s check-ins or goals changed",
                changed,
            )
            % {"count": format_count(changed)}
        ]
    return imported(counts, done["kept"])
