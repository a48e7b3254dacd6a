"""Check-ins from a CSV file: a month a row, a goal a column.

The file's first row names the columns: ``month`` (2027-03, or 2027-03-01), one
column per measurable goal (named by its metric or its marketing goal, in any
case) and an optional ``note``. Each row goes through the check-in form the
Results page uses (``CheckInForm``), so the import accepts what the page
accepts — figures as a reader types them included — and says what is wrong
in the same words, row by row. A month that has a check-in already is
replaced by the row: importing is a deliberate overwrite. Nothing is saved
unless every row is good.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from results.forms import CheckInForm
from results.models import CheckIn
from strategy_planner.models import Goal, Strategy
from strategy_planner.numbers import number_for_input

MAX_BYTES = 256 * 1024


@dataclass
class RowProblem:
    line: int
    messages: list[str]


@dataclass
class ImportResult:
    added: int = 0
    replaced: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unknown_columns


class UnreadableFile(Exception):
    """A file that cannot be read as check-ins at all; the message says why."""


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 256 KB: a year of check-ins is far less."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.")
        ) from error


def _rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _month(text: str) -> datetime.date | None:
    """The month a cell names (2027-03, 2027-03-01, 2027/03, 03/2027), or None."""
    for pattern in ("%Y-%m", "%Y-%m-%d", "%Y/%m", "%m/%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def _columns(header: list[str], goals: list[Goal]) -> tuple[dict, list[str]]:
    """What each column holds: "month", "note" or a goal's form field; and the
    names of the columns that match nothing."""
    names = {}
    for goal in goals:
        for name in (goal.metric, goal.marketing_goal):
            names.setdefault(name.strip().casefold(), f"goal-{goal.pk}")
    # The column names in English, or in the reader's language.
    month_names = {"month", _("month").casefold()}
    note_names = {"note", _("note").casefold()}
    columns, unknown = {}, []
    for index, title in enumerate(header):
        key = title.strip().casefold()
        if key in month_names:
            columns[index] = "month"
        elif key in note_names:
            columns[index] = "note"
        elif key in names:
            columns[index] = names[key]
        elif key:
            unknown.append(title.strip())
    return columns, unknown


def import_check_ins(strategy: Strategy, data: bytes) -> ImportResult:
    """Read the file's check-ins and save them all, or none when any row is wrong."""
    rows = _rows(_text(data))
    if not rows:
        raise UnreadableFile(_("The file is empty."))
    goals = list(strategy.goals.measurable().order_by("position", "pk"))
    columns, unknown = _columns(rows[0], goals)
    result = ImportResult(unknown_columns=unknown)
    if "month" not in columns.values():
        raise UnreadableFile(_("The first row names no “month” column."))
    existing = {check_in.month: check_in for check_in in strategy.check_ins.all()}
    forms, seen = [], set()
    for line, row in enumerate(rows[1:], start=2):
        values = {
            name: row[index].strip() if index < len(row) else "" for index, name in columns.items()
        }
        month = _month(values["month"])
        if month is not None:
            # As the form's choice names it; anything else is left for the form to refuse.
            values["month"] = month.isoformat()
        instance = existing.get(month)
        form = check_in_form(strategy, goals, values, instance)
        problems = [
            f"{form.fields[name].label}: {message}" if name != "__all__" else message
            for name, messages in form.errors.items()
            for message in messages
        ]
        if values["month"] in seen:
            problems.append(_("This month is in an earlier row of the file too."))
        seen.add(values["month"])
        if problems:
            result.problems.append(RowProblem(line, problems))
        forms.append(form)
    if not result.ok:
        return result
    with transaction.atomic():
        for form in forms:
            if form.instance.pk:
                result.replaced += 1
                form.save_if_unchanged()
            else:
                result.added += 1
                form.save()
    return result


def check_in_form(strategy: Strategy, goals: list[Goal], values: dict, instance: CheckIn | None):
    """The page's form, filled as if an editor had typed the row into it; for a month
    with a check-in, starting from what is saved now, so that the row replaces it."""
    prefix = "check_in"
    data = {f"{prefix}-{name}": value for name, value in values.items()}
    if instance is not None:
        blank = CheckInForm(instance=instance, strategy=strategy, goals=goals, prefix=prefix)
        data[f"{prefix}-edit_version"] = str(instance.edit_version)
        for name in blank.fields:
            value = blank[name].value()
            data[blank.add_initial_prefix(name)] = "" if value is None else str(value)
            if name != "edit_version" and f"{prefix}-{name}" not in data:
                # A goal the file has no column for keeps its value.
                data[f"{prefix}-{name}"] = (
                    number_for_input(value)
                    if name in blank.goals
                    else ("" if value is None else str(value))
                )
    form = CheckInForm(data, instance=instance, strategy=strategy, goals=goals, prefix=prefix)
    form.is_valid()
    return form
