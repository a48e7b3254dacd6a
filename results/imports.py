"""Check-ins from a CSV file.

The app's own layout is read at once: a first row naming the columns, ``month``
(2027-03, or 2027-03-01), one column per measurable goal (named by its metric or
its marketing goal, in any case) and an optional ``note``; then a month a row.

A file from another tool (an analytics export, say) is read once the editor has
said which column holds what (:class:`ColumnMapping`), in one of two shapes: a
column for each goal ("wide"), or a row for each date and metric, with a column
naming the metric and one holding its value ("long"), whose metric names are
matched to goals one by one. The choice is kept for the strategy
(:class:`~results.models.CheckInImportMapping`), so that the next file whose
first row names the same columns is read the same way.

Either way the rows are grouped by month: a goal's value for a month is where
its metric stood at the month's end, the value of the month's last date.
Each month goes through the check-in form the Results page uses
(``CheckInForm``, see :func:`check_in_form`), so the import accepts what the
page accepts — figures as a reader types them included — and says what is wrong
in the same words, naming the file's lines. A month that has a check-in already
is replaced: importing is a deliberate overwrite. Nothing is saved unless every
row is good.
"""

import csv
import datetime
import hashlib
import io
import secrets
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from results.forms import CheckInForm
from results.models import CheckIn, CheckInImportMapping
from strategy_planner import activity
from strategy_planner.models import Edit, Goal, Strategy
from strategy_planner.numbers import format_count, join_list, number_for_input, parse_number

MAX_BYTES = 256 * 1024
MAX_COLUMNS = 100  # a wide file has a column a goal; an export a handful
MAX_NAMES = 200  # different metric names a long file's metric column may hold
MAX_MONTHS = 120  # months a file's dates may cover: ten years of check-ins
KEEP_SECONDS = 60 * 60  # how long an uploaded file waits for its columns to be mapped
SAMPLE_ROWS = 50  # rows looked at to guess what a column holds

WIDE, LONG = "wide", "long"
# The date formats a file may use, besides ISO dates (2027-03-31, 2027-03-31T10:00).
DATE_FORMATS = ("%d/%m/%Y", "%Y%m%d", "%Y-%m", "%Y/%m", "%m/%Y")


@dataclass
class RowProblem:
    """What is wrong, and on which lines of the file (none: the file as a whole)."""

    lines: list[int]
    messages: list[str]

    @property
    def line(self) -> int:
        return self.lines[0] if self.lines else 0

    @property
    def lines_text(self) -> str:
        return join_list(format_count(line) for line in self.lines)


@dataclass
class ImportResult:
    added: int = 0
    replaced: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    # Metric names (long) or columns (wide) no goal is mapped to: left out.
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class UnreadableFile(Exception):
    """A file that cannot be read as check-ins at all; the message says why."""


# Reading the file -----------------------------------------------------------------------


@dataclass
class Table:
    """A CSV file's column names (the first row, trimmed) and its other rows, each
    with the line of the file it starts on; empty rows are left out."""

    header: list[str]
    rows: list[tuple[int, list[str]]]

    @property
    def columns(self) -> list[str]:
        """The named columns (an unnamed one, as a trailing separator makes, holds nothing
        the import reads)."""
        return [name for name in self.header if name]

    def column(self, name: str) -> int | None:
        """The position of the column of this name (in any case), or None."""
        key = name.strip().casefold()
        for index, title in enumerate(self.header):
            if key and title.casefold() == key:
                return index
        return None

    def cells(self, name: str, limit: int | None = None) -> list[str]:
        """The non-empty cells of a column, the first ``limit`` rows' only when given."""
        index = self.column(name)
        if index is None:
            return []
        rows = self.rows if limit is None else self.rows[:limit]
        return [cells[index].strip() for _line, cells in rows if index < len(cells)]


def file_text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 256 KB: a year of check-ins is far less."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.")
        ) from error


def read_table(data: bytes) -> Table:
    """The file's table, or :class:`UnreadableFile` saying why there is none."""
    return table_of(file_text(data))


