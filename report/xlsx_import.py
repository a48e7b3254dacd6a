"""Bringing the content plan or the inventory back from Excel.

An upload is checked whole before anything is written: the user sees what
will happen, row by row and field by field (what each changed row holds now
and will hold, the new rows, the rows to delete, the rows with errors and
why), a page at a time, and applying is all-or-nothing. Rows with an ID update
that row, rows without one create a new one, and nothing is deleted unless
the user asks for it. Headers may come in any order and in any of the app's
languages; columns that are missing keep their current values. A file that
is broken in any way is refused with a message, never with an error page.

The file is read by report/xlsx_reader.py, which bounds the memory and the
time any upload can cost; a cell holding a formula is named with its formula
(the import takes values, never a result the file cached).

The import never undoes newer work. Each exported row carries its edit
version (the hidden Version column, last). A row the file changes whose saved
version moved since the export is a conflict: the preview shows, for each
field the file changes, the value saved now and the file's, and the row is
written only if the user ticks "use the file's values" for it (per row). A
row the file leaves as it is counts as unchanged, whatever the app did to it
since. A file without versions (made by hand, or exported before they were)
is read as before, and the preview says its rows cannot be checked.

A row is checked by the edit page's own form (``ContentPieceForm``,
``AssetForm``), made once per import for the strategy (:class:`RowChecker`):
the row's cells become the data the page would send, each of the form's
fields cleans it, the values that pass go into the row as the form puts them,
and the model's ``full_clean()`` runs on it, leaving out what the form leaves
out. A row therefore passes exactly when the edit page would save it, with
the same messages on the same columns (tests/report/test_import_matches_the_page.py
compares the two on generated rows). Thousands of rows repeat the same
statuses, personas and dates, so each field cleans each distinct value once
and remembers the answer; the model does not look up a row's links again
(one query each), because the form's fields have found them among the
strategy's own rows. A row the file leaves as it is counts as unchanged and
is not checked.

The preview is kept in the cache (:func:`keep_plan`) with every row's cleaned
values, as JSON, the strategy's content version when the rows were read, and
each changed row's edit version then. Its pages are drawn from what is kept
(:func:`preview_page`). Applying writes those values as they are if the
content version has not moved since; if it has, every row is checked again
against the rows as they are now, locked, and a row whose edit version moved
since the preview stops the import. Writing uses the documented bulk methods:
``bulk_create`` (through ``bulk_create_at_end`` for rows kept in a hand-made
order), ``bulk_update`` of the changed columns only, one ``update()`` that does
what ``save()`` would do on the way (count the save in ``edit_version``, move
``updated_at``), and the links through their through model.
"""

import datetime
import io
import secrets
import zipfile
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from assets.forms import AssetForm
from assets.models import Kind, MediaType, Platform
from content_plan.forms import ContentPieceForm
from content_plan.models import (
    ContentFormat,
    FunnelStage,
    Priority,
    Production,
    Status,
)
from report.xlsx import INVENTORY_COLUMNS, PLAN_COLUMNS, Column
from report.xlsx_reader import Formula, ImportRefused, Workbook, damaged
from strategy_planner import activity, numbers
from strategy_planner.models import Edit, Positioned, Strategy
from strategy_planner.people import display_name

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what the zip holds once unpacked (zip bombs)
MAX_ROWS = 10_000
MAX_COLUMNS = 100  # of a header row: the exports have 20
MAX_ID_DIGITS = 18  # every real ID fits in a 64-bit integer
SHOWN_CHARACTERS = 60  # of a cell's value quoted in a message
WRITE_BATCH = 250  # rows per bulk statement
PLAN_FORMAT = 4  # the shape of plan_as_data(); a preview kept in an older shape is not applied
KEEP_SECONDS = 60 * 60  # how long a preview can be applied
PAGE_ROWS = 50  # rows of the preview on one page
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted workbooks are OLE containers
ROW_KEYS = ("id", "version")  # columns that find a row, not values of it


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportPlan:
    """What an import would do.

    ``creates`` holds ``{"row": sheet row, "data": {field: value}}`` with every
    field the edit form writes. ``updates`` holds ``{"row", "id", "version",
    "data", "before"}``: the row's edit version when the preview read it, and
    only the fields the file changes, with the values they hold now in
    ``before``; ``conflicts`` are such changes to rows changed in the app since
    the export, written only when the user chooses them. Values are the form's
    cleaned values as JSON (a link as its ID, links as a list of IDs, a date or
    an amount as text), ready to be kept in the cache and written as they are.
    """

    kind: str
    content_version: int = 0  # the strategy's, when its rows were read for the preview
    creates: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    unchanged: int = 0
    deletes: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)  # headers in the file the import skips
    versioned: bool = True  # whether the file has the Version column
    unchecked: int = 0  # rows with an ID but no version, which cannot be checked

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def can_apply(self) -> bool:
        return not self.errors and bool(
            self.creates or self.updates or self.conflicts or self.deletes
        )


def _labels_in_every_language(label) -> set[str]:
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(label).strip().casefold())
    return names


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices.choices:
        lookup[str(value).casefold()] = value
        for name in _labels_in_every_language(label):
            lookup[name] = value
    return lookup


def names_of_person(user) -> list[str]:
    """What an Owner cell may say: the username, or the name the app shows (as the
    workbook writes it)."""
    return [user.get_username(), display_name(user)]


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: list[Column]
    required: tuple[str, ...]
    choices: dict  # column key → TextChoices
    form_fields: dict  # column key → form field name, where they differ
    form_class: type[forms.ModelForm]
    # column key → (form field, attribute, or a function giving the names a row goes by):
    # rows name related objects by this
    names: dict

    @property
    def model(self) -> type[models.Model]:
        return self.form_class.Meta.model

    @property
    def name_field(self) -> str:
        """The field that names a row to people: its title, or its name."""
        return self.required[0]

    def model_queryset(self, strategy: Strategy) -> models.QuerySet:
        rows = strategy.content_pieces if self.kind == "content_plan" else strategy.assets
        return rows.all()


