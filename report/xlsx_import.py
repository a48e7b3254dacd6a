"""Bringing the content plan or the inventory back from Excel.

An upload is checked whole before anything is written: the user sees what
will happen ("12 new, 5 changed, 2 rows with errors") with every bad row,
column and reason, and applying is all-or-nothing. Rows with an ID update
that piece, rows without one create a new one, and nothing is deleted unless
the user asks for it. Headers may come in any order and in any of the app's
languages; columns that are missing keep their current values.

Every row that changes something goes through the model form of the edit
page, so an import accepts exactly what the page accepts; a row the file
leaves as it is counts as unchanged and is not checked again. What the forms
would look up in the database row by row (the personas, goals, channels and
members a row may name, the rows its ID may point to) is read once per
import, and each distinct value is cleaned once, so 5,000 rows take a
handful of queries. Applying checks every row again against the strategy as
it is then, with its rows locked, and writes them together: new rows with
``bulk_create``, the changed columns of the others with one UPDATE statement
run for every row, the links in bulk. What ``save()`` would do on the way
(the position of a new row, ``updated_at``, the edit ``version``) is done
here. A file that is broken in any way is refused with a message, never
with an error page.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.db import IntegrityError, connections, models, router, transaction
from django.forms.models import model_to_dict
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from openpyxl import load_workbook

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
from strategy_planner.models import Positioned, Strategy

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what the zip holds once unpacked (zip bombs)
MAX_ROWS = 10_000
MAX_SCANNED_ROWS = 10 * MAX_ROWS  # empty rows included: formatting can reach far down
MAX_ID_DIGITS = 18  # every real ID fits in a 64-bit integer
SHOWN_CHARACTERS = 60  # of a cell's value quoted in a message
WRITE_BATCH = 250  # rows per bulk INSERT
PLAN_FORMAT = 2  # the shape of plan_as_data(); a preview kept in an older shape is not applied
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted workbooks are OLE containers


class ImportRefused(Exception):
    """The file as a whole cannot be imported; the message says why."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportPlan:
    kind: str
    creates: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    unchanged: int = 0
    deletes: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)  # headers in the file the import skips

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def can_apply(self) -> bool:
        return not self.errors and bool(self.creates or self.updates or self.deletes)


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


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: list[Column]
    required: tuple[str, ...]
    choices: dict  # column key → TextChoices
    form_fields: dict  # column key → form field name
    form_class: type[forms.ModelForm]
    names: dict  # column key → (form field, attribute): rows name related objects by this

    @property
    def model(self) -> type[models.Model]:
        return self.form_class._meta.model

    def model_queryset(self, strategy):
        return strategy.content_pieces if self.kind == "content_plan" else strategy.assets


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
            "owner": ("owner", "username"),
        },
    ),
    "inventory": Spec(
        kind="inventory",
        columns=INVENTORY_COLUMNS,
        required=("name", "media_label", "kind"),
        choices={"media_label": MediaType, "kind": Kind, "platform": Platform},
        form_fields={"media_label": "media_type"},
        form_class=AssetForm,
        names={"owner": ("owner", "username")},
    ),
}


def _shown(value) -> str:
    """A cell's value, cut short enough to quote in a message."""
    return Truncator(str(value)).chars(SHOWN_CHARACTERS)


def _damaged() -> ImportRefused:
    return ImportRefused(_("The workbook could not be read: it seems to be damaged."))


