"""Bringing the content plan or the inventory back from Excel.

An upload is checked whole before anything is written: the user sees what
will happen ("12 new, 5 changed, 2 rows with errors") with every bad row,
column and reason, and applying is all-or-nothing. Rows with an ID update
that piece, rows without one create a new one, and nothing is deleted unless
the user asks for it. Headers may come in any order and in any of the app's
languages; columns that are missing keep their current values.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from assets.forms import AssetForm
from assets.models import Asset, Kind, MediaType, Platform
from content_plan.forms import ContentPieceForm
from content_plan.models import (
    ContentFormat,
    ContentPiece,
    FunnelStage,
    Priority,
    Production,
    Status,
)
from strategy_planner.models import Strategy
from strategy_planner.report.xlsx import INVENTORY_COLUMNS, PLAN_COLUMNS, Column

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
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

    def model_queryset(self, strategy):
        return strategy.content_pieces if self.kind == "content_plan" else strategy.assets

    def form(self, data, instance, strategy):
        form_class = ContentPieceForm if self.kind == "content_plan" else AssetForm
        return form_class(data, instance=instance, strategy=strategy)


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
    ),
    "inventory": Spec(
        kind="inventory",
        columns=INVENTORY_COLUMNS,
        required=("name", "media_label", "kind"),
        choices={"media_label": MediaType, "kind": Kind, "platform": Platform},
        form_fields={"media_label": "media_type"},
    ),
}


def open_workbook(uploaded):
    """The uploaded workbook, or ImportRefused saying plainly what is wrong with the file."""
    name = getattr(uploaded, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ImportRefused(
            _("Upload an Excel workbook (.xlsx); “%(name)s” is not one.") % {"name": name}
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
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise ImportRefused(_("The workbook could not be read: it seems to be damaged.")) from error
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
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _clean_text(value)


def _to_number(value):
    if value in (None, ""):
        return ""
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = _clean_text(value).replace(" ", "")
    try:
        return str(Decimal(text.replace(",", "")))
    except InvalidOperation:
        return text  # the form says what is wrong


def _lookup_errors(spec, strategy):
    people = {
        user.username.casefold(): user.pk
        for user in get_user_model().objects.filter(memberships__strategy=strategy)
    }
    return {
        "persona": {p.name.casefold(): p.pk for p in strategy.personas.all()},
        "goal": {g.marketing_goal.casefold(): g.pk for g in strategy.goals.all()},
        "channels": {a.name.casefold(): a.pk for a in strategy.assets.all()},
        "owner": people,
    }


def plan_import(strategy: Strategy, uploaded, kind: str, delete_missing: bool = False):
    """Read and check the whole upload; write nothing."""
    spec = SPECS[kind]
    workbook = open_workbook(uploaded)
    ws, headers = _choose_sheet(workbook, spec)
    rows = []
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if number - 1 > MAX_ROWS:
            raise ImportRefused(
                _("The sheet has more than %(limit)s rows; split it up.")
                % {"limit": f"{MAX_ROWS:,}"}
            )
        if not any(value not in (None, "") for value in values):
            continue
        rows.append(
            (
                number,
                {
                    key: values[position] if position < len(values) else None
                    for key, position in headers.items()
                },
            )
        )
    return check_rows(strategy, spec, rows, delete_missing)


def check_rows(strategy, spec: Spec, rows, delete_missing=False) -> ImportPlan:
    plan = ImportPlan(kind=spec.kind)
    existing = {obj.pk: obj for obj in spec.model_queryset(strategy).all()}
    ids = []
    for number, row in rows:
        raw_id = _clean_text(row.get("id"))
        if raw_id:
            if not raw_id.isdigit():
                plan.errors.append(
                    RowError(
                        number,
                        "ID",
                        _("“%(value)s” is not an ID; leave it empty for a new row.")
                        % {"value": raw_id},
                    )
                )
                continue
            ids.append((number, int(raw_id)))
    foreign = [n for n, pk in ids if pk not in existing and _belongs_elsewhere(spec, pk)]
    if foreign:
        raise ImportRefused(
            _(
                "This file carries IDs from another strategy (rows %(rows)s). Export this "
                "strategy's plan and work from that."
            )
            % {"rows": ", ".join(map(str, foreign[:10]))}
        )
    lookups = _lookup_errors(spec, strategy)
    choices = {key: _choice_lookup(choice) for key, choice in spec.choices.items()}
    headers = {column.key: str(column.header) for column in spec.columns}
    seen = set()
    for number, row in rows:
        raw_id = _clean_text(row.get("id"))
        instance = None
        if raw_id.isdigit():
            instance = existing.get(int(raw_id))
            if instance is None:
                plan.errors.append(
                    RowError(
                        number,
                        "ID",
                        _("No row of this strategy has the ID %(id)s; clear it to add a new one.")
                        % {"id": raw_id},
                    )
                )
                continue
            if instance.pk in seen:
                plan.errors.append(
                    RowError(number, "ID", _("The ID %(id)s appears twice.") % {"id": raw_id})
                )
                continue
            seen.add(instance.pk)
        elif raw_id:
            continue
        data, row_errors = _form_data(spec, strategy, row, instance, lookups, choices, headers)
        form = spec.form(data, instance or spec.model_queryset(strategy).model(), strategy)
        form_ok = form.is_valid()
        for error in row_errors:
            plan.errors.append(RowError(number, *error))
        if not form_ok:
            for field_name, messages in form.errors.items():
                header = _header_for(spec, field_name, headers)
                for message in messages:
                    plan.errors.append(RowError(number, header, message))
        if row_errors or not form_ok:
            continue
        if instance is None:
            plan.creates.append({"row": number, "data": data})
        elif form.has_changed():
            plan.updates.append({"row": number, "id": instance.pk, "data": data})
        else:
            plan.unchanged += 1
    if delete_missing:
        plan.deletes = sorted(set(existing) - seen)
    return plan


def _belongs_elsewhere(spec: Spec, pk: int) -> bool:
    model = ContentPiece if spec.kind == "content_plan" else Asset
    return model.objects.filter(pk=pk).exists()


def _header_for(spec: Spec, field_name: str, headers: dict) -> str:
    for key, form_field in spec.form_fields.items():
        if form_field == field_name:
            return headers[key]
    return headers.get(field_name, field_name)


def _form_data(spec, strategy, row, instance, lookups, choices, headers):
    """The form's data: the current values, overwritten by the columns the sheet has."""
    errors = []
    if instance is not None:
        current = model_to_dict(instance)
        data = {}
        for name, value in current.items():
            if isinstance(value, list):
                data[name] = [getattr(item, "pk", item) for item in value]
            elif isinstance(value, datetime.date):
                data[name] = value.isoformat()
            elif value is None:
                data[name] = ""
            else:
                data[name] = value
    else:
        data = (
            {"production": Production.IN_HOUSE, "priority": Priority.MEDIUM, "status": Status.IDEA}
            if spec.kind == "content_plan"
            else {}
        )
    for column in spec.columns:
        if not column.imported or column.key == "id" or column.key not in row:
            continue
        value = row[column.key]
        target = spec.form_fields.get(column.key, column.key)
        header = headers[column.key]
        if column.key in choices:
            text = _clean_text(value)
            if not text:
                data[target] = ""
            elif text.casefold() in choices[column.key]:
                data[target] = choices[column.key][text.casefold()]
            else:
                errors.append(
                    (header, _("“%(value)s” is not one of the choices.") % {"value": text})
                )
        elif column.key in ("persona", "goal", "owner"):
            text = _clean_text(value)
            if not text:
                data[target] = ""
            elif text.casefold() in lookups[column.key]:
                data[target] = lookups[column.key][text.casefold()]
            else:
                errors.append(
                    (header, _("Nothing in this strategy is called “%(value)s”.") % {"value": text})
                )
        elif column.key == "channels":
            names = [name.strip() for name in _clean_text(value).split(",") if name.strip()]
            unknown = [name for name in names if name.casefold() not in lookups["channels"]]
            if unknown:
                errors.append(
                    (header, _("Not in the inventory: %(names)s.") % {"names": ", ".join(unknown)})
                )
            data[target] = [
                lookups["channels"][n.casefold()]
                for n in names
                if n.casefold() in lookups["channels"]
            ]
        elif column.kind == "date":
            data[target] = _to_date(value)
        elif column.kind in ("int", "decimal", "money"):
            data[target] = _to_number(value)
        else:
            data[target] = _clean_text(value)
    return data, errors