def table_of(text: str) -> Table:
    first = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows, line = [], 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(
            _("Line %(line)s of the file cannot be read as CSV.") % {"line": format_count(line)}
        ) from error
    if not rows:
        raise UnreadableFile(_("The file is empty."))
    (_first_line, header), *rows = rows
    header = [title.strip() for title in header]
    if len(header) > MAX_COLUMNS:
        raise UnreadableFile(
            _("The file has more than %(count)s columns: is it a file of check-ins?")
            % {"count": format_count(MAX_COLUMNS)}
        )
    seen = set()
    for title in header:
        if title and title.casefold() in seen:
            raise UnreadableFile(
                _("Two columns are named “%(name)s”: give each column its own name.")
                % {"name": title}
            )
        seen.add(title.casefold())
    return Table(header=header, rows=rows)


def read_date(text: str) -> datetime.date | None:
    """The date a cell names — 2027-03-31, 31/03/2027, 20270331, 2027-03, 2027/03 or
    03/2027, in any digits — or None. A month alone is its first day."""
    text = "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() else char
        for char in text.strip()
        if unicodedata.category(char) != "Cf"  # the marks a right-to-left text carries
    )
    if not text:
        return None
    try:
        return datetime.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _is_number(text: str) -> bool:
    try:
        return Decimal(parse_number(text)).is_finite()
    except (InvalidOperation, TypeError, ValueError):
        return False


# Which column holds what ----------------------------------------------------------------


@dataclass
class ColumnMapping:
    """Which column holds what. ``goals``: each mapped goal's column (wide) or metric
    name (long), by goal id; ``metric`` and ``value``: the columns naming a long
    file's metric and holding its value. Stored as :meth:`as_data`."""

    shape: str
    date: str
    note: str = ""
    metric: str = ""
    value: str = ""
    goals: dict[int, str] = field(default_factory=dict)

    def as_data(self) -> dict:
        return {
            "shape": self.shape,
            "date": self.date,
            "note": self.note,
            "metric": self.metric,
            "value": self.value,
            "goals": {str(pk): source for pk, source in self.goals.items()},
        }

    @classmethod
    def from_data(cls, data) -> "ColumnMapping | None":
        """The mapping a stored (or posted) dict describes, or None when it describes none."""
        if not isinstance(data, dict) or data.get("shape") not in (WIDE, LONG):
            return None
        texts = {name: data.get(name) or "" for name in ("date", "note", "metric", "value")}
        goals = data.get("goals")
        if not all(isinstance(text, str) for text in texts.values()) or not isinstance(goals, dict):
            return None
        try:
            goals = {int(pk): source for pk, source in goals.items() if source}
        except ValueError:
            return None
        if not all(isinstance(source, str) for source in goals.values()):
            return None
        return cls(shape=data["shape"], goals=goals, **texts)

    def spelled_as(self, table: Table) -> "ColumnMapping":
        """The mapping with its columns and metric names spelled as this file spells
        them (the same names, in another case)."""

        def column(name: str) -> str:
            index = table.column(name) if name else None
            return name if index is None else table.header[index]

        texts = {name: column(getattr(self, name)) for name in ("date", "note", "metric", "value")}
        if self.shape == WIDE:
            goals = {pk: column(source) for pk, source in self.goals.items()}
        else:
            spelling = {name.casefold(): name for name in metric_names(table, texts["metric"])}
            goals = {
                pk: spelling.get(source.casefold(), source) for pk, source in self.goals.items()
            }
        return ColumnMapping(shape=self.shape, goals=goals, **texts)

    def for_goals(self, goals: list[Goal]) -> "ColumnMapping":
        """The mapping without the goals that are gone (or no longer measurable)."""
        ids = {goal.pk for goal in goals}
        kept = {pk: source for pk, source in self.goals.items() if pk in ids}
        return ColumnMapping(**{**self.__dict__, "goals": kept})


def _goal_names(goals: list[Goal]) -> dict[str, Goal]:
    """Goals by the names a file may give them: metric or marketing goal, in any case."""
    names = {}
    for goal in goals:
        for name in (goal.metric, goal.marketing_goal):
            names.setdefault(name.strip().casefold(), goal)
    return names


