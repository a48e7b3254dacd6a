import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from assets.models import MediaType
from budget import rules
from budget.models import BudgetLine, BudgetMonth, Figure
from strategy_planner.forms import (
    Conflict,
    Difference,
    EditVersionField,
    EditVersionForm,
    NumbersAsTyped,
)
from strategy_planner.models import Strategy
from strategy_planner.numbers import format_amount, number_for_input


class LineForm(EditVersionForm):
    """A line's name, kind and media type (its months are typed in the grid)."""

    class Meta:
        model = BudgetLine
        fields = ("name", "kind", "media_type", "asset")

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        taken = strategy.budget_lines.exclude(asset=None).exclude(pk=self.instance.pk)
        self.fields["asset"].queryset = (
            strategy.assets.paid().exclude(pk__in=taken.values("asset_id")).order_by("name")
        )
        self.fields["asset"].empty_label = _("(none)")
        self.fields["media_type"].initial = MediaType.PAID
        if self.instance.from_content_plan:
            # Its planned months are the content plan's: it stays outsourced content.
            del self.fields["kind"], self.fields["asset"]


def encode_values(values: dict) -> str:
    """Figures by month key as the hidden ``started_from`` field carries them."""
    return json.dumps(
        {key: None if value is None else str(value) for key, value in values.items()},
        separators=(",", ":"),
    )


def decode_values(text: str) -> dict | None:
    """The figures a row started from, or None when they cannot be read (a row
    posted without them): then every month counts as changed by someone else, and
    nothing is overwritten on a guess."""
    try:
        raw = json.loads(text)
        return {
            str(key): None if value is None else Decimal(str(value)) for key, value in raw.items()
        }
    except (ValueError, TypeError, AttributeError, InvalidOperation):
        return None


def month_key(month) -> str:
    """The name of a month's input in a row of the grid: "2027-03"."""
    return month.strftime("%Y-%m")


class LineMonthsForm(NumbersAsTyped, forms.Form):
    """One line's planned or actual figures, month by month, as a row of the grid
    sends them: each input is named after its month ("2027-03"); a month not sent
    is left as it is, and so is an empty form.

    Like :class:`~strategy_planner.forms.EditVersionForm`, the row carries the
    line's edit version and the figures it started from (``started_from``), and
    :meth:`save_if_unchanged` does not save over a newer edit: months someone else
    changed meanwhile are merged with this editor's, and a month both changed to
    different figures is a :attr:`conflict`, shown with both; the form then holds
    what this editor typed on top of what is saved now, so that saving again is a
    deliberate choice to replace the other figure."""

    edit_version = EditVersionField()
    figure = forms.ChoiceField(choices=Figure.choices, widget=forms.HiddenInput)
    started_from = forms.CharField(required=False, widget=forms.HiddenInput)

    conflict: Conflict | None = None

    def __init__(self, data=None, *, line: BudgetLine, months: list, currency: str, **kwargs):
        self.line, self.currency = line, currency
        self.months = {
            month_key(month): month for month in months if data is None or month_key(month) in data
        }
        # The month fields are the form's own fields, made before the form is, so that
        # they take numbers as a reader types them like every number field.
        self.base_fields = {
            **type(self).base_fields,
            **{
                key: forms.DecimalField(
                    label=rules.month_label(month),
                    max_digits=14,
                    decimal_places=2,
                    min_value=0,
                    required=False,
                    error_messages={
                        "invalid": _("Enter an amount, such as 1250."),
                        "min_value": _("Enter zero or more: spend is never negative."),
                    },
                )
                for key, month in self.months.items()
            },
        }
        super().__init__(data, **kwargs)

    @property
    def month_keys(self) -> list[str]:
        return list(self.months)

    def clean_started_from(self):
        return decode_values(self.cleaned_data["started_from"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("figure") == Figure.PLANNED and self.line.from_content_plan:
            raise forms.ValidationError(
                _("This line's planned figures come from the content plan: change them there."),
                code="from_content_plan",
            )
        for key in self.months:
            if cleaned.get(key) is not None:
                try:
                    rules.check_minor_units(cleaned[key], self.currency)
                except forms.ValidationError as error:
                    self.add_error(key, error)
        return cleaned

    # Saving

    def save_if_unchanged(self) -> bool:
        """Write the months this editor changed and return True; or return False
        and set :attr:`conflict` when someone else saved another figure in one of
        them since the row was drawn."""
        figure = self.cleaned_data["figure"]
        typed = {key: self.cleaned_data.get(key) for key in self.months}
        started = self.cleaned_data.get("started_from")
        mine = {key for key in typed if started is None or typed[key] != started.get(key)}
        self.values = typed
        if not typed:
            return True
        expected = self.cleaned_data.get("edit_version")
        updated = BudgetLine._meta.get_field("updated_at")
        with transaction.atomic():
            if expected is not None and self.line.save_if_unchanged(expected, [updated]):
                self._write(figure, {key: typed[key] for key in mine})
                return True
            version, saved = self._saved_now(figure)
            others = (
                set(typed)
                if started is None
                else {key for key in typed if saved[key] != started.get(key)}
            )
            clash = {key for key in mine & others if saved[key] != typed[key]}
            if not clash and self.line.save_if_unchanged(version, [updated]):
                self._write(figure, {key: typed[key] for key in mine})
                self.values = {key: typed[key] if key in mine else saved[key] for key in typed}
                return True
            if not clash:  # yet another save came first: nothing is merged on a guess
                version, saved = self._saved_now(figure)
                clash = {key for key in typed if saved[key] != typed[key]} or set(typed)
        self.values = {key: typed[key] if key in mine else saved[key] for key in typed}
        self.conflict = Conflict(
            name=self.line.name,
            version=version,
            differences=[
                Difference(
                    label=self.fields[key].label,
                    saved=self._shown(saved[key]),
                    yours=self._shown(typed[key]),
                )
                for key in self.months
                if key in clash
            ],
        )
        # Drawn again, the row holds this editor's figures on top of what is saved now.
        self.data = self.data.copy()
        for key in typed:
            if key not in mine:
                self.data[key] = number_for_input(saved[key])
        self.data["started_from"] = encode_values(saved)
        self.data["edit_version"] = version
        return False

    def _shown(self, value) -> list:
        return [] if value is None else [format_amount(value, self.currency)]

    def _saved_now(self, figure: str) -> tuple[int, dict]:
        version = BudgetLine.objects.filter(pk=self.line.pk).values_list("edit_version", flat=True)
        version = version.first()
        if version is None:
            raise Http404("Deleted while being edited.")
        found = dict(
            BudgetMonth.objects.filter(line=self.line, month__in=self.months.values()).values_list(
                "month", figure
            )
        )
        return version, {key: found.get(month) for key, month in self.months.items()}

    def _write(self, figure: str, values: dict) -> None:
        """Write these months' figures: existing months updated, new ones added."""
        if not values:
            return
        months = {self.months[key]: value for key, value in values.items()}
        existing = list(BudgetMonth.objects.filter(line=self.line, month__in=months))
        for cell in existing:
            setattr(cell, figure, months.pop(cell.month))
        BudgetMonth.objects.bulk_update(existing, [figure])
        BudgetMonth.objects.bulk_create(
            BudgetMonth(line=self.line, month=month, **{figure: value})
            for month, value in months.items()
            if value is not None
        )