def open_workbook(uploaded):
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
        raise _damaged() from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            _(
                "The workbook unpacks to more than %(limit)s MB; keep only the sheet to import "
                "and upload that."
            )
            % {"limit": MAX_UNPACKED_BYTES // 1024 // 1024}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise _damaged() from error
    return workbook


def _choose_sheet(workbook, spec: Spec):
    known = {}
    for column in spec.columns:
        if column.imported:
            for name in _labels_in_every_language(column.header):
                known[name] = column.key
    best, best_headers = None, {}
    for ws in workbook.worksheets:
        header_row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
        headers = {}
        for position, value in enumerate(header_row):
            key = known.get(str(value).strip().casefold()) if value is not None else None
            if key and key not in headers:
                headers[key] = position
        if len(headers) > len(best_headers):
            best, best_headers = ws, headers
    missing = [c for c in spec.required if c not in best_headers]
    if best is None or missing:
        names = ", ".join(str(c.header) for c in spec.columns if c.key in spec.required)
        raise ImportRefused(
            _("No sheet has the columns this import needs (%(names)s). Start from an export.")
            % {"names": names}
        )
    return best, best_headers


def _too_many_rows() -> ImportRefused:
    return ImportRefused(
        _("The sheet has more than %(limit)s rows; split it up.") % {"limit": f"{MAX_ROWS:,}"}
    )


def _read_rows(ws, headers: dict) -> list:
    """The sheet's rows that hold anything, as (row number, {column key: value})."""
    rows = []
    width = max(headers.values()) + 1  # columns the import does not read are not read at all
    for number, values in enumerate(
        ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2
    ):
        if number - 1 > MAX_SCANNED_ROWS:
            raise _too_many_rows()
        if not any(value not in (None, "") for value in values):
            continue
        if len(rows) == MAX_ROWS:
            raise _too_many_rows()
        rows.append(
            (
                number,
                {
                    key: values[position] if position < len(values) else None
                    for key, position in headers.items()
                },
            )
        )
    return rows


def plan_import(strategy: Strategy, uploaded, kind: str, delete_missing: bool = False):
    """Read and check the whole upload; write nothing."""
    spec = SPECS[kind]
    workbook = open_workbook(uploaded)
    try:
        # A read-only workbook parses its sheets only now, so damage can show up here too.
        ws, headers = _choose_sheet(workbook, spec)
        rows = _read_rows(ws, headers)
        not_read = _columns_not_read(ws, spec)
    except ImportRefused:
        raise
    except Exception as error:
        raise _damaged() from error
    finally:
        workbook.close()
    plan = check_rows(strategy, spec, rows, delete_missing)
    plan.not_read = not_read
    return plan


def _columns_not_read(ws, spec: Spec) -> list[str]:
    """The sheet's columns that are exported but never read back (figures worked
    out from others, and what other steps edit), named as the file names them."""
    skipped = {}
    for column in spec.columns:
        if not column.imported:
            for name in _labels_in_every_language(column.header):
                skipped[name] = column
    header_row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    return [
        str(value).strip()
        for value in header_row
        if value is not None and str(value).strip().casefold() in skipped
    ]


class _KnownChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose choices were read once, for all the rows of an import."""

    known: dict[str, models.Model]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        found = self.known.get(str(getattr(value, "pk", value)))
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class _KnownMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose choices were read once, for all the rows of an import."""

    known: dict[str, models.Model]

    def _check_values(self, value):
        try:
            value = list(dict.fromkeys(value))
        except TypeError:
            raise forms.ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        found = []
        for pk in value:
            self.validate_no_null_characters(pk)
            row = self.known.get(str(pk))
            if row is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
            found.append(row)
        return found


def _read_once(form_field: forms.ModelChoiceField) -> forms.ModelChoiceField:
    """The same field, with its queryset read now instead of once per row."""
    multiple = isinstance(form_field, forms.ModelMultipleChoiceField)
    known = forms.Field.__new__(_KnownMultipleChoiceField if multiple else _KnownChoiceField)
    known.__dict__.update(form_field.__dict__)
    known.known = {str(row.pk): row for row in form_field.queryset}
    return known


def _remembering(form_field: forms.Field) -> forms.Field:
    """The field, remembering what each value it accepted cleaned to.

    Thousands of rows repeat the same statuses, dates and personas; a
    field's clean() depends only on the value, so each one is cleaned once.
    Values count as the same only with the same type and the same text
    (1.0 and 1.00 are equal, but not to a field that counts decimal places).
    """
    clean, accepted = form_field.clean, {}

    def clean_once(value):
        try:
            key = (type(value), str(value))
        except ValueError:  # an integer too long to write out
            return clean(value)
        if key not in accepted:
            accepted[key] = clean(value)  # a value it rejects raises, and is not kept
        return accepted[key]

    form_field.clean = clean_once
    return form_field


class _SharedFields(dict):
    """A form's fields, made once and used as they are by the form of every row."""

    def __deepcopy__(self, memo):
        return dict(self)  # fields keep no state while they clean a value


class _Rows:
    """What one import checks its rows against, read from the database once."""

    def __init__(self, spec: Spec, strategy: Strategy, *, for_update: bool = False):
        self.spec = spec
        self.strategy = strategy
        queryset = spec.model_queryset(strategy).all()
        self.many = [
            f.name for f in spec.model._meta.many_to_many if f.name in spec.form_class._meta.fields
        ]
        if for_update:
            queryset = queryset.select_for_update()
        self.existing = {row.pk: row for row in queryset.prefetch_related(*self.many)}
        # The edit form, set up for this strategy once; its relations are read here, once.
        prototype = spec.form_class(strategy=strategy)
        fields = {
            name: _remembering(
                _read_once(form_field)
                if isinstance(form_field, forms.ModelChoiceField)
                else form_field
            )
            for name, form_field in prototype.fields.items()
            if name in spec.form_class._meta.fields  # what a row can fill in, nothing more
        }
        for form_field in fields.values():  # never shown: translated once, not once a row
            form_field.label = None if form_field.label is None else str(form_field.label)
            form_field.help_text = str(form_field.help_text)
        self.fields = fields
        relations = {name for name, form_field in fields.items() if hasattr(form_field, "known")}
        form_class = spec.form_class

        class RowForm(form_class):
            def __init__(self, data, instance):
                instance.strategy = strategy
                # The strategy's own set-up of the fields was done once, for the prototype.
                super(form_class, self).__init__(data, instance=instance, label_suffix="")

            def _get_validation_exclusions(self):
                # The fields checked these against the strategy's own rows already; the
                # model would look each one up in the database again.
                return super()._get_validation_exclusions() | relations

        RowForm.base_fields = _SharedFields(fields)
        self.form_class = RowForm
        self.names = {
            key: {
                str(getattr(row, attribute)).casefold(): row.pk
                for row in fields[form_field].known.values()
            }
            for key, (form_field, attribute) in spec.names.items()
        }
        self.choices = {key: _choice_lookup(choice) for key, choice in spec.choices.items()}
        model_fields = spec.model._meta.concrete_fields
        self.columns = [f for f in model_fields if f.name in spec.form_class._meta.fields]
        self.auto_now = [f for f in model_fields if getattr(f, "auto_now", False)]
        self.version = next((f for f in model_fields if f.name == "edit_version"), None)
        self.headers = {column.key: str(column.header) for column in spec.columns}
        self.defaults = self.current(spec.model())

    def form(self, data: dict, instance=None):
        return self.form_class(data, instance or self.spec.model())

    def check(self, data: dict, instance=None):
        """The row's form, checked, and the fields whose values it changes.

        The changes are read off the row itself, before and after the form
        put the new values in: cheaper than the form's ``changed_data`` and
        exactly what would be written.
        """
        if instance is None:
            form = self.form(data)
            return form, form.is_valid(), []
        saved = {f.attname: getattr(instance, f.attname) for f in self.columns}
        links = {name: {row.pk for row in getattr(instance, name).all()} for name in self.many}
        form = self.form(data, instance)
        if not form.is_valid():
            return form, False, []
        changed = [f.name for f in self.columns if getattr(instance, f.attname) != saved[f.attname]]
        changed += [
            name for name in self.many if {row.pk for row in form.cleaned_data[name]} != links[name]
        ]
        return form, True, changed

    def current(self, instance) -> dict:
        """The row as the edit form's data."""
        data = {}
        for name, value in model_to_dict(
            instance, fields=self.spec.form_class._meta.fields
        ).items():
            if isinstance(value, list):
                data[name] = [getattr(item, "pk", item) for item in value]
            elif value is None:
                data[name] = ""
            else:
                data[name] = value
        return data

    def header_for(self, field_name: str) -> str:
        """The column a form error belongs to: its header, or the field's label."""
        for key, form_field in self.spec.form_fields.items():
            if form_field == field_name:
                return self.headers[key]
        if field_name in self.headers:
            return self.headers[field_name]
        form_field = self.fields.get(field_name)
        return str(form_field.label) if form_field is not None and form_field.label else ""


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


def check_rows(strategy, spec: Spec, rows, delete_missing=False) -> ImportPlan:
    plan = ImportPlan(kind=spec.kind)
    context = _Rows(spec, strategy)
    existing = context.existing
    ids = {}
    for number, row in rows:
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
        set(spec.model._base_manager.filter(pk__in=unknown).values_list("pk", flat=True))
        if unknown
        else set()
    )
    foreign = [number for number, pk in ids.items() if pk in elsewhere]
    if foreign:
        raise ImportRefused(
            _(
                "This file carries IDs from another strategy (rows %(rows)s). Export this "
                "strategy's plan and work from that."
            )
            % {"rows": ", ".join(map(str, foreign[:10]))}
        )
    seen = set()
    for number, row in rows:
        instance = None
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
        # A new row starts from the model's defaults, as the add page does.
        current = context.defaults if instance is None else context.current(instance)
        data, row_errors = _form_data(spec, context, row, current)
        if instance is not None and not row_errors and _same(data, current):
            plan.unchanged += 1  # nothing to write, so nothing to check
            continue
        form, form_ok, changed = context.check(data, instance)
        for error in row_errors:
            plan.errors.append(RowError(number, *error))
        if not form_ok:
            for field_name, messages in form.errors.items():
                header = context.header_for(field_name)
                for message in messages:
                    plan.errors.append(RowError(number, header, message))
        if row_errors or not form_ok:
            continue
        if instance is None:
            plan.creates.append({"row": number, "data": data})
        elif changed:
            # Only what the file changes: applying keeps whatever else was saved meanwhile.
            changes = {name: data[name] for name in changed}
            plan.updates.append({"row": number, "id": instance.pk, "data": changes})
        else:
            plan.unchanged += 1
    if delete_missing:
        plan.deletes = sorted(set(existing) - seen)
    return plan


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
    text = _clean_text(value).replace(" ", "")
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _form_data(spec: Spec, context: _Rows, row: dict, current: dict):
    """The form's data: the current values, overwritten by the columns the sheet has."""
    errors = []
    data = dict(current)
    choices, names = context.choices, context.names
    for column in spec.columns:
        if not column.imported or column.key == "id" or column.key not in row:
            continue
        value = row[column.key]
        target = spec.form_fields.get(column.key, column.key)
        header = context.headers[column.key]
        if column.key in choices:
            text = _clean_text(value)
            if not text:
                data[target] = ""
            elif text.casefold() in choices[column.key]:
                data[target] = choices[column.key][text.casefold()]
            else:
                errors.append(
                    (header, _("“%(value)s” is not one of the choices.") % {"value": _shown(text)})
                )
        elif column.key == "channels":
            found = names[column.key]
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
        elif column.key in names:
            text = _clean_text(value)
            if not text:
                data[target] = ""
            elif text.casefold() in names[column.key]:
                data[target] = names[column.key][text.casefold()]
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


