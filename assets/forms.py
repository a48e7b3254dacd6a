from django import forms
from django.utils.translation import gettext_lazy as _

from assets.models import KINDS_BY_MEDIA_TYPE, Asset, Kind, MediaAudit, MediaType
from strategy_planner.forms import (
    DateInput,
    EditVersionForm,
    IdsChoiceField,
    MemberChoiceField,
    members_of,
)
from strategy_planner.models import Strategy


def grouped_kind_choices():
    labels = dict(Kind.choices)
    return [("", "---------")] + [
        (MediaType(media).label, [(kind.value, labels[kind]) for kind in kinds])
        for media, kinds in KINDS_BY_MEDIA_TYPE.items()
    ]


class AssetForm(EditVersionForm):
    url = forms.URLField(label=_("URL"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Asset
        field_classes = {"goals": IdsChoiceField, "owner": MemberChoiceField}
        fields = (
            "name",
            "media_type",
            "kind",
            "platform",
            "url",
            "owner",
            "visits",
            "leads",
            "conversions",
            "revenue",
            "spend",
            "goals",
            "notes",
        )
        widgets = {
            "goals": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.fields["kind"].choices = grouped_kind_choices()
        self.fields["goals"].queryset = strategy.goals.all()
        self.fields["owner"].queryset = members_of(strategy)
        for name in ("revenue", "spend"):
            self.fields[name].label = f"{self.fields[name].label} ({strategy.currency})"
        # The limits are the model's (its validators); the browser is told them too.
        for name in ("visits", "leads", "conversions", "revenue", "spend"):
            self.fields[name].widget.attrs["min"] = 0


class AuditPeriodForm(EditVersionForm):
    class Meta:
        model = MediaAudit
        fields = ("period_start", "period_end")
        widgets = {"period_start": DateInput(), "period_end": DateInput()}


class TargetCostForm(EditVersionForm):
    class Meta:
        model = MediaAudit
        fields = ("target_cost_per_lead",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["target_cost_per_lead"]
        field.label = f"{field.label} ({self.instance.strategy.currency})"
        field.widget.attrs["min"] = 0


class RankingForm(EditVersionForm):
    class Meta:
        model = MediaAudit
        fields = ("ranking_goal", "ranking_metric")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ranking_goal"].queryset = self.instance.strategy.goals.all()
        self.fields["ranking_goal"].empty_label = _("(no particular goal)")
        self.fields["ranking_metric"].required = True


class WhyItWorksForm(EditVersionForm):
    class Meta:
        model = Asset
        fields = ("why_it_works",)
        widgets = {"why_it_works": forms.Textarea(attrs={"rows": 2})}


class DecisionForm(EditVersionForm):
    class Meta:
        model = Asset
        fields = ("decision", "decision_reason")
        widgets = {"decision_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = True
        self.fields["decision"].error_messages["required"] = _("Choose keep, change, drop or try.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") and not cleaned.get("decision_reason", "").strip():
            self.add_error(
                "decision_reason",
                forms.ValidationError(_("Say why, so the team knows."), code="no_reason"),
            )
        return cleaned
