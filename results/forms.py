import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from budget.forms import LineMonthsForm, decode_values, encode_values, month_key
from budget.models import BudgetLine, BudgetMonth, Figure
from budget.rules import month_label, quarter_label
from budget.rules import quarters as budget_quarters
from results import rules
from results.models import CheckIn, CheckInValue, Milestone, PlatformResult, strategy_months
from strategy_planner.forms import (
    Conflict,
    Difference,
    EditVersionField,
    EditVersionForm,
    NumbersAsTyped,
    StartingValueInput,
    TypedNumberInput,
)
from strategy_planner.models import Goal, Strategy
from strategy_planner.numbers import format_count, format_measure, number_for_input

# What a field started from, when the form cannot tell.
_UNKNOWN = object()


def _month(value) -> datetime.date:
    """A month as the form's choice sends it ("2027-03-01"), or as the model holds it."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def goal_label(goal: Goal) -> str:
    """A goal as its field in a check-in names it: "Double the leads (Website leads)"."""
    return f"{goal.marketing_goal} ({goal.metric})"


def _figure_field(label: str, help_text: str = "", required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        required=required,
        help_text=help_text,
        error_messages={"invalid": _("Enter a number, such as 1250 or 2.5.")},
    )


class _NotSaved(Exception):
    """Raised inside a save to undo all of it: something in it met a newer edit."""


def _whole_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=False,
        error_messages={
            "invalid": _("Enter a whole number, such as 120."),
            "min_value": _("Enter zero or more."),
        },
    )


@dataclass
class PlatformFields:
    """The fields of one paid platform in a check-in, as the template lays them out."""

    line: BudgetLine
    spend: forms.BoundField
    leads: forms.BoundField
    conversions: forms.BoundField


class CheckInForm(EditVersionForm):
    """A monthly check-in: its month, the actual value of each measurable goal (one
    field each, named ``goal-<id>``), each paid platform's month (``platforms``:
    the budget lines tied to one) and a note. A goal left empty has no value that
    month.

    A paid platform's month is its spend (``spend-<line id>``) and the leads and
    conversions it reports (``leads-<id>``, ``conversions-<id>``, kept as a
    :class:`~results.models.PlatformResult`). The spend has one home, the budget
    line's actual for the month: the field shows it, and a spend changed here is
    checked and written by the budget grid's own form (``LineMonthsForm``), as if
    typed in the grid. A platform whose spend is not sent is left as it is.

    Like every edit form of shared content it does not save over a newer edit
    (:class:`~strategy_planner.forms.EditVersionForm`): the goals' values and the
    platforms' results count as fields of the check-in, so values someone else
    changed meanwhile are merged with this editor's, and a value both changed is a
    conflict shown with both. A spend someone else changed meanwhile, in the grid
    or in a check-in, is merged or a conflict the way the grid's rows are. Saved
    with :meth:`save_if_unchanged`, a check-in is saved whole or not at all."""

    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=_month,
        help_text=_("Each goal's value at the end of this month."),
    )
    # The month the platforms' spend was drawn for: what the spend fields started
    # from is that month's, and tells nothing of another month's.
    spend_month = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = CheckIn
        fields = ("month", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, strategy: Strategy, goals: list[Goal], platforms=(), **kwargs):
        self.strategy = strategy
        self.goals = {f"goal-{goal.pk}": goal for goal in goals}
        self.platforms = {line.pk: line for line in platforms}
        self.results_fields = {
            f"{figure}-{line.pk}": (line, figure)
            for line in platforms
            for figure in ("leads", "conversions")
        }
        # The goals' and platforms' fields are the form's own, made before the form is,
        # so that they take numbers as a reader types them and carry their starting values.
        self.base_fields = {
            **type(self).base_fields,
            **{
                name: _figure_field(
                    goal_label(goal),
                    _("Baseline %(baseline)s, target %(target)s.")
                    % {
                        "baseline": format_measure(goal.baseline, goal.unit),
                        "target": format_measure(goal.target, goal.unit),
                    },
                )
                for name, goal in self.goals.items()
            },
            **{
                name: field
                for line in platforms
                for name, field in (
                    # Read and checked by the budget's own form (LineMonthsForm): here
                    # it is only typed.
                    (
                        f"spend-{line.pk}",
                        forms.CharField(
                            label=_("Spend (%(currency)s)") % {"currency": strategy.currency},
                            required=False,
                            widget=TypedNumberInput(),
                        ),
                    ),
                    (f"leads-{line.pk}", _whole_field(_("Leads"))),
                    (f"conversions-{line.pk}", _whole_field(_("Conversions"))),
                )
            },
        }
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            saved = self._saved_values(instance)
            kwargs["initial"] = {**saved, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        months = strategy_months(strategy)
        taken = set(strategy.check_ins.exclude(pk=self.instance.pk).values_list("month", flat=True))
        self.fields["month"].choices = [(month.isoformat(), month_label(month)) for month in months]
        if self.instance._state.adding:
            free = [month for month in months if month not in taken]
            self.initial.setdefault("month", (free or months)[0].isoformat())
        self.taken = taken
        if self.platforms:
            drawn = _month(self.initial["month"])
            self.initial["spend_month"] = drawn.isoformat()
            spent = dict(
                BudgetMonth.objects.filter(line__in=self.platforms, month=drawn).values_list(
                    "line_id", "actual"
                )
            )
            for line_id in self.platforms:
                self.initial[f"spend-{line_id}"] = spent.get(line_id)
        self.fields["spend_month"].show_hidden_initial = False
        for name in (*self.spend_fields, *self.results_fields):
            self.fields[name].show_hidden_initial = True
            self.fields[name].hidden_widget = StartingValueInput
        self.order_fields(["month", *self.goals, *self._platform_field_names(), "note"])
        self.spends: dict[int, LineMonthsForm] = {}

    @property
    def spend_fields(self) -> dict[str, BudgetLine]:
        return {f"spend-{line_id}": line for line_id, line in self.platforms.items()}

    def _platform_field_names(self) -> list[str]:
        return [
            f"{figure}-{line_id}"
            for line_id in self.platforms
            for figure in ("spend", "leads", "conversions")
        ]

    @property
    def goal_fields(self) -> list:
        return [self[name] for name in self.goals]

    @property
    def platform_fields(self) -> list[PlatformFields]:
        return [
            PlatformFields(
                line,
                self[f"spend-{line_id}"],
                self[f"leads-{line_id}"],
                self[f"conversions-{line_id}"],
            )
            for line_id, line in self.platforms.items()
        ]

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month in self.taken:
            raise forms.ValidationError(
                _("There is a check-in for %(month)s already: edit that one instead."),
                code="taken",
                params={"month": month_label(month)},
            )
        return month

    def clean(self):
        cleaned = super().clean()
        if not self.errors and all(cleaned.get(name) is None for name in self.goals):
            raise forms.ValidationError(
                _("Enter the value of at least one goal."), code="no_values"
            )
        month = cleaned.get("month")
        if month is not None:
            for name, line in self.spend_fields.items():
                self._clean_spend(name, line, month)
        return cleaned

    # A platform's spend: the budget line's actual for the month, through the grid's form.

    def _clean_spend(self, name: str, line: BudgetLine, month: datetime.date) -> None:
        if self.add_prefix(name) not in self.data:
            self.cleaned_data.pop(name, None)  # not sent: left as it is
            return
        key = month_key(month)
        started = self._started_spend(name, month)
        spend = LineMonthsForm(
            {
                "figure": Figure.ACTUAL,
                key: self.data.get(self.add_prefix(name)),
                "started_from": "" if started is _UNKNOWN else encode_values({key: started}),
            },
            line=line,
            months=[month],
            currency=self.strategy.currency,
        )
        if not spend.is_valid():
            self.add_error(name, [*spend.errors.get(key, []), *spend.non_field_errors()])
            return
        typed = spend.cleaned_data[key]
        self.cleaned_data[name] = typed
        if started is _UNKNOWN or typed != started:
            self.spends[line.pk] = spend

    def _started_spend(self, name: str, month: datetime.date):
        """The spend the field started from, or _UNKNOWN: without it, or when it was
        drawn for another month (the month was changed), nothing is overwritten on
        a guess."""
        initial_name = self.add_initial_prefix(name)
        if self.data.get(self.add_prefix("spend_month")) != month.isoformat():
            return _UNKNOWN
        if initial_name not in self.data:
            return _UNKNOWN
        text = self.data.get(initial_name) or ""
        try:
            return Decimal(text) if text else None
        except InvalidOperation:
            return _UNKNOWN

    # Saving: the values and the platforms' results go with the check-in.

    def save(self, commit=True):
        """Save the check-in with its goals' values and platforms' results (the spends
        are written by :meth:`save_if_unchanged`, which may meet a newer one)."""
        with transaction.atomic():
            check_in = super().save(commit=commit)
            if commit:
                self._write_values(check_in)
        return check_in

    def save_if_unchanged(self):
        """Save the check-in, its values and results and each spend changed here, and
        return it; or save nothing, set :attr:`conflict` and return None when someone
        else saved something else in one of the fields meanwhile."""
        adding = self.instance._state.adding
        posted_version = self.data.get(self.add_prefix("edit_version"))
        try:
            with transaction.atomic():
                check_in = super().save_if_unchanged()
                if check_in is None:
                    raise _NotSaved
                refused = [
                    line_id
                    for line_id, spend in self.spends.items()
                    if not spend.save_if_unchanged()
                ]
                if refused:
                    self._spend_conflict(refused, posted_version)
                    raise _NotSaved
        except _NotSaved:
            if adding:
                self.instance.pk = None
                self.instance._state.adding = True
            return None
        return check_in

    def _spend_conflict(self, refused: list[int], posted_version) -> None:
        """Say which spends someone else changed, and draw the form again on top of
        what is saved now, so that saving again is a deliberate replacement."""
        self.data = self.data.copy()
        differences = []
        for line_id in refused:
            spend, name = self.spends[line_id], f"spend-{line_id}"
            differences += [
                Difference(label=self._label(name), saved=difference.saved, yours=difference.yours)
                for difference in spend.conflict.differences
            ]
            (saved_now,) = (decode_values(spend.data["started_from"]) or {None: None}).values()
            self.data[self.add_initial_prefix(name)] = "" if saved_now is None else str(saved_now)
        # The other spends were written as typed, then undone with the rest: typed
        # over what was saved, they start from it now.
        for line_id in self.spends.keys() - set(refused):
            typed = self.cleaned_data[f"spend-{line_id}"]
            name = self.add_initial_prefix(f"spend-{line_id}")
            self.data[name] = "" if typed is None else str(typed)
        self.data[self.add_prefix("spend_month")] = self.cleaned_data["month"].isoformat()
        # Nothing was saved: the check-in is still at the version this editor started from.
        if posted_version is not None:
            self.data[self.add_prefix("edit_version")] = posted_version
        saved = CheckIn.objects.filter(pk=self.instance.pk).values_list("edit_version", flat=True)
        self.conflict = Conflict(
            name=str(self.instance),
            version=(saved.first() or 1) if self.instance.pk else 1,
            differences=differences,
        )

    def _saved(self, instance, only=None):
        instance = super()._saved(instance, only)
        self._write_values(instance, only)
        return instance

    def _write_values(self, check_in: CheckIn, only=None) -> None:
        """Write the goals' values and the platforms' results (``only``: those named):
        changed ones updated, new ones added, emptied ones removed."""
        values = {
            goal.pk: self.cleaned_data.get(name)
            for name, goal in self.goals.items()
            if only is None or name in only
        }
        results = {
            name: (line, figure)
            for name, (line, figure) in self.results_fields.items()
            if (only is None or name in only) and self.add_prefix(name) in self.data
        }
        if not values and not results:
            return
        if values:
            self._write_goal_values(check_in, values)
        if results:
            self._write_platform_results(check_in, results)
        Strategy.objects.filter(pk=self.strategy.pk).bump_content_version()

    def _write_goal_values(self, check_in: CheckIn, values: dict) -> None:
        existing = {value.goal_id: value for value in check_in.values.filter(goal__in=values)}
        changed = []
        for goal_id, actual in values.items():
            row = existing.get(goal_id)
            if row is not None and actual is not None and row.actual != actual:
                row.actual = actual
                changed.append(row)
        CheckInValue.objects.bulk_update(changed, ["actual"])
        CheckInValue.objects.bulk_create(
            CheckInValue(check_in=check_in, goal_id=goal_id, actual=actual)
            for goal_id, actual in values.items()
            if actual is not None and goal_id not in existing
        )
        emptied = [goal_id for goal_id, actual in values.items() if actual is None]
        if emptied:
            check_in.values.filter(goal__in=emptied).delete()

    def _write_platform_results(self, check_in: CheckIn, results: dict) -> None:
        """Set the figures named in ``results`` of each platform's row; a row left
        with neither figure is removed."""
        lines = {line.pk for line, _figure in results.values()}
        existing = {row.line_id: row for row in check_in.platform_results.filter(line__in=lines)}
        rows = {
            line_id: existing.get(line_id) or PlatformResult(check_in=check_in, line_id=line_id)
            for line_id in lines
        }
        for name, (line, figure) in results.items():
            setattr(rows[line.pk], figure, self.cleaned_data.get(name))
        empty = [
            line_id
            for line_id, row in rows.items()
            if row.leads is None and row.conversions is None
        ]
        PlatformResult.objects.bulk_update(
            [row for line_id, row in rows.items() if row.pk and line_id not in empty],
            ["leads", "conversions"],
        )
        PlatformResult.objects.bulk_create(
            row for line_id, row in rows.items() if not row.pk and line_id not in empty
        )
        if any(line_id in existing for line_id in empty):
            check_in.platform_results.filter(line__in=empty).delete()

    # Conflicts: the goals' values and the platforms' results are compared like the
    # check-in's own fields.

    def _saved_values(self, saved: CheckIn) -> dict:
        actuals = saved.actuals()
        found = {row.line_id: row for row in saved.platform_results.all()} if self.platforms else {}
        return {
            **{name: actuals.get(goal.pk) for name, goal in self.goals.items()},
            **{
                name: getattr(found.get(line.pk), figure, None)
                for name, (line, figure) in self.results_fields.items()
            },
        }

    def _label(self, name: str) -> str:
        """A field as a conflict names it: a platform's with the platform's name."""
        label = self.fields[name].label
        line = self.spend_fields.get(name) or self.results_fields.get(name, (None,))[0]
        return f"{line.name} · {label}" if line is not None else label

    def _changed_by_others(self, saved) -> set[str]:
        extras = {*self.goals, *self.results_fields}
        # The spends are the budget's, compared by its own form; the month they were
        # drawn for is bookkeeping.
        changed = super()._changed_by_others(saved) - extras - {*self.spend_fields, "spend_month"}
        current = self._saved_values(saved)
        for name in extras:
            if name not in self.cleaned_data:
                continue
            field = self.fields[name]
            hidden = field.hidden_widget()
            initial_name = self.add_initial_prefix(name)
            if hidden.value_omitted_from_data(self.data, self.files, initial_name):
                changed.add(name)
                continue
            started_from = hidden.value_from_datadict(self.data, self.files, initial_name)
            if field.has_changed(current[name], started_from):
                changed.add(name)
        return changed

    def differences(self, saved, only=None, everything=False) -> list[Difference]:
        found = super().differences(saved, only, everything)
        current = self._saved_values(saved)
        for name in (*self.goals, *self.results_fields):
            if name not in self.cleaned_data or (only is not None and name not in only):
                continue
            theirs, yours = current[name], self.cleaned_data[name]
            if theirs != yours or everything:
                found.append(
                    Difference(
                        label=self._label(name),
                        saved=[] if theirs is None else [self._shown(name, theirs)],
                        yours=[] if yours is None else [self._shown(name, yours)],
                    )
                )
        return found

    def _shown(self, name: str, value) -> str:
        goal = self.goals.get(name)
        return format_measure(value, goal.unit) if goal is not None else format_count(value)


class MilestonesForm(NumbersAsTyped, forms.Form):
    """One goal's milestones, a field a month (named after it, "2027-03"): a month
    typed keeps what was typed, a month left empty keeps the even spread, which
    its placeholder shows.

    Like a row of the budget grid (``LineMonthsForm``) it does not save over a
    newer edit. It carries the goal's edit version (saving milestones counts as a
    save of the goal) and the value each month started from (a month posted
    without it started empty), and :meth:`save_if_unchanged` writes only the
    months this editor changed: months someone else changed meanwhile are merged
    with this editor's, and a month both changed to different values is a
    :attr:`conflict`, shown with both. The form then holds what this editor typed
    on top of what is saved now, so that saving again is a deliberate choice to
    replace the other value."""

    edit_version = EditVersionField()

    conflict: Conflict | None = None

    def __init__(self, data=None, *, goal: Goal, months: list, **kwargs):
        self.goal = goal
        self.months = {month.strftime("%Y-%m"): month for month in months}
        spread = rules.even_spread(goal.baseline, goal.target, months, goal.deadline)
        self.spread = dict(zip(self.months, spread, strict=True))
        keys = list(self.months)
        # A quarter's end may be typed instead of its months (quarter-2027-q1): its
        # months then go in equal steps from where the month before it stood.
        self.quarters = {
            f"quarter-{quarter.key}": (quarter, [keys[index] for index in quarter.months])
            for quarter in budget_quarters(months)
        }
        self.base_fields = {
            **type(self).base_fields,
            **{key: _figure_field(month_label(month)) for key, month in self.months.items()},
            **{
                name: _figure_field(
                    _("End of %(quarter)s") % {"quarter": quarter_label(quarter)},
                    _("Fills its months in equal steps."),
                )
                for name, (quarter, _keys) in self.quarters.items()
            },
        }
        edited = dict(goal.milestones.values_list("month", "value"))
        initial = {key: edited.get(month) for key, month in self.months.items()}
        initial["edit_version"] = goal.edit_version
        super().__init__(data, initial=initial, **kwargs)
        self.stepped: set[str] = set()  # months filled from their quarter's end
        for key in self.months:
            field = self.fields[key]
            field.widget.attrs["placeholder"] = number_for_input(self.spread[key])
            field.show_hidden_initial = True
            field.hidden_widget = StartingValueInput
        for name, (_quarter, quarter_months) in self.quarters.items():
            last = quarter_months[-1]
            self.fields[name].widget.attrs["placeholder"] = number_for_input(
                initial[last] if initial[last] is not None else self.spread[last]
            )

    @property
    def month_fields(self) -> list:
        return [self[key] for key in self.months]

    @property
    def quarter_groups(self) -> list[tuple]:
        """Each quarter's name, its end field and its months' fields, in order."""
        return [
            (quarter_label(quarter), self[name], [self[key] for key in quarter_months])
            for name, (quarter, quarter_months) in self.quarters.items()
        ]

    def clean(self):
        """A quarter whose end was typed fills its months in equal steps from where
        the month before stood (its milestone as this form has it, or the baseline
        before the first month); a month of it typed itself keeps what was typed."""
        cleaned = super().clean()
        keys = list(self.months)
        typed_months = {key for key in super().changed_data if key in self.months}
        places = rules.places_of(self.goal.baseline, self.goal.target)
        for name, (_quarter, quarter_months) in self.quarters.items():
            end = cleaned.get(name)
            if end is None:
                continue
            first = keys.index(quarter_months[0])
            if first == 0:
                start = self.goal.baseline
            else:
                before = keys[first - 1]
                start = cleaned.get(before)
                start = self.spread[before] if start is None else start
            steps = rules.steps_to(start, end, len(quarter_months), rules.places_of(end) or places)
            for key, value in zip(quarter_months, steps, strict=True):
                if key in typed_months or key in self.errors:
                    continue
                cleaned[key] = value
                self.stepped.add(key)
        return cleaned

    @property
    def changed_data(self) -> list[str]:
        """The fields this editor changed, the months filled from a quarter's end
        among them (when they come to another figure than they started from)."""
        changed = list(super().changed_data)
        for key in sorted(self.stepped - set(changed)):
            if self.cleaned_data.get(key) != self._started(key):
                changed.append(key)
        return changed

    def save_if_unchanged(self) -> bool:
        """Write the months this editor changed (typed ones set, emptied ones back to
        the even spread) and return True; or return False and set :attr:`conflict`
        when someone else saved another value in one of them since the form was
        drawn."""
        typed = {key: self.cleaned_data.get(key) for key in self.months}
        mine = {key for key in self.changed_data if key in self.months}
        if not mine:
            return True
        expected = self.cleaned_data.get("edit_version")
        updated = [Goal._meta.get_field("updated_at")]
        with transaction.atomic():
            if expected is not None and self.goal.save_if_unchanged(expected, updated):
                self._write({key: typed[key] for key in mine})
                return True
            version, saved = self._saved_now()
            others = {key for key in self.months if saved[key] != self._started(key)}
            clash = {key for key in mine & others if saved[key] != typed[key]}
            if not clash and self.goal.save_if_unchanged(version, updated):
                self._write({key: typed[key] for key in mine})
                return True
            if not clash:  # yet another save came first: nothing is merged on a guess
                version, saved = self._saved_now()
                clash = {key for key in mine if saved[key] != typed[key]} or mine
        self.conflict = Conflict(
            name=self.goal.marketing_goal,
            version=version,
            differences=[
                Difference(
                    label=self.fields[key].label,
                    saved=[self._shown(key, saved[key])],
                    yours=[self._shown(key, typed[key])],
                )
                for key in self.months
                if key in clash
            ],
        )
        # Drawn again, the form holds this editor's months on top of what is saved now.
        self.data = self.data.copy()
        for key in self.months:
            if key not in mine:
                self.data[key] = number_for_input(saved[key])
            self.data[self.add_initial_prefix(key)] = "" if saved[key] is None else str(saved[key])
        self.data["edit_version"] = version
        return False

    def save(self) -> None:
        """Write the months this editor changed without looking for a newer edit: for
        a caller that has checked what it replaces itself (the workbook's import)."""
        typed = {key: self.cleaned_data.get(key) for key in self.changed_data if key in self.months}
        if typed:
            with transaction.atomic():
                self.goal.save(update_fields=["updated_at"])  # a save of the goal
                self._write(typed)

    def _started(self, key: str):
        """The value a month started from (a month posted without one started empty);
        one that cannot be read matches nothing saved."""
        field = self.fields[key]
        text = field.hidden_widget().value_from_datadict(
            self.data, self.files, self.add_initial_prefix(key)
        )
        try:
            return field.to_python(text)
        except forms.ValidationError:
            return _UNKNOWN

    def _saved_now(self) -> tuple[int, dict]:
        version = Goal.objects.filter(pk=self.goal.pk).values_list("edit_version", flat=True)
        version = version.first()
        if version is None:
            raise Http404("Deleted while being edited.")
        found = dict(
            self.goal.milestones.filter(month__in=self.months.values()).values_list(
                "month", "value"
            )
        )
        return version, {key: found.get(month) for key, month in self.months.items()}

    def _shown(self, key: str, value) -> str:
        """A month's milestone as a conflict shows it; an empty one is the even spread."""
        if value is None:
            return _("%(value)s (the even spread)") % {
                "value": format_measure(self.spread[key], self.goal.unit)
            }
        return format_measure(value, self.goal.unit)

    def _write(self, typed: dict) -> None:
        """Write these months: typed ones set, emptied ones back to the even spread."""
        typed = {self.months[key]: value for key, value in typed.items()}
        self.goal.milestones.filter(
            month__in=[month for month, value in typed.items() if value is None]
        ).delete()
        existing = {row.month: row for row in self.goal.milestones.filter(month__in=typed)}
        changed = []
        for month, value in typed.items():
            row = existing.get(month)
            if row is not None and value is not None and row.value != value:
                row.value = value
                changed.append(row)
        Milestone.objects.bulk_update(changed, ["value"])
        Milestone.objects.bulk_create(
            Milestone(goal=self.goal, month=month, value=value)
            for month, value in typed.items()
            if value is not None and month not in existing
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Saved as “CSV UTF-8”, up to 256 KB. Dates written as 2027-03-31, 31/03/2027, "
            "2027-03 or 03/2027; figures as you would type them on this page."
        ),
    )