def _words(kind: str) -> set[str]:
    """The column names that say what a column holds, in English and in the reader's
    language."""
    words = {
        "date": ("date", "day", "month", _("date"), _("day"), _("month")),
        "note": ("note", "notes", "comment", "comments", _("note"), _("comment")),
        "metric": ("metric", "metric name", "name", _("metric"), _("metric name")),
        "value": ("value", "amount", "total", _("value"), _("amount")),
    }[kind]
    return {word.casefold() for word in words}


def app_layout(table: Table, goals: list[Goal]) -> ColumnMapping | None:
    """The mapping of a file in the app's own layout — a ``month`` column, and every
    other named column a goal or the ``note`` — or None for any other file."""
    month_names = {"month", _("month").casefold()}
    note_names = {"note", _("note").casefold()}
    names = _goal_names(goals)
    mapping = ColumnMapping(shape=WIDE, date="")
    for title in table.columns:
        key = title.casefold()
        if key in month_names and not mapping.date:
            mapping.date = title
        elif key in note_names and not mapping.note:
            mapping.note = title
        elif key in names and names[key].pk not in mapping.goals:
            mapping.goals[names[key].pk] = title
        else:
            return None
    return mapping if mapping.date else None


def metric_names(table: Table, column: str) -> list[str]:
    """The different names a column holds, in the file's order (the first spelling of
    each, in any case): up to one more than :data:`MAX_NAMES`, so that a caller can
    tell a column of names from one of anything."""
    found: dict[str, str] = {}
    for cell in table.cells(column):
        if cell and cell.casefold() not in found:
            found[cell.casefold()] = cell
            if len(found) > MAX_NAMES:
                break
    return list(found.values())


def guessed_mapping(table: Table, goals: list[Goal]) -> ColumnMapping:
    """What each column most likely holds, to start the editor's choice from: columns
    named as the goals are (or as "date", "metric", "value", "note" are, in English
    or the reader's language), else by what their first rows hold."""
    samples = {
        name: [cell for cell in table.cells(name, SAMPLE_ROWS) if cell] for name in table.columns
    }

    def named(kind: str, taken=()) -> str:
        words = _words(kind)
        return next((c for c in table.columns if c.casefold() in words and c not in taken), "")

    def holding(test, taken) -> str:
        return next(
            (
                c
                for c in table.columns
                if c not in taken and samples[c] and all(map(test, samples[c]))
            ),
            "",
        )

    date = named("date") or holding(lambda cell: read_date(cell) is not None, ())
    note = named("note", (date,))
    taken = {date, note}
    value = named("value", taken) or holding(_is_number, taken)
    taken |= {value}
    goal_names = _goal_names(goals)
    texts = [
        column
        for column in table.columns
        if column not in taken
        and samples[column]
        and not any(_is_number(cell) or read_date(cell) for cell in samples[column])
    ]
    # A column of metric names names a goal, or names the same metric on several rows.
    metric = (
        named("metric", taken)
        or next((c for c in texts if any(x.casefold() in goal_names for x in samples[c])), "")
        or next((c for c in texts if len(set(samples[c])) < len(samples[c])), "")
    )
    columns = guessed_columns(table, goals)
    shape = LONG if metric and value and not columns else WIDE
    mapping = ColumnMapping(shape=shape, date=date, note=note, metric=metric, value=value)
    mapping.goals = columns if shape == WIDE else guessed_names(table, metric, goals)
    return mapping


def guessed_columns(table: Table, goals: list[Goal]) -> dict[int, str]:
    """Each goal's column, when one is named as the goal is."""
    names, found = _goal_names(goals), {}
    for column in table.columns:
        goal = names.get(column.casefold())
        if goal is not None:
            found.setdefault(goal.pk, column)
    return found


def guessed_names(table: Table, column: str, goals: list[Goal]) -> dict[int, str]:
    """Each goal's metric name among a column's, when it is named as the goal is."""
    names, found = _goal_names(goals), {}
    for name in metric_names(table, column)[:MAX_NAMES]:
        goal = names.get(name.casefold())
        if goal is not None:
            found.setdefault(goal.pk, name)
    return found


