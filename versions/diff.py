"""What changed between two states of a strategy: two published versions, or a
version and the live draft, compared section by section from their backups.

Rows are matched by the primary key the backup keeps for each of them: it is the
same row in every version of a strategy, wherever it has moved, so a renamed
persona is a changed one, not one removed and another added. A row the other
side does not have by key is matched by its name, if the name is unique (a row
deleted and typed again). Field labels are the models' verbose names, in the
reader's language; values are written as a reader knows them (a choice's label,
the name of the persona a goal points to).
"""

import datetime
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from starters.backup import backup, dumps
from strategy_planner.calendars import format_date, shown_calendar
from strategy_planner.models import Strategy
from strategy_planner.numbers import digits_choice, format_delay, format_number

DRAFT = "draft"

BASICS = (
    "name",
    "organisation",
    "industry",
    "business_model",
    "price_point",
    "start_date",
    "end_date",
    "language",
    "calendar",
    "currency",
)
KERNEL = ("diagnosis", "guiding_policy")
STRATEGY = "strategy_planner.strategy"
# section key, title, what it compares: a model, or the strategy's own fields.
SECTIONS = (
    ("basics", gettext_lazy("Basics"), [(STRATEGY, BASICS)]),
    ("personas", gettext_lazy("Buyer personas"), ["personas.buyerpersona", "personas.brandvoice"]),
    (
        "goals",
        gettext_lazy("Goals and measurement"),
        ["strategy_planner.goal", "results.milestone"],
    ),
    ("channels", gettext_lazy("Channels"), ["assets.asset", "assets.mediaaudit"]),
    (
        "content",
        gettext_lazy("Content plan"),
        ["content_plan.contentpiece", "content_plan.auditedpiece", "content_plan.contentgap"],
    ),
    (
        "sequences",
        gettext_lazy("Message sequences"),
        ["content_plan.messagesequence", "content_plan.sequencestep"],
    ),
    ("kernel", gettext_lazy("Kernel and actions"), [(STRATEGY, KERNEL), "report.coherentaction"]),
    ("budget", gettext_lazy("Budget"), ["budget.budgetline", "budget.budgetmonth"]),
)
# Bookkeeping, not content.
SKIPPED = {
    "edit_version",
    "position",
    "created_at",
    "updated_at",
    "added_at",
    "error_count",
    "strategy",
}
NAME_FIELDS = ("name", "title", "marketing_goal", "question", "subject", "header", "text")
# Rows without a name of their own are named by the row they belong to, and a month.
PARENTS = {
    "content_plan.sequencestep": "sequence",
    "budget.budgetmonth": "line",
    "results.milestone": "goal",
}
SHORT = 60


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ItemChange:
    kind: str  # added, removed, changed
    what: str  # the model's name, e.g. "buyer persona"
    name: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Reordered:
    what: str
    old: list[str]
    new: list[str]


@dataclass
class Section:
    key: str
    title: str
    items: list[ItemChange] = field(default_factory=list)
    reordered: list[Reordered] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.items or self.reordered)


@dataclass
class Diff:
    sections: list[Section]

    @property
    def changed(self) -> bool:
        return any(section.changed for section in self.sections)


class Side:
    """One state of the strategy: its backup's records by model and key."""

    def __init__(self, data: dict):
        self.rows: dict[str, dict[int, dict]] = {}
        for record in data["objects"]:
            self.rows.setdefault(record["model"], {})[record["pk"]] = record["fields"]

    def of(self, label: str) -> dict[int, dict]:
        return self.rows.get(label, {})

    def name(self, label: str, pk) -> str:
        fields = self.of(label).get(pk)
        if fields is None:
            return "—"
        for name in NAME_FIELDS:
            if fields.get(name):
                return _short(str(fields[name]))
        parent = PARENTS.get(label)
        model = apps.get_model(label)
        if parent:
            target = model._meta.get_field(parent).related_model._meta.label_lower
            month = fields.get("month") or ""
            return f"{self.name(target, fields.get(parent))} · {month or '#' + str(pk)}"
        return str(model._meta.verbose_name)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def state(strategy: Strategy, version=None) -> dict:
    """The backup of a version, or of the live draft (as a version would keep it)."""
    if version is not None:
        return version.snapshot
    return json.loads(dumps(backup(strategy)))


DIFF_SECONDS = 60 * 60 * 24


def compare_kept(strategy: Strategy, old_version=None, new_version=None) -> Diff:
    """:func:`compare`, kept: a published version never changes, and the draft is
    known by its content version. Kept per language, digits and calendar, which
    the values are written in."""
    sides = [
        f"v{version.pk}" if version else f"draft{strategy.current_content_version()}"
        for version in (old_version, new_version)
    ]
    key = ":".join(
        [
            "versions-diff",
            str(strategy.pk),
            *sides,
            translation.get_language() or "",
            digits_choice(),
            shown_calendar(),
        ]
    )
    diff = cache.get(key)
    if diff is None:
        diff = compare(strategy, old_version, new_version)
        cache.set(key, diff, DIFF_SECONDS)
    return diff