def _no_longer_fits(row) -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "Row %(row)s no longer fits the strategy; nothing was imported. Upload the file "
            "again to see why."
        )
        % {"row": row}
    )


def apply_import(strategy: Strategy, plan_data: dict) -> dict:
    """Write a checked plan; all of it or, on any failure, none of it.

    Every row is checked again against the strategy as it is now; a row that
    no longer passes, or a row that was deleted since the preview, stops the
    whole import with a ValidationError that says which row.
    """
    try:
        if plan_data.get("format") != PLAN_FORMAT:
            raise KeyError("format")
        spec = SPECS[plan_data["kind"]]
        creates, updates, deletes = (
            plan_data["creates"],
            plan_data["updates"],
            plan_data["deletes"],
        )
    except (AttributeError, KeyError, TypeError):
        raise forms.ValidationError(_("That preview has expired; upload the file again.")) from None
    try:
        with transaction.atomic():
            context = _Rows(spec, strategy, for_update=True)
            created, updated = [], []
            for item in creates:
                form, ok, _changed = context.check(item["data"])
                if not ok:
                    raise _no_longer_fits(item["row"])
                created.append(form)
            for item in updates:
                instance = context.existing.get(item["id"])
                if instance is None:
                    raise _no_longer_fits(item["row"])
                data = context.current(instance) | item["data"]
                form, ok, changed = context.check(data, instance)
                if not ok:
                    raise _no_longer_fits(item["row"])
                updated.append((form, changed))
            _write(context, created, updated)
            if deletes:
                spec.model_queryset(strategy).filter(pk__in=deletes).delete()
            Strategy.objects.filter(pk=strategy.pk).bump_content_version()
    except IntegrityError as error:  # a persona or channel a row names was deleted meanwhile
        raise forms.ValidationError(
            _(
                "The strategy changed while the import was being written; nothing was "
                "imported. Upload the file again."
            )
        ) from error
    return {"created": len(creates), "updated": len(updates), "deleted": len(deletes)}