def mapping_choices(table: Table, goals: list[Goal], chosen: ColumnMapping | None = None) -> dict:
    """Where the editor's choice starts from (``CheckInMappingForm``'s ``choices``): the
    mapping chosen before, or the likeliest one; with each goal's column and metric
    name both, as the form offers both layouts."""
    start = chosen.spelled_as(table) if chosen else guessed_mapping(table, goals)
    return {
        **start.as_data(),
        "columns": start.goals if start.shape == WIDE else guessed_columns(table, goals),
        "names": start.goals if start.shape == LONG else guessed_names(table, start.metric, goals),
    }


# The mappings kept for a strategy ----------------------------------------------------------


def signature(table: Table) -> str:
    """The same for every file whose first row names the same columns, in any order and case."""
    names = sorted({name.casefold() for name in table.columns})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


def saved_mapping(
    strategy: Strategy, table: Table, goals: list[Goal]
) -> tuple[CheckInImportMapping, ColumnMapping] | None:
    """The mapping kept for files with this file's columns, as far as the strategy's
    goals still stand; None when there is none, or it maps none of them."""
    saved = strategy.check_in_mappings.filter(signature=signature(table)).first()
    if saved is None:
        return None
    mapping = ColumnMapping.from_data(saved.choices)
    if mapping is None:
        return None
    mapping = mapping.for_goals(goals)
    return (saved, mapping) if mapping.goals else None


def save_mapping(strategy: Strategy, table: Table, mapping: ColumnMapping) -> CheckInImportMapping:
    saved, _created = CheckInImportMapping.objects.update_or_create(
        strategy=strategy,
        signature=signature(table),
        defaults={"columns": table.columns, "choices": mapping.as_data()},
    )
    return saved


# An uploaded file waiting for its columns to be mapped --------------------------------------


def _file_key(strategy: Strategy, token: str) -> str:
    return f"check-in-import:{strategy.pk}:{token}"


def keep_file(strategy: Strategy, name: str, text: str) -> str:
    """Keep an uploaded file's text for :data:`KEEP_SECONDS`; the token finds it again."""
    token = secrets.token_urlsafe(16)
    cache.set(_file_key(strategy, token), {"name": name[:200], "text": text}, KEEP_SECONDS)
    return token


def kept_file(strategy: Strategy, token: str) -> dict | None:
    """The file kept for this strategy under ``token`` ({"name", "text"}), or None once
    it has expired."""
    if not token or len(token) > 64:  # not one of ours: no need to ask the cache
        return None
    kept = cache.get(_file_key(strategy, token))
    if not isinstance(kept, dict) or not isinstance(kept.get("text"), str):
        return None
    return kept


# Importing -------------------------------------------------------------------------------


@dataclass
class _Reading:
    """A goal's value at a date, as a line of the file gives it."""

    line: int
    date: datetime.date
    value: str


@dataclass
class _Month:
    lines: list[int] = field(default_factory=list)
    readings: dict[int, _Reading] = field(default_factory=dict)  # by goal id
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, note)


def _problem_at(problems: list[RowProblem], line: int, message: str) -> None:
    problems.append(RowProblem([line], [message]))