def compare(strategy: Strategy, old_version=None, new_version=None) -> Diff:
    """What changed from ``old_version`` to ``new_version`` (None: the live draft)."""
    old, new = Side(state(strategy, old_version)), Side(state(strategy, new_version))
    sections = []
    for key, title, parts in SECTIONS:
        section = Section(key=key, title=str(title))
        for part in parts:
            if isinstance(part, tuple):
                label, names = part
                _compare_strategy(section, label, names, old, new)
            else:
                _compare_model(section, part, old, new)
        sections.append(section)
    return Diff(sections=sections)


def _compare_strategy(section: Section, label: str, names, old: Side, new: Side) -> None:
    model = apps.get_model(label)
    (before,) = old.of(label).values()
    (after,) = new.of(label).values()
    changes = _field_changes(model, names, before, after, old, new)
    if changes:
        name = _short(str(after.get("name", "")))
        section.items.append(ItemChange("changed", str(model._meta.verbose_name), name, changes))


def _compare_model(section: Section, label: str, old: Side, new: Side) -> None:
    model = apps.get_model(label)
    what = str(model._meta.verbose_name)
    before, after = old.of(label), new.of(label)
    pairs = {pk: pk for pk in before if pk in after}
    removed = [pk for pk in before if pk not in after]
    added = [pk for pk in after if pk not in before]
    # The fallback: a row deleted and made again under the same name.
    names_removed = _unique_names(old, label, removed)
    for pk in list(added):
        match = names_removed.get(new.name(label, pk))
        if match is not None:
            pairs[match] = pk
            added.remove(pk)
            removed.remove(match)
    names = [
        f.name
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key and f.name not in SKIPPED
    ]
    for pk in removed:
        section.items.append(ItemChange("removed", what, old.name(label, pk)))
    for pk in added:
        section.items.append(ItemChange("added", what, new.name(label, pk)))
    for old_pk, new_pk in pairs.items():
        changes = _field_changes(model, names, before[old_pk], after[new_pk], old, new)
        if changes:
            section.items.append(ItemChange("changed", what, new.name(label, new_pk), changes))
    if any(f.name == "position" for f in model._meta.concrete_fields):
        _compare_order(section, model, label, pairs, old, new)


def _unique_names(side: Side, label: str, pks) -> dict:
    names = {}
    for pk in pks:
        name = side.name(label, pk)
        names[name] = None if name in names else pk
    return {name: pk for name, pk in names.items() if pk is not None}


def _compare_order(section, model, label, pairs: dict, old: Side, new: Side) -> None:
    """Rows kept on both sides whose order changed, within what holds them."""
    group = PARENTS.get(label, "strategy")
    groups: dict = {}
    for old_pk, new_pk in pairs.items():
        groups.setdefault(old.of(label)[old_pk].get(group), []).append((old_pk, new_pk))
    for rows in groups.values():
        before = sorted(rows, key=lambda r: (old.of(label)[r[0]].get("position") or 0, r[0]))
        after = sorted(rows, key=lambda r: (new.of(label)[r[1]].get("position") or 0, r[1]))
        if before != after:
            section.reordered.append(
                Reordered(
                    what=str(model._meta.verbose_name_plural),
                    old=[old.name(label, r[0]) for r in before],
                    new=[new.name(label, r[1]) for r in after],
                )
            )


def _field_changes(model, names, before: dict, after: dict, old: Side, new: Side):
    changes = []
    for name in names:
        if before.get(name) == after.get(name):
            continue
        model_field = model._meta.get_field(name)
        was, now = (
            _shown(model_field, before.get(name), old),
            _shown(model_field, after.get(name), new),
        )
        if was != now:
            changes.append(FieldChange(str(model_field.verbose_name), was, now))
    return changes


# Fields a page writes otherwise than as a plain figure, written the same way here.
WRITTEN_AS = {("content_plan.sequencestep", "delay_minutes"): format_delay}


def _shown(model_field, value, side: Side) -> str:
    """A field's value as the reader knows it."""
    if value in (None, "", []):
        return "—"
    written = WRITTEN_AS.get((model_field.model._meta.label_lower, model_field.name))
    if written is not None:
        return written(value)
    if model_field.many_to_many:
        target = model_field.related_model._meta.label_lower
        return ", ".join(sorted(side.name(target, pk) for pk in value))
    if model_field.is_relation:
        if isinstance(value, list):  # a user, by username
            return str(value[0])
        return side.name(model_field.related_model._meta.label_lower, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DecimalField | models.FloatField | models.IntegerField):
        return format_number(value)
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        return format_date(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