def _shortened(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class CheckInMappingForm(forms.Form):
    """Which column of an uploaded CSV file holds what (``results.imports.ColumnMapping``):
    the file's layout — a column for each goal, or a row for each date and metric —,
    its date column and its note column; then each goal's column, or the columns
    naming the metric and holding its value and each goal's metric name.

    ``columns``: the file's column names. ``names``: the metric names found in the
    metric column the page was drawn with (``listed``); a form posted with another
    metric column :attr:`needs_listing` its names, rather than being checked.
    ``choices``: where the choice starts from, ``ColumnMapping.as_data()`` with each
    goal's column (``columns``) and metric name (``names``) by goal id."""

    WIDE, LONG = "wide", "long"

    file = forms.CharField(widget=forms.HiddenInput)
    listed = forms.CharField(required=False, widget=forms.HiddenInput)
    shape = forms.ChoiceField(
        label=_("How the file is laid out"),
        widget=forms.RadioSelect,
        choices=[
            (WIDE, _("A column for each goal, a row for each date")),
            (LONG, _("A row for each date and metric, with the metric's name and its value")),
        ],
    )
    date = forms.ChoiceField(
        label=_("Date or month"),
        help_text=_(
            "Read as 2027-03-31, 31/03/2027, 2027-03 or 03/2027. A month with several "
            "dates takes each goal's value of its last date: where the goal stood at the "
            "month's end."
        ),
        error_messages={"required": _("Choose the column that holds the dates.")},
    )
    metric = forms.ChoiceField(
        label=_("Metric name"), required=False, help_text=_("The column naming each row's metric.")
    )
    value = forms.ChoiceField(
        label=_("Value"), required=False, help_text=_("The column holding the metric's value.")
    )
    note = forms.ChoiceField(
        label=_("Note"),
        required=False,
        help_text=_("If you like: a month's different notes go into its check-in together."),
    )

    def __init__(
        self,
        data=None,
        *,
        columns: list[str],
        names: list[str],
        goals: list[Goal],
        more_names: bool = False,
        choices: dict | None = None,
        **kwargs,
    ):
        self.goals = goals
        self.names = names
        self.more_names = more_names
        if choices is not None:
            kwargs["initial"] = {
                **{name: choices.get(name, "") for name in ("file", "shape", "date", "note")},
                **{name: choices.get(name, "") for name in ("metric", "value")},
                "listed": choices.get("metric", ""),
                **{f"column-{pk}": column for pk, column in choices.get("columns", {}).items()},
                **{f"name-{pk}": name for pk, name in choices.get("names", {}).items()},
            }
        super().__init__(data, prefix="map", **kwargs)
        column_choices = [(column, column) for column in columns]
        none = [("", _("— none —"))]
        self.fields["date"].choices = [("", _("— choose —")), *column_choices]
        for name in ("metric", "value", "note"):
            self.fields[name].choices = none + column_choices
        absent = [("", _("— not in the file —"))]
        for goal in goals:
            self.fields[f"column-{goal.pk}"] = forms.ChoiceField(
                label=goal_label(goal), required=False, choices=absent + column_choices
            )
            self.fields[f"name-{goal.pk}"] = forms.ChoiceField(
                label=goal_label(goal),
                required=False,
                choices=absent + [(name, _shortened(name)) for name in names],
            )

    @property
    def goal_columns(self) -> list:
        return [self[f"column-{goal.pk}"] for goal in self.goals]

    @property
    def goal_names(self) -> list:
        return [self[f"name-{goal.pk}"] for goal in self.goals]

    @property
    def needs_listing(self) -> bool:
        """Posted to list a metric column's names: with the button that asks for it, or for
        a long file with another metric column than the one the names listed are of."""
        data = {name: self.data.get(self.add_prefix(name), "") for name in ("shape", "metric")}
        listed = self.data.get(self.add_prefix("listed"), "")
        if not self.is_bound:
            return False
        asked = self.add_prefix("list") in self.data  # the button that lists them
        return asked or (data["shape"] == self.LONG and data["metric"] != listed)

    def posted_choices(self) -> dict:
        """What was posted, as ``choices`` to draw the form again from."""
        posted = {name: self[name].value() or "" for name in self.fields}
        return {
            **{name: posted[name] for name in ("file", "shape", "date", "note", "metric", "value")},
            "columns": {goal.pk: posted[f"column-{goal.pk}"] for goal in self.goals},
            "names": {goal.pk: posted[f"name-{goal.pk}"] for goal in self.goals},
        }

    def clean(self):
        cleaned = super().clean()
        shape = cleaned.get("shape")
        date, note = cleaned.get("date"), cleaned.get("note")
        taken = {date: _("This column holds the dates.")} if date else {}
        if shape == self.LONG:
            for name, message in (
                ("metric", _("Choose the column that names the metric.")),
                ("value", _("Choose the column that holds the value.")),
            ):
                column = cleaned.get(name)
                if not column:
                    self.add_error(name, forms.ValidationError(message, code="required"))
                elif column in taken:
                    self.add_error(name, forms.ValidationError(taken[column], code="taken"))
                else:
                    taken[column] = (
                        _("This column names the metric.")
                        if name == "metric"
                        else _("This column holds the value.")
                    )
            if self.more_names and cleaned.get("metric"):
                self.add_error(
                    "metric",
                    forms.ValidationError(
                        _(
                            "This column holds more than %(count)s different names: "
                            "choose the column that names the metric."
                        ),
                        code="too_many_names",
                        params={"count": format_count(len(self.names))},
                    ),
                )
        if note and note in taken:
            self.add_error("note", forms.ValidationError(taken[note], code="taken"))
        elif note:
            taken[note] = _("This column holds the notes.")
        field = "column" if shape == self.WIDE else "name"
        chosen: dict[str, str] = {}
        for goal in self.goals:
            name = f"{field}-{goal.pk}"
            source = cleaned.get(name)
            if not source:
                continue
            if shape == self.WIDE and source in taken:
                self.add_error(name, forms.ValidationError(taken[source], code="taken"))
            elif source in chosen:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("It is chosen for “%(goal)s” already."),
                        code="chosen_twice",
                        params={"goal": chosen[source]},
                    ),
                )
            else:
                chosen[source] = goal.marketing_goal
        if shape and not chosen and not self.errors:
            raise forms.ValidationError(
                _("Choose the column of at least one goal.")
                if shape == self.WIDE
                else _("Choose the metric name of at least one goal."),
                code="no_goal",
            )
        return cleaned

    def choices(self) -> dict:
        """The choice made, as ``ColumnMapping.as_data()`` holds it."""
        shape = self.cleaned_data["shape"]
        field = "column" if shape == self.WIDE else "name"
        long = shape == self.LONG
        return {
            "shape": shape,
            "date": self.cleaned_data["date"],
            "note": self.cleaned_data["note"],
            "metric": self.cleaned_data["metric"] if long else "",
            "value": self.cleaned_data["value"] if long else "",
            "goals": {
                str(goal.pk): self.cleaned_data[f"{field}-{goal.pk}"]
                for goal in self.goals
                if self.cleaned_data.get(f"{field}-{goal.pk}")
            },
        }