def _months(
    table: Table, goals: list[Goal], mapping: ColumnMapping, result: ImportResult
) -> dict[datetime.date, _Month]:
    """The file's readings grouped by month, a goal's last (by date) for each month;
    what cannot be read is added to the result's problems, what no goal is mapped
    to to what it ignored."""
    by_id = {goal.pk: goal for goal in goals}
    date_index, note_index = table.column(mapping.date), table.column(mapping.note)
    if mapping.shape == LONG:
        metric_index, value_index = table.column(mapping.metric), table.column(mapping.value)
        by_name = {
            source.casefold(): by_id[pk] for pk, source in mapping.goals.items() if pk in by_id
        }
        ignored: dict[str, str] = {}
    else:
        columns = [
            (by_id[pk], table.column(source))
            for pk, source in mapping.goals.items()
            if pk in by_id and table.column(source) is not None
        ]
        used = {mapping.date.casefold(), mapping.note.casefold()} | {
            source.casefold() for source in mapping.goals.values()
        }
        result.ignored = [name for name in table.columns if name.casefold() not in used]

    def cell(cells: list[str], index: int | None) -> str:
        return cells[index].strip() if index is not None and index < len(cells) else ""

    months: dict[datetime.date, _Month] = {}
    dates_seen: dict[tuple, int] = {}  # (date, goal id or None) → line
    for line, cells in table.rows:
        if mapping.shape == LONG:
            name = cell(cells, metric_index)
            goal = by_name.get(name.casefold())
            if goal is None:
                if name:
                    ignored.setdefault(name.casefold(), name)
                continue
            values = [(goal, cell(cells, value_index))]
        else:
            values = [(goal, cell(cells, index)) for goal, index in columns]
        note = cell(cells, note_index)
        text = cell(cells, date_index)
        if not text and not note and not any(value for _goal, value in values):
            continue  # nothing this import reads: a row of other columns only
        date = read_date(text)
        if date is None:
            _problem_at(
                result.problems,
                line,
                _("“%(date)s” is no date: write it as 2027-03-31, 31/03/2027, 2027-03 or 03/2027.")
                % {"date": text}
                if text
                else _("The date is missing."),
            )
            continue
        # Two rows of one date (of one goal, in a long file) would say two things at once.
        key = (date, None if mapping.shape == WIDE else values[0][0].pk)
        if key in dates_seen:
            _problem_at(
                result.problems,
                line,
                _("This date is in row %(line)s too.") % {"line": format_count(dates_seen[key])}
                if mapping.shape == WIDE
                else _("“%(metric)s” has a value for this date in row %(line)s too.")
                % {"line": format_count(dates_seen[key]), "metric": name},
            )
            continue
        dates_seen[key] = line
        month = months.setdefault(date.replace(day=1), _Month())
        month.lines.append(line)
        for goal, value in values:
            reading = month.readings.get(goal.pk)
            # An empty cell says nothing of where the metric stood: any value beats it.
            if reading is None or (bool(value), date) >= (bool(reading.value), reading.date):
                month.readings[goal.pk] = _Reading(line, date, value)
        if note:
            month.notes.append((line, note))
    if mapping.shape == LONG:
        result.ignored = list(ignored.values())
    return months


def import_check_ins(
    strategy: Strategy, table: Table, goals: list[Goal], mapping: ColumnMapping
) -> ImportResult:
    """Read the file's check-ins with this mapping and save them all, or none when
    anything is wrong."""
    result = ImportResult()
    months = _months(table, goals, mapping, result)
    if len(months) > MAX_MONTHS:
        result.problems.append(
            RowProblem(
                [],
                [
                    _(
                        "The file's dates cover more than %(count)s months: "
                        "is the date column the right one?"
                    )
                    % {"count": format_count(MAX_MONTHS)}
                ],
            )
        )
        return result
    existing = {check_in.month: check_in for check_in in strategy.check_ins.all()}
    forms = []
    for month, found in sorted(months.items()):
        values = {"month": month.isoformat()}
        values |= {f"goal-{pk}": reading.value for pk, reading in found.readings.items()}
        if mapping.note:
            # Each different note of the month, in the file's order.
            values["note"] = "\n".join(dict.fromkeys(note for _line, note in found.notes))
        form = check_in_form(strategy, goals, values, existing.get(month))
        for name, messages in form.errors.items():
            reading = found.readings.get(form.goals[name].pk) if name in form.goals else None
            if reading is not None:
                lines = [reading.line]
            elif name == "note" and found.notes:
                lines = [line for line, _note in found.notes]
            else:
                lines = found.lines
            label = form.fields[name].label if name in form.fields else ""
            result.problems.append(
                RowProblem(
                    sorted(set(lines)),
                    [f"{label}: {message}" if label else message for message in messages],
                )
            )
        forms.append(form)
    result.problems.sort(key=lambda problem: problem.line)
    if not result.ok:
        return result
    with transaction.atomic(), activity.by_way_of(Edit.Way.CSV):
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