SPECS = {
    "content_plan": Spec(
        kind="content_plan",
        columns=PLAN_COLUMNS,
        required=("title",),
        choices={
            "format": ContentFormat,
            "stage": FunnelStage,
            "priority": Priority,
            "production": Production,
            "status": Status,
        },
        form_fields={"channels": "promotion_channels"},
        form_class=ContentPieceForm,
        names={
            "persona": ("persona", "name"),
            "goal": ("goal", "marketing_goal"),
            "channels": ("promotion_channels", "name"),
            "owner": ("owner", names_of_person),
        },
    ),
    "inventory": Spec(
        kind="inventory",
        columns=INVENTORY_COLUMNS,
        required=("name", "media_label", "kind"),
        choices={"media_label": MediaType, "kind": Kind, "platform": Platform},
        form_fields={"media_label": "media_type"},
        form_class=AssetForm,
        names={"owner": ("owner", names_of_person)},
    ),
}


# Reading the file ------------------------------------------------------------------


def _shown(value) -> str:
    """A cell's value, cut short enough to quote in a message."""
    return Truncator(str(value)).chars(SHOWN_CHARACTERS)


def open_workbook(uploaded) -> Workbook:
    """The uploaded workbook, or ImportRefused saying plainly what is wrong with the file."""
    name = getattr(uploaded, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ImportRefused(
            _("Upload an Excel workbook (.xlsx); “%(name)s” is not one.") % {"name": _shown(name)}
        )
    if uploaded.size > MAX_BYTES:
        raise ImportRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(uploaded.size / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024}
        )
    data = uploaded.read()
    if data.startswith(OLE_SIGNATURE):
        raise ImportRefused(
            _("The workbook is password-protected. Save a copy without a password and upload that.")
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(_("The file is damaged or not really an Excel workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except Exception as error:  # a broken central directory, among others
        raise damaged() from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            _(
                "The workbook unpacks to more than %(limit)s MB; keep only the sheet to import "
                "and upload that."
            )
            % {"limit": MAX_UNPACKED_BYTES // 1024 // 1024}
        )
    return Workbook(data)


def _choose_sheet(book: Workbook, spec: Spec):
    """The sheet whose first row names the most of the columns the import reads: the
    sheet, its headers (column key → column number) and its first row."""
    known = {}
    for column in spec.columns:
        if column.imported:
            for name in _labels_in_every_language(column.header):
                known[name] = column.key
    best, best_headers, best_row = None, {}, {}
    for sheet in book.sheets:
        header_row = book.header(sheet)
        headers = {}
        for number, value in sorted(header_row.items()):
            if isinstance(value, Formula):
                continue
            key = known.get(str(value).strip().casefold())
            if key and key not in headers:
                headers[key] = number
        if len(headers) > len(best_headers):
            best, best_headers, best_row = sheet, headers, header_row
    beyond = [number for number in best_row if number > MAX_COLUMNS]
    if beyond:
        raise ImportRefused(
            ngettext(
                "The first row of the sheet “%(sheet)s” goes on to cell %(cell)s; the import "
                "reads the first %(count)s column. Delete the columns beyond it and upload "
                "the file again.",
                "The first row of the sheet “%(sheet)s” goes on to cell %(cell)s; the import "
                "reads the first %(count)s columns. Delete the columns beyond them and upload "
                "the file again.",
                MAX_COLUMNS,
            )
            % {
                "sheet": _shown(best.name),
                "cell": f"{get_column_letter(max(beyond))}1",
                "count": MAX_COLUMNS,
            }
        )
    missing = [c for c in spec.required if c not in best_headers]
    if best is None or missing:
        names = ", ".join(str(c.header) for c in spec.columns if c.key in spec.required)
        raise ImportRefused(
            _("No sheet has the columns this import needs (%(names)s). Start from an export.")
            % {"names": names}
        )
    return best, best_headers, best_row


def _too_many_rows() -> ImportRefused:
    return ImportRefused(
        ngettext(
            "The sheet has more than %(limit)s row; split it up.",
            "The sheet has more than %(limit)s rows; split it up.",
            MAX_ROWS,
        )
        % {"limit": numbers.format_count(MAX_ROWS)}
    )


def _read_rows(book: Workbook, sheet, headers: dict) -> list:
    """The sheet's rows that hold anything in the columns the import reads, as
    (row number, {column key: value}). Only the cells of those columns are read;
    rows and columns the file does not have cost nothing."""
    keys = {number: key for key, number in headers.items()}
    rows = []
    for number, values in book.rows(sheet, set(keys)):
        if len(rows) == MAX_ROWS:
            raise _too_many_rows()
        rows.append((number, {key: values.get(column) for column, key in keys.items()}))
    return rows


def _columns_not_read(header_row: dict, spec: Spec) -> list[str]:
    """The sheet's columns that are exported but never read back (figures worked
    out from others, and what other steps edit), named as the file names them."""
    skipped = set()
    for column in spec.columns:
        if not column.imported:
            skipped |= _labels_in_every_language(column.header)
    return [
        str(value).strip()
        for _number, value in sorted(header_row.items())
        if not isinstance(value, Formula) and str(value).strip().casefold() in skipped
    ]


def plan_import(
    strategy: Strategy, uploaded, kind: str, delete_missing: bool = False
) -> ImportPlan:
    """Read and check the whole upload; write nothing."""
    spec = SPECS[kind]
    with open_workbook(uploaded) as book:
        sheet, headers, header_row = _choose_sheet(book, spec)
        rows = _read_rows(book, sheet, headers)
    # The workbook is closed: what it held (its shared text) is let go before the checks.
    plan = check_rows(strategy, spec, rows, delete_missing, versioned="version" in headers)
    plan.not_read = _columns_not_read(header_row, spec)
    return plan


# The edit page's checks --------------------------------------------------------------


def _sameness(value) -> Hashable:
    """What makes two values the same to a form field: their type and their text
    (1.0 and 1.00 are equal, but not to a field that counts decimal places)."""
    if isinstance(value, list | tuple):
        return type(value), tuple(_sameness(item) for item in value)
    return type(value), str(value)


def _as_json(value):
    """A model field's value as the plan keeps it; the field's ``to_python()`` reads it back."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass(frozen=True)
class _ModelFields:
    """The model fields an import deals with."""

    columns: list  # every column of the model's table
    written: list  # the columns the edit form writes
    many: list  # the many-to-many links the edit form writes

    @classmethod
    def of(cls, spec: Spec) -> "_ModelFields":
        edited = set(spec.form_class.Meta.fields)
        # Model._meta.get_fields() is Django's documented way to list a model's fields.
        every = [f for f in spec.model._meta.get_fields() if f.concrete]
        columns = [f for f in every if not f.many_to_many]
        return cls(
            columns=columns,
            written=[f for f in columns if f.name in edited],
            many=[f for f in every if f.many_to_many and f.name in edited],
        )


class RowChecker:
    """The edit page's form for one strategy, checking rows as the page checks them.

    :meth:`check` takes the steps of ``ModelForm.is_valid()`` with the form's own
    objects: every field of the form cleans what its widget reads from the data;
    the form-level ``clean()`` is ModelForm's own, which changes nothing; the
    values that passed go into the row as ``construct_instance()`` puts them;
    the model's ``full_clean()`` and ``validate_unique()`` run with the fields
    ``ModelForm`` leaves out, and their messages are the form field's where it
    has its own for the same code (Django's documented precedence).

    The form is made once, normally, with the strategy: its fields hold the
    strategy's personas, goals, channels and members. What it does per row is
    what makes an import of thousands of rows slow, so two things differ:
    each field cleans each distinct value once and the answer is remembered
    here (a field's ``clean()`` depends on the value alone), and the model does
    not check that a row's links exist, one query each, because the form's
    fields found them among this strategy's rows, which is the stricter check.

    The edit forms have no ``clean()`` or ``clean_<field>()`` of their own;
    tests/report/test_import_matches_the_page.py fails the day one is added.
    """

    def __init__(self, spec: Spec, strategy: Strategy):
        self.spec, self.strategy = spec, strategy
        self.form = spec.form_class(strategy=strategy)
        fields = _ModelFields.of(spec)
        self.written, self.many = fields.written, fields.many
        self.on_form = [(f, self.form.fields[f.name]) for f in self.written]
        # What ModelForm leaves out of the model's checks whatever the row holds.
        self.never_checked = {f.name for f in fields.columns} - {f.name for f in self.written}
        self.related = {f.name for f in self.written if f.is_relation}
        self.known: dict[tuple, tuple] = {}  # (field name, sameness of a value) → clean()'s answer
        self.defaults = self.current(spec.model())  # a new row starts as the add page does

    def clean(self, name: str, form_field: forms.Field, value) -> tuple[object, list[str]]:
        """The field's ``clean(value)`` and no messages, or None and its messages."""
        try:
            key = (name, _sameness(value))
        except ValueError:  # an integer too long to write out: cleaned, not remembered
            key = None
        if key in self.known:
            return self.known[key]
        try:
            answer = (form_field.clean(value), [])
        except forms.ValidationError as error:
            answer = (None, error.messages)
        if key is not None:
            self.known[key] = answer
        return answer

    def check(self, data: dict, instance: models.Model) -> tuple[dict[str, list[str]], dict]:
        """Put the form data into ``instance`` as the page's form would; return the
        errors it would show, by field name (none: the page would save it), and
        the cleaned values."""
        cleaned, errors = {}, {}
        for name, form_field in self.form.fields.items():
            value = form_field.widget.value_from_datadict(data, {}, name)
            result, messages = self.clean(name, form_field, value)
            if messages:
                errors[name] = list(messages)
            else:
                cleaned[name] = result
        exclude = set(self.never_checked)
        for model_field, form_field in self.on_form:
            name = model_field.name
            if name in errors:
                exclude.add(name)
                continue
            value = cleaned[name]
            empty = value in form_field.empty_values
            if empty and not model_field.blank and not form_field.required:
                exclude.add(name)
            if (
                empty
                and model_field.has_default()
                and form_field.widget.value_omitted_from_data(data, {}, name)
            ):
                continue  # construct_instance() leaves the default of a field the data lacks
            model_field.save_form_data(instance, value)
        try:
            instance.full_clean(exclude=exclude | self.related, validate_unique=False)
        except forms.ValidationError as error:
            self._add_model_errors(error, errors)
        try:
            instance.validate_unique(exclude=exclude | set(errors))
        except forms.ValidationError as error:
            self._add_model_errors(error, errors)
        return errors, cleaned

    def _add_model_errors(self, error: forms.ValidationError, errors: dict) -> None:
        """Add the model's errors as ModelForm does: where the form field has a
        message of its own for the same code, that message is shown."""
        for name, found in error.error_dict.items():
            form_field = self.form.fields.get(name)
            for item in found:
                if form_field is not None and item.code in form_field.error_messages:
                    item.message = form_field.error_messages[item.code]
            errors.setdefault(name, []).extend(forms.ValidationError(found).messages)

    def values(self, instance: models.Model, cleaned: dict) -> dict:
        """What the row would be saved with, as the plan keeps it."""
        found = {f.name: _as_json(f.value_from_object(instance)) for f in self.written}
        for relation in self.many:
            found[relation.name] = [row.pk for row in cleaned[relation.name]]
        return found

    def as_kept(self, instance: models.Model, current: dict) -> dict:
        """The row as saved now (``current``: its form data), as the plan keeps values."""
        found = {f.name: _as_json(f.value_from_object(instance)) for f in self.written}
        for relation in self.many:
            found[relation.name] = list(current[relation.name])
        return found

    def current(self, instance: models.Model) -> dict:
        """The row as the edit form's data: what the page sends back unchanged."""
        data = {}
        for name, value in model_to_dict(instance, fields=self.spec.form_class.Meta.fields).items():
            if isinstance(value, list):
                data[name] = [getattr(item, "pk", item) for item in value]
            elif value is None:
                data[name] = ""
            else:
                data[name] = value
        return data

    def check_row(
        self, data: dict, saved: models.Model | None = None, current: dict | None = None
    ) -> tuple[dict[str, list[str]], dict]:
        """A new row (``saved`` None) or a change to a saved one, whose form data
        is ``current``: the errors the page would show, or the values to write.

        A new row writes every field; a saved one only those the data changes,
        so whatever else was saved meanwhile stays.
        """
        if saved is None:
            instance = self.spec.model(strategy=self.strategy)
            errors, cleaned = self.check(data, instance)
            return errors, {} if errors else self.values(instance, cleaned)
        before = {f.name: f.value_from_object(saved) for f in self.written}
        errors, cleaned = self.check(data, saved)
        if errors:
            return errors, {}
        values = self.values(saved, cleaned)
        changed = {f.name for f in self.written if f.value_from_object(saved) != before[f.name]}
        changed |= {f.name for f in self.many if set(values[f.name]) != set(current[f.name])}
        return {}, {name: value for name, value in values.items() if name in changed}


# Cells to form data -------------------------------------------------------------------


@dataclass
class _Cells:
    """How one import reads its cells: headers, choice labels, and the names rows
    give related objects (the strategy's own, as the edit form offers them)."""

    headers: dict  # column key → header
    choices: dict  # column key → {label or value, casefolded: value}
    names: dict  # column key → {name, casefolded: pk}
    column_of: dict  # form field → the column its errors are shown in

    @classmethod
    def for_form(cls, spec: Spec, form: forms.ModelForm) -> "_Cells":
        headers = {column.key: str(column.header) for column in spec.columns}
        # A field the sheet has no column for (a gap, a channel's goals) is named by its label.
        column_of = {name: str(form_field.label or "") for name, form_field in form.fields.items()}
        column_of |= {spec.form_fields.get(key, key): header for key, header in headers.items()}
        return cls(
            headers=headers,
            choices={key: _choice_lookup(choice) for key, choice in spec.choices.items()},
            names={
                key: _name_lookup(form.fields[form_field].queryset, attribute)
                for key, (form_field, attribute) in spec.names.items()
            },
            column_of=column_of,
        )


def _name_lookup(rows, attribute) -> dict:
    """{name, casefolded: pk} for the rows a column may name. A row named by a
    function goes by each of its names; the first name (a username: unique) wins
    over a later one (a display name two people may share), and a later name
    shared by two rows names neither."""
    if not callable(attribute):
        return {str(getattr(row, attribute)).casefold(): row.pk for row in rows}
    names_by_row = [(row.pk, [str(name).casefold() for name in attribute(row)]) for row in rows]
    lookup = {names[0]: pk for pk, names in names_by_row if names}
    later: dict[str, set] = {}
    for pk, names in names_by_row:
        for name in names[1:]:
            later.setdefault(name, set()).add(pk)
    for name, pks in later.items():
        if name not in lookup and len(pks) == 1:
            lookup[name] = next(iter(pks))
    return lookup


def _clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _to_date(value):
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value  # as it is: the form need not parse it
    return _clean_text(value)


def _to_number(value):
    """A finite number as a Decimal; anything else as text, for the form to name."""
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return Decimal(value)
    text = _clean_text(value)
    try:
        number = Decimal(numbers.parse_number(text))
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _form_data(spec: Spec, cells: _Cells, row: dict, current: dict):
    """The form's data: the current values, overwritten by the columns the sheet has."""
    errors = []
    data = dict(current)
    for column in spec.columns:
        if not column.imported or column.key in ROW_KEYS or column.key not in row:
            continue
        value = row[column.key]
        target = spec.form_fields.get(column.key, column.key)
        header = cells.headers[column.key]
        if column.key in cells.choices:
            text = _clean_text(value)
            if not text:
                data[target] = ""
            elif text.casefold() in cells.choices[column.key]:
                data[target] = cells.choices[column.key][text.casefold()]
            else:
                errors.append(
                    (header, _("“%(value)s” is not one of the choices.") % {"value": _shown(text)})
                )
        elif column.key == "channels":
            found = cells.names[column.key]
            listed = [name.strip() for name in _clean_text(value).split(",") if name.strip()]
            unknown = [name for name in listed if name.casefold() not in found]
            if unknown:
                errors.append(
                    (
                        header,
                        _("Not in the inventory: %(names)s.")
                        % {"names": _shown(", ".join(unknown))},
                    )
                )
            data[target] = list(
                dict.fromkeys(found[n.casefold()] for n in listed if n.casefold() in found)
            )
        elif column.key in cells.names:
            text = _clean_text(value)
            if not text:
                data[target] = ""
            elif text.casefold() in cells.names[column.key]:
                data[target] = cells.names[column.key][text.casefold()]
            else:
                errors.append(
                    (
                        header,
                        _("Nothing in this strategy is called “%(value)s”.")
                        % {"value": _shown(text)},
                    )
                )
        elif column.kind == "date":
            data[target] = _to_date(value)
        elif column.kind in ("int", "decimal", "money"):
            data[target] = _to_number(value)
        else:
            data[target] = _clean_text(value)
    return data, errors


def _same(data: dict, current: dict) -> bool:
    """Whether the form data would leave the row as it is (links in any order)."""
    for name, value in current.items():
        new = data[name]
        if isinstance(value, list):
            if not isinstance(new, list) or set(new) != set(value):
                return False
        elif new != value:
            return False
    return True


def _parse_id(raw: str) -> int | None:
    if raw.isdecimal() and len(raw) <= MAX_ID_DIGITS:
        return int(raw)
    return None


def _formula_error(number: int, header: str, formula: Formula) -> RowError:
    if formula.text:
        message = _("Cell %(cell)s holds the formula %(formula)s: type the value instead.") % {
            "cell": formula.cell,
            "formula": _shown(formula.text),
        }
    else:
        message = _("Cell %(cell)s holds a formula: type the value instead.") % {
            "cell": formula.cell
        }
    return RowError(number, header, message)


def _rows_of(spec: Spec, strategy: Strategy, checker: RowChecker, *, locked: bool = False):
    """The strategy's rows of this kind with their links, by ID."""
    rows = spec.model_queryset(strategy)
    if locked:
        rows = rows.select_for_update()
    return {row.pk: row for row in rows.prefetch_related(*(f.name for f in checker.many))}


def _row_ids(plan: ImportPlan, spec: Spec, rows: list, existing: dict) -> dict:
    """Sheet row → the ID it names (None: not an ID, named in the plan's errors), for
    the rows with one. IDs of another strategy's rows refuse the whole file."""
    ids = {}
    for number, row in rows:
        if isinstance(row.get("id"), Formula):
            continue  # named with the row's other formulas
        raw_id = _clean_text(row.get("id"))
        if not raw_id:
            continue
        pk = _parse_id(raw_id)
        if pk is None:
            plan.errors.append(
                RowError(
                    number,
                    "ID",
                    _("“%(value)s” is not an ID; leave it empty for a new row.")
                    % {"value": _shown(raw_id)},
                )
            )
        ids[number] = pk
    unknown = {pk for pk in ids.values() if pk is not None and pk not in existing}
    elsewhere = (
        set(spec.model.objects.filter(pk__in=unknown).values_list("pk", flat=True))
        if unknown
        else set()
    )
    foreign = [number for number, pk in ids.items() if pk in elsewhere]
    if foreign:
        raise ImportRefused(
            ngettext(
                "This file carries IDs from another strategy (row %(rows)s). Export this "
                "strategy's plan and work from that.",
                "This file carries IDs from another strategy (rows %(rows)s). Export this "
                "strategy's plan and work from that.",
                len(foreign),
            )
            % {"rows": ", ".join(map(str, foreign[:10]))}
        )
    return ids


def _parse_version(value) -> int | None:
    """The edit version a row was exported at: a whole number from 1 on, or None
    when the cell is empty. ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _clean_text(value)
    if not text:
        return None
    if text.isdecimal() and len(text) <= MAX_ID_DIGITS and int(text) >= 1:
        return int(text)
    raise ValueError(value)


def check_rows(
    strategy: Strategy,
    spec: Spec,
    rows: list,
    delete_missing: bool = False,
    versioned: bool = True,
) -> ImportPlan:
    """The plan for the sheet's rows, each checked as the edit page would check it.

    ``versioned``: whether the sheet has the Version column. A row whose version
    differs from the one saved now is a conflict if the file changes it.
    """
    # Read before the rows: a change made while they are read moves it past this number.
    plan = ImportPlan(
        kind=spec.kind, content_version=strategy.current_content_version(), versioned=versioned
    )
    checker = RowChecker(spec, strategy)
    cells = _Cells.for_form(spec, checker.form)
    existing = _rows_of(spec, strategy, checker)
    ids = _row_ids(plan, spec, rows, existing)
    seen = set()
    for number, row in rows:
        formulas = {key: value for key, value in row.items() if isinstance(value, Formula)}
        for key, formula in formulas.items():
            plan.errors.append(_formula_error(number, cells.headers[key], formula))
        if formulas:
            if formulas.keys() & set(ROW_KEYS):
                continue  # which row it is cannot be told
            # The rest of the row is checked without them, as a sheet without those
            # columns would be; a formula's column is never blamed for anything else.
            row = {key: value for key, value in row.items() if key not in formulas}
        instance = exported_at = None
        if number in ids:
            pk = ids[number]
            if pk is None:
                continue  # named above
            instance = existing.get(pk)
            if instance is None:
                plan.errors.append(
                    RowError(
                        number,
                        "ID",
                        _("No row of this strategy has the ID %(id)s; clear it to add a new one.")
                        % {"id": pk},
                    )
                )
                continue
            if pk in seen:
                plan.errors.append(
                    RowError(number, "ID", _("The ID %(id)s appears twice.") % {"id": pk})
                )
                continue
            seen.add(pk)
            try:
                exported_at = _parse_version(row.get("version"))
            except ValueError:
                plan.errors.append(
                    RowError(
                        number,
                        cells.headers["version"],
                        _(
                            "“%(value)s” is not a version: copy it back from the export, or "
                            "leave it empty."
                        )
                        % {"value": _shown(row["version"])},
                    )
                )
                continue
            if exported_at is None:
                plan.unchecked += 1
        current = checker.defaults if instance is None else checker.current(instance)
        data, cell_errors = _form_data(spec, cells, row, current)
        if instance is not None and not cell_errors and not formulas and _same(data, current):
            plan.unchanged += 1  # nothing to write, so nothing to check, however it was saved
            continue
        saved = None if instance is None else checker.as_kept(instance, current)
        errors, values = checker.check_row(data, instance, current)
        for header, message in cell_errors:
            plan.errors.append(RowError(number, header, message))
        blamed = {cells.headers[key] for key in formulas}
        for field_name, messages in errors.items():
            header = cells.column_of.get(field_name, "")
            if header not in blamed:
                plan.errors.extend(RowError(number, header, message) for message in messages)
        if cell_errors or errors or formulas:
            continue
        if instance is None:
            plan.creates.append({"row": number, "data": values})
        elif not values:
            plan.unchanged += 1
        else:
            change = {
                "row": number,
                "id": instance.pk,
                "version": instance.edit_version,
                "data": values,
                "before": {name: saved[name] for name in values},
            }
            if exported_at is not None and exported_at != instance.edit_version:
                plan.conflicts.append(change)
            else:
                plan.updates.append(change)
    if delete_missing:
        plan.deletes = sorted(set(existing) - seen)
    return plan


# Keeping the preview until it is applied ------------------------------------------------


def plan_as_data(plan: ImportPlan) -> dict:
    """What applying and the preview's pages need, kept between the upload and the
    click on “Apply”: plain JSON."""
    return {
        "format": PLAN_FORMAT,
        "kind": plan.kind,
        "content_version": plan.content_version,
        "creates": plan.creates,
        "updates": plan.updates,
        "conflicts": plan.conflicts,
        "deletes": plan.deletes,
        "unchanged": plan.unchanged,
        "errors": [[error.row, error.column, error.message] for error in plan.errors],
        "not_read": plan.not_read,
        "versioned": plan.versioned,
        "unchecked": plan.unchecked,
    }


def _plan_key(strategy: Strategy, token: str) -> str:
    return f"import:{strategy.pk}:{token}"


def keep_plan(strategy: Strategy, plan: ImportPlan) -> str:
    """Keep a checked plan for :data:`KEEP_SECONDS`; the token finds it again."""
    token = secrets.token_urlsafe(16)
    cache.set(_plan_key(strategy, token), plan_as_data(plan), KEEP_SECONDS)
    return token


def kept_plan(strategy: Strategy, token: str) -> dict | None:
    """The plan kept for this strategy under ``token``, or None once it has expired
    (or was kept in an older shape)."""
    if not token or len(token) > 64:  # not one of ours: no need to ask the cache
        return None
    kept = cache.get(_plan_key(strategy, token))
    if not isinstance(kept, dict) or kept.get("format") != PLAN_FORMAT:
        return None
    return kept


def forget_plan(strategy: Strategy, token: str) -> None:
    cache.delete(_plan_key(strategy, token))


# The preview, a page at a time ------------------------------------------------------------


@dataclass
class PreviewRow:
    """One row of the preview: what happens to it, and field by field how."""

    kind: str  # "error", "conflict", "change", "new" or "delete"
    row: int | None  # in the sheet (none for a row to delete)
    id: int | None = None
    name: str = ""
    fields: list[dict] = field(default_factory=list)  # {"header", "old", "new"}
    errors: list[dict] = field(default_factory=list)  # {"column", "message"}
    chosen: bool = False  # a conflict the user chose the file's values for


@dataclass
class Preview:
    """What the import would do: the counts, and the rows of one page."""

    kind: str
    counts: dict
    page: object  # the Paginator page; its object_list holds the PreviewRows
    not_read: list[str]
    versioned: bool
    unchecked: int
    chosen_elsewhere: list[int]  # conflicts chosen on other pages, carried along

    @property
    def rows(self) -> list[PreviewRow]:
        return self.page.object_list

    @property
    def can_apply(self) -> bool:
        counts = self.counts
        return not counts["error_rows"] and bool(
            counts["new"] + counts["changed"] + counts["conflicts"] + counts["deleted"]
        )


def imported(counts: list[str], kept: int) -> str:
    """What applying did, for the message after it: ``counts`` each in its plural
    form, and how many rows changed in the app since the export were left alone.
    Every import says it in these words (report/views.py, report/grid_import.py)."""
    message = _("Imported: %(counts)s.") % {"counts": " · ".join(counts)}
    if kept:
        message += " " + ngettext(
            "%(count)s row changed in the app since the export was left as it is.",
            "%(count)s rows changed in the app since the export were left as they are.",
            kept,
        ) % {"count": numbers.format_count(kept)}
    return message


def chosen_rows(values: Iterable) -> set[int]:
    """The IDs of the conflicting rows the user chose the file's values for."""
    return {
        int(text)
        for text in map(str, values)
        if text.isdecimal() and text.isascii() and len(text) <= MAX_ID_DIGITS
    }


def preview_page(
    strategy: Strategy, kept: dict, number, chosen: Iterable = (), describer=None
) -> Preview:
    """One page of a kept plan's preview, its rows described in the reader's language:
    rows with errors first, then conflicts, changes, new rows and rows to delete.
    ``describer``: what describes the rows of a kind of its own (the budget's and the
    results', report/grid_import.py); the edit form's fields describe the others."""
    if describer is None:
        describer = _Describer(SPECS[kept["kind"]], strategy)
    chosen = chosen_rows(chosen)
    by_row: dict[int, list] = {}
    for row, column, message in kept["errors"]:
        by_row.setdefault(row, []).append({"column": column, "message": message})
    entries = (
        [("error", (row, errors)) for row, errors in sorted(by_row.items())]
        + [("conflict", item) for item in kept["conflicts"]]
        + [("change", item) for item in kept["updates"]]
        + [("new", item) for item in kept["creates"]]
        + [("delete", pk) for pk in kept["deletes"]]
    )
    page = Paginator(entries, PAGE_ROWS).get_page(number)
    page.object_list = describer.rows(page.object_list, chosen)
    on_page = {row.id for row in page.object_list if row.kind == "conflict"}
    conflicts = {item["id"] for item in kept["conflicts"]}
    return Preview(
        kind=kept["kind"],
        counts={
            "new": len(kept["creates"]),
            "changed": len(kept["updates"]),
            "conflicts": len(kept["conflicts"]),
            "deleted": len(kept["deletes"]),
            "unchanged": kept["unchanged"],
            "error_rows": len(by_row),
        },
        page=page,
        not_read=kept["not_read"],
        versioned=kept["versioned"],
        unchecked=kept["unchecked"],
        chosen_elsewhere=sorted((chosen & conflicts) - on_page),
    )


class _Describer:
    """Kept values as the reader reads them: choices by their label, links by the
    name the sheet gives them, dates and amounts as text; headers as the sheet's."""

    def __init__(self, spec: Spec, strategy: Strategy):
        self.spec, self.strategy = spec, strategy
        form = spec.form_class(strategy=strategy)
        self.form = form
        headers = {spec.form_fields.get(c.key, c.key): str(c.header) for c in spec.columns}
        order = [spec.form_fields.get(c.key, c.key) for c in spec.columns if c.imported]
        order += [name for name in form.fields if name not in order]
        self.order = [name for name in order if name in form.fields]
        self.headers = {name: headers.get(name) or str(form.fields[name].label) for name in order}
        self.model_fields = {f.name: f for f in _ModelFields.of(spec).written}
        self.model_fields |= {f.name: f for f in _ModelFields.of(spec).many}
        self.labels = {
            name: {str(value): str(label) for value, label in f.flatchoices}
            for name, f in self.model_fields.items()
            if f.choices
        }
        # Related objects are named as the sheet names them (spec.names), else as the page does.
        self.attributes = dict(spec.names.values())

    def rows(self, entries: list, chosen: set[int]) -> list[PreviewRow]:
        links: dict[str, set] = {}
        ids = set()
        for kind, item in entries:
            if kind in ("conflict", "change"):
                ids.add(item["id"])
                values = [item["data"], item["before"]]
            elif kind == "new":
                values = [item["data"]]
            elif kind == "delete":
                ids.add(item)
                values = []
            else:
                values = []
            for data in values:
                for name, value in data.items():
                    if name in self.model_fields and self.model_fields[name].is_relation:
                        found = value if isinstance(value, list) else [value]
                        links.setdefault(name, set()).update(pk for pk in found if pk)
        self.names = self._names(links)
        rows_named = dict(
            self.spec.model_queryset(self.strategy)
            .filter(pk__in=ids)
            .values_list("pk", self.spec.name_field)
        )
        described = []
        for kind, item in entries:
            if kind == "error":
                row, errors = item
                described.append(PreviewRow("error", row, errors=errors))
            elif kind == "delete":
                described.append(PreviewRow("delete", None, item, rows_named.get(item, "")))
            elif kind == "new":
                data = item["data"]
                described.append(
                    PreviewRow(
                        "new",
                        item["row"],
                        name=str(data.get(self.spec.name_field, "")),
                        fields=[
                            {"header": self.headers[name], "old": "", "new": shown}
                            for name in self.order
                            if name in data and (shown := self.shown(name, data[name]))
                        ],
                    )
                )
            else:
                described.append(
                    PreviewRow(
                        kind,
                        item["row"],
                        item["id"],
                        rows_named.get(item["id"], ""),
                        fields=[
                            {
                                "header": self.headers[name],
                                "old": self.shown(name, item["before"].get(name)),
                                "new": self.shown(name, item["data"][name]),
                            }
                            for name in self.order
                            if name in item["data"]
                        ],
                        chosen=item["id"] in chosen,
                    )
                )
        return described

    def _names(self, links: dict[str, set]) -> dict[str, dict]:
        """Field name → {ID: name} for the related objects the page shows."""
        found = {}
        for name, pks in links.items():
            form_field = self.form.fields.get(name)
            if form_field is None or not pks:
                continue
            attribute = self.attributes.get(name)
            found[name] = {
                row.pk: str(getattr(row, attribute))
                if isinstance(attribute, str)
                else form_field.label_from_instance(row)
                for row in form_field.queryset.filter(pk__in=pks)
            }
        return found

    def shown(self, name: str, value) -> str | list[str]:
        """A kept value as text (a list of names for links to several rows)."""
        if value is None or value == "":
            return ""
        if isinstance(value, list):
            names = self.names.get(name, {})
            return [names.get(pk, str(pk)) for pk in value]
        if name in self.names:
            return self.names[name].get(value, str(value))
        if name in self.labels:
            return self.labels[name].get(str(value), str(value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return str(value)


# Applying -------------------------------------------------------------------------------


def _no_longer_fits(row) -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "Row %(row)s no longer fits the strategy; nothing was imported. Upload the file "
            "again to see why."
        )
        % {"row": row}
    )


def _changed_since_the_preview(row) -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "Row %(row)s was changed in the app after the preview; nothing was imported. "
            "Upload the file again to see the change."
        )
        % {"row": row}
    )


def _changed_meanwhile() -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "The strategy changed while the import was being written; nothing was "
            "imported. Upload the file again."
        )
    )


def apply_import(strategy: Strategy, plan_data: dict, chosen: Iterable = ()) -> dict:
    """Write a checked plan; all of it or, on any failure, none of it.

    ``chosen``: the IDs of the conflicting rows to write the file's values to;
    the other conflicts are left as they are saved. When nothing in the strategy
    changed since the preview (its content version did not move), the previewed
    values are written as they are. Otherwise every row is checked again against
    the strategy as it is now, with its rows locked; a row that no longer passes,
    one deleted or changed since the preview, stops the whole import with a
    ValidationError that says which row.
    """
    try:
        if plan_data.get("format") != PLAN_FORMAT:
            raise KeyError("format")
        spec = SPECS[plan_data["kind"]]
        seen, creates, updates, conflicts, deletes, errors = (
            plan_data["content_version"],
            plan_data["creates"],
            plan_data["updates"],
            plan_data["conflicts"],
            plan_data["deletes"],
            plan_data["errors"],
        )
    except (AttributeError, KeyError, TypeError):
        raise forms.ValidationError(_("That preview has expired; upload the file again.")) from None
    if errors:
        raise forms.ValidationError(
            _("The file has rows with errors; fix them and upload it again. Nothing was imported.")
        )
    chosen = chosen_rows(chosen)
    taken = [item for item in conflicts if item["id"] in chosen]
    updates = [*updates, *taken]
    done = {
        "created": len(creates),
        "updated": len(updates),
        "deleted": len(deletes),
        "kept": len(conflicts) - len(taken),
    }
    if not (creates or updates or deletes):
        return done  # only conflicts, each left as it is saved: nothing to write
    versions = Strategy.objects.filter(pk=strategy.pk)
    try:
        with transaction.atomic():
            # Compared and moved in one statement: a change saved after the preview is
            # seen, however shortly before this it came.
            if not versions.filter(content_version=seen).bump_content_version():
                versions.bump_content_version()
                creates, updates = _check_again(spec, strategy, creates, updates)
            new = _write(spec, strategy, creates, updates)
            _log(spec, strategy, new, updates, deletes)
            if deletes:
                spec.model_queryset(strategy).filter(pk__in=deletes).delete()
    except IntegrityError as error:  # a persona or channel a row names was deleted meanwhile
        raise _changed_meanwhile() from error
    return done


def _check_again(spec: Spec, strategy: Strategy, creates: list, updates: list):
    """The plan's rows checked against the strategy as it is now, its rows locked
    until the import is written: what to create, and what each update changes now."""
    checker = RowChecker(spec, strategy)
    existing = _rows_of(spec, strategy, checker, locked=True)
    created, updated = [], []
    for item in creates:
        errors, values = checker.check_row(checker.defaults | item["data"])
        if errors:
            raise _no_longer_fits(item["row"])
        created.append({"row": item["row"], "data": values})
    for item in updates:
        instance = existing.get(item["id"])
        if instance is None:
            raise _no_longer_fits(item["row"])
        if instance.edit_version != item["version"]:
            raise _changed_since_the_preview(item["row"])
        current = checker.current(instance)
        errors, values = checker.check_row(current | item["data"], instance, current)
        if errors:
            raise _no_longer_fits(item["row"])
        updated.append({"row": item["row"], "id": item["id"], "data": values})
    return created, updated


def _log(spec: Spec, strategy: Strategy, new: list, updates: list, deletes: list) -> None:
    """Write the import's edits to the activity log, in one statement."""
    if activity.actor() is None:
        return
    changed = {item["id"]: list(item["data"]) for item in updates if item["data"]}
    rows = spec.model_queryset(strategy).filter(pk__in=[*changed, *deletes])
    edits = [(row, Edit.Verb.ADDED, []) for row in new]
    for row in rows:
        if row.pk in changed:
            edits.append((row, Edit.Verb.CHANGED, changed[row.pk]))
        else:
            edits.append((row, Edit.Verb.DELETED, []))
    with activity.by_way_of(Edit.Way.WORKBOOK):
        Edit.record_rows(strategy, edits)


def _write(spec: Spec, strategy: Strategy, creates: list, updates: list) -> list:
    """Save checked rows and their links in a few statements per kind of write, and
    return the new rows."""
    model = spec.model
    rows = spec.model_queryset(strategy)
    fields = _ModelFields.of(spec)
    columns = {f.name: f for f in fields.written}

    def attributes(data: dict) -> dict:
        return {
            columns[name].attname: columns[name].to_python(value)
            for name, value in data.items()
            if name in columns
        }

    new = [model(strategy=strategy, **attributes(item["data"])) for item in creates]
    if issubclass(model, Positioned):
        rows.bulk_create_at_end(new, batch_size=WRITE_BATCH)
    else:
        rows.bulk_create(new, batch_size=WRITE_BATCH)

    together = {}  # the columns an update changes → the rows it changes them in
    for item in updates:
        names = tuple(name for name in item["data"] if name in columns)
        if names:
            together.setdefault(names, []).append(model(pk=item["id"], **attributes(item["data"])))
    for names, changed in together.items():
        rows.bulk_update(changed, names, batch_size=WRITE_BATCH)
    touched = [item["id"] for item in updates if item["data"]]
    # What save() does on every change (EditVersioned counts it, updated_at is auto_now).
    # Counting the rows also finds one deleted meanwhile by a write that moved no version.
    if touched and rows.filter(pk__in=touched).update(
        edit_version=F("edit_version") + 1, updated_at=timezone.now()
    ) != len(touched):
        raise _changed_meanwhile()

    for relation in fields.many:
        through = getattr(model, relation.name).through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        relinked = [item["id"] for item in updates if relation.name in item["data"]]
        if relinked:
            through.objects.filter(**{f"{source}__in": relinked}).delete()
        links = [
            through(**{f"{source}_id": row.pk, f"{target}_id": linked})
            for row, item in zip(new, creates, strict=True)
            for linked in item["data"][relation.name]
        ]
        links += [
            through(**{f"{source}_id": item["id"], f"{target}_id": linked})
            for item in updates
            if relation.name in item["data"]
            for linked in item["data"][relation.name]
        ]
        if links:
            through.objects.bulk_create(links, batch_size=WRITE_BATCH)
    return new