def apply_import(strategy: Strategy, plan_data: dict) -> dict:
    """Write a checked plan; all of it or, on any failure, none of it."""
    spec = SPECS[plan_data["kind"]]
    queryset = spec.model_queryset(strategy)
    model = queryset.model
    with transaction.atomic():
        for item in plan_data["creates"]:
            _save(spec, strategy, item["data"], model(), item["row"])
        for item in plan_data["updates"]:
            _save(spec, strategy, item["data"], queryset.get(pk=item["id"]), item["row"])
        if plan_data["deletes"]:
            queryset.filter(pk__in=plan_data["deletes"]).delete()
    return {
        "created": len(plan_data["creates"]),
        "updated": len(plan_data["updates"]),
        "deleted": len(plan_data["deletes"]),
    }


def _save(spec, strategy, data, instance, row):
    form = spec.form(data, instance, strategy)
    if not form.is_valid():
        raise forms.ValidationError(
            _(
                "Row %(row)s no longer fits the strategy; nothing was imported. Upload the file "
                "again to see why."
            )
            % {"row": row}
        )
    form.save()


def plan_as_data(plan: ImportPlan) -> dict:
    return {
        "kind": plan.kind,
        "creates": plan.creates,
        "updates": plan.updates,
        "deletes": plan.deletes,
    }
