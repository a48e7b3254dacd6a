from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from content_plan.models import (
    AuditedPiece,
    ContentFormat,
    ContentGap,
    ContentPiece,
    Priority,
    Status,
)
from strategy_planner.forms import DateInput
from strategy_planner.models import Strategy


class AuditedPieceForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = AuditedPiece
        fields = (
            "title",
            "url",
            "format",
            "persona",
            "goal",
            "stage",
            "views",
            "leads",
            "conversions",
            "verdict",
        )

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.fields["persona"].queryset = strategy.personas.all()
        self.fields["goal"].queryset = strategy.goals.all()
        for name in ("views", "leads", "conversions"):
            self.fields[name].widget.attrs["min"] = 0


class ContentGapForm(forms.ModelForm):
    class Meta:
        model = ContentGap
        fields = ("persona", "question", "stage", "idea")

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.fields["persona"].queryset = strategy.personas.all()


class ContentPieceForm(forms.ModelForm):
    class Meta:
        model = ContentPiece
        fields = (
            "title",
            "format",
            "goal",
            "persona",
            "stage",
            "gap",
            "promotion_channels",
            "reason",
            "priority",
            "production",
            "hours",
            "budget",
            "owner",
            "due_date",
            "publish_date",
            "status",
        )
        widgets = {
            "due_date": DateInput(),
            "publish_date": DateInput(),
            "promotion_channels": forms.CheckboxSelectMultiple,
            "reason": forms.Textarea(attrs={"rows": 2}),
            "production": forms.RadioSelect,
        }

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.fields["goal"].queryset = strategy.goals.all()
        self.fields["persona"].queryset = strategy.personas.all()
        self.fields["gap"].queryset = strategy.content_gaps.select_related("persona")
        self.fields["promotion_channels"].queryset = strategy.assets.order_by("media_type", "name")
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(memberships__strategy=strategy).order_by("username")
        )
        self.fields["budget"].label = f"{self.fields['budget'].label} ({strategy.currency})"
        for name in ("hours", "budget"):
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].min_value = 0


class PlanFilterForm(forms.Form):
    """The content plan's filters; every field is optional and bad values are ignored."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    persona = forms.ModelChoiceField(label=_("Persona"), required=False, queryset=None)
    owner = forms.ModelChoiceField(label=_("Owner"), required=False, queryset=None)
    month = forms.DateField(
        label=_("Publish month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = every + list(Status.choices)
        self.fields["priority"].choices = every + list(Priority.choices)
        self.fields["format"].choices = every + list(ContentFormat.choices)
        self.fields["persona"].queryset = strategy.personas.all()
        self.fields["persona"].empty_label = _("All")
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(memberships__strategy=strategy).order_by("username")
        )
        self.fields["owner"].empty_label = _("All")
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-control form-control-sm" if name == "month" else "form-select form-select-sm"
            )

    def apply(self, pieces):
        if not self.is_valid():
            return pieces
        data = self.cleaned_data
        for name in ("status", "priority", "format", "persona", "owner"):
            if data.get(name):
                pieces = pieces.filter(**{name: data[name]})
        if data.get("month"):
            pieces = pieces.filter(
                publish_date__year=data["month"].year, publish_date__month=data["month"].month
            )
        return pieces
