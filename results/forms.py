import datetime

from django import forms
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from budget.rules import month_label
from results import rules
from results.models import CheckIn, CheckInValue, Milestone, strategy_months
from strategy_planner.forms import (
    Conflict,
    Difference,
    EditVersionField,
    EditVersionForm,
    NumbersAsTyped,
    StartingValueInput,
)
from strategy_planner.models import Goal, Strategy
from strategy_planner.numbers import format_measure, number_for_input

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


class CheckInForm(EditVersionForm):
    """A monthly check-in: its month, the actual value of each measurable goal (one
    field each, named ``goal-<id>``) and a note. A goal left empty has no value
    that month.

    Like every edit form of shared content it does not save over a newer edit
    (:class:`~strategy_planner.forms.EditVersionForm`): the goals' values count as
    fields of the check-in, so values someone else changed meanwhile are merged
    with this editor's, and a value both changed is a conflict shown with both."""

    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=_month,
        help_text=_("Each goal's value at the end of this month."),
    )

    class Meta:
        model = CheckIn
        fields = ("month", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, strategy: Strategy, goals: list[Goal], **kwargs):
        self.strategy = strategy
        self.goals = {f"goal-{goal.pk}": goal for goal in goals}
        # The goals' fields are the form's own, made before the form is, so that they
        # take numbers as a reader types them and carry their starting values.
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
        }
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            saved = instance.actuals()
            kwargs["initial"] = {
                **{name: saved.get(goal.pk) for name, goal in self.goals.items()},
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        months = strategy_months(strategy)
        taken = set(strategy.check_ins.exclude(pk=self.instance.pk).values_list("month", flat=True))
        self.fields["month"].choices = [(month.isoformat(), month_label(month)) for month in months]
        if self.instance._state.adding:
            free = [month for month in months if month not in taken]
            self.initial.setdefault("month", (free or months)[0].isoformat())
        self.taken = taken
        self.order_fields(["month", *self.goals, "note"])

    @property
    def goal_fields(self) -> list:
        return [self[name] for name in self.goals]

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
        return cleaned

    # Saving: the values go with the check-in.

    def save(self, commit=True):
        with transaction.atomic():
            check_in = super().save(commit=commit)
            if commit:
                self._write_values(check_in)
        return check_in

    def save_if_unchanged(self):
        with transaction.atomic():
            return super().save_if_unchanged()

    def _saved(self, instance, only=None):
        instance = super()._saved(instance, only)
        self._write_values(instance, only)
        return instance

    def _write_values(self, check_in: CheckIn, only=None) -> None:
        """Write the goals' values (``only``: those named): changed ones updated,
        new ones added, emptied ones removed."""
        values = {
            goal.pk: self.cleaned_data.get(name)
            for name, goal in self.goals.items()
            if only is None or name in only
        }
        if not values:
            return
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
        Strategy.objects.filter(pk=self.strategy.pk).bump_content_version()

    # Conflicts: the goals' values are compared like the check-in's own fields.

    def _saved_values(self, saved: CheckIn) -> dict:
        actuals = saved.actuals()
        return {name: actuals.get(goal.pk) for name, goal in self.goals.items()}

    def _changed_by_others(self, saved) -> set[str]:
        changed = super()._changed_by_others(saved) - set(self.goals)
        current = self._saved_values(saved)
        for name in self.goals:
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
        for name, goal in self.goals.items():
            if name not in self.cleaned_data or (only is not None and name not in only):
                continue
            theirs, yours = current[name], self.cleaned_data[name]
            if theirs != yours or everything:
                found.append(
                    Difference(
                        label=self.fields[name].label,
                        saved=[] if theirs is None else [format_measure(theirs, goal.unit)],
                        yours=[] if yours is None else [format_measure(yours, goal.unit)],
                    )
                )
        return found


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
        self.base_fields = {
            **type(self).base_fields,
            **{key: _figure_field(month_label(month)) for key, month in self.months.items()},
        }
        edited = dict(goal.milestones.values_list("month", "value"))
        initial = {key: edited.get(month) for key, month in self.months.items()}
        initial["edit_version"] = goal.edit_version
        super().__init__(data, initial=initial, **kwargs)
        for key in self.months:
            field = self.fields[key]
            field.widget.attrs["placeholder"] = number_for_input(self.spread[key])
            field.show_hidden_initial = True
            field.hidden_widget = StartingValueInput

    @property
    def month_fields(self) -> list:
        return [self[key] for key in self.months]

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
        help_text=_("A month a row: a “month” column, a column for each goal, and a “note”."),
    )