def _write(context: _Rows, created: list, updated: list) -> None:
    """Save the checked rows and their many-to-many links in a few statements.

    ``updated`` holds (form, names of the fields it changes); only those
    columns are written, so whatever else a row holds stays as it is.
    """
    model = context.spec.model
    new = [form.instance for form in created]
    _number_new_rows(new)
    if new:
        model._base_manager.bulk_create(new, batch_size=WRITE_BATCH)

    columns = {f.name: f for f in context.columns}
    together = {}
    for form, changed in updated:
        names = tuple(name for name in changed if name in columns)
        if names:
            together.setdefault(names, []).append(form.instance)
    for names, rows in together.items():
        _update_rows(model, rows, [columns[name] for name in names])
    touched = [form.instance.pk for form, changed in updated if changed]
    if touched:
        # What save() does on every change: updated_at, and the edit version counts it
        # (see strategy_planner.models.EditVersioned).
        stamps = {f.attname: timezone.now() for f in context.auto_now}
        if context.version is not None:
            stamps[context.version.attname] = models.F(context.version.attname) + 1
        if stamps:
            model._base_manager.filter(pk__in=touched).update(**stamps)

    for name in context.many:
        relation = model._meta.get_field(name)
        through = relation.remote_field.through
        source = through._meta.get_field(relation.m2m_field_name()).attname
        target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
        relinked = [form for form, changed in updated if name in changed]
        if relinked:
            stale = [form.instance.pk for form in relinked]
            through._base_manager.filter(**{f"{source}__in": stale}).delete()
        links = [
            through(**{source: form.instance.pk, target: linked.pk})
            for form in created + relinked
            for linked in form.cleaned_data[name]
        ]
        if links:
            through._base_manager.bulk_create(links, batch_size=WRITE_BATCH)


def _update_rows(model, rows: list, fields: list) -> None:
    """UPDATE the given columns of every row: one statement, executed for each row.

    ``bulk_update`` builds a CASE with one branch per row and column, which
    takes seconds for thousands of rows; this passes each row's values the
    way an ORM update does (``get_db_prep_save``) and costs next to nothing.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    values = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _number_new_rows(rows: list) -> None:
    """Give new rows kept in a hand-made order their places at the end, as save() would."""
    last = {}
    for row in rows:
        if not isinstance(row, Positioned) or row.position:
            continue
        siblings = row.siblings()
        key = str(siblings.query)
        if key not in last:
            last[key] = siblings.aggregate(last=models.Max("position"))["last"] or 0
        last[key] += 1
        row.position = last[key]


def plan_as_data(plan: ImportPlan) -> dict:
    """What applying needs, kept between the preview and the click on “Apply”."""
    return {
        "format": PLAN_FORMAT,
        "kind": plan.kind,
        "creates": plan.creates,
        "updates": plan.updates,
        "deletes": plan.deletes,
    }
