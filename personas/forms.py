from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from personas.models import MAX_AGE, BrandVoice, BuyerPersona, EvidenceSource
from strategy_planner.forms import EditVersionForm
from strategy_planner.models import Strategy
from strategy_planner.numbers import format_count

MAX_ITEMS = 30
MAX_ITEM_LENGTH = 300


class ListTextarea(forms.Textarea):
    """One item per line; the page script turns it into an editable, reorderable list."""

    def __init__(self, attrs=None):
        labels = {
            "data-list-editor": "",
            "data-label-add": _("Add"),
            "data-label-new": _("New item"),
            "data-label-up": _("Move up"),
            "data-label-down": _("Move down"),
            "data-label-remove": _("Remove"),
            "data-label-item": _("Item"),
            "rows": 4,
        }
        super().__init__({**labels, **(attrs or {})})


class ListField(forms.Field):
    """An ordered list of short statements, stored as a JSON list of strings."""

    widget = ListTextarea

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One item each; put the most important first."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        lines = value if isinstance(value, list | tuple) else str(value).splitlines()
        return [line.strip() for line in lines if line.strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_ITEMS:
            raise forms.ValidationError(
                ngettext(
                    "Keep it to %(max)s item or fewer.",
                    "Keep it to %(max)s items or fewer.",
                    MAX_ITEMS,
                ),
                code="too_many",
                params={"max": format_count(MAX_ITEMS)},
            )
        for item in value:
            if len(item) > MAX_ITEM_LENGTH:
                raise forms.ValidationError(
                    ngettext(
                        "“%(start)s…” is too long: keep each item under %(max)s character.",
                        "“%(start)s…” is too long: keep each item under %(max)s characters.",
                        MAX_ITEM_LENGTH,
                    ),
                    code="item_too_long",
                    params={"start": item[:30], "max": format_count(MAX_ITEM_LENGTH)},
                )


class PersonaForm(EditVersionForm):
    goals = ListField(label=_("Goals"))
    challenges = ListField(label=_("Challenges"))
    interests = ListField(label=_("Interests and hobbies"))
    priorities = ListField(label=_("Priorities"))
    sources = forms.MultipleChoiceField(
        label=_("Where the facts come from"),
        choices=EvidenceSource.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick every source you used. A persona built only on assumptions is flagged here "
            "and in the document until real data backs it."
        ),
        error_messages={"required": _("Say where the facts come from, even if it is a guess.")},
    )

    class Meta:
        model = BuyerPersona
        fields = (
            "name",
            "summary",
            "audience",
            "location",
            "age_min",
            "age_max",
            "income_min",
            "income_max",
            "job_title",
            "company_size",
            "company_industry",
            "goals",
            "challenges",
            "interests",
            "priorities",
            "sources",
            "evidence_note",
        )
        widgets = {"evidence_note": forms.Textarea(attrs={"rows": 3})}

    DEMOGRAPHIC = ("location", "job_title", "age_min", "age_max", "income_min", "income_max")
    B2B_ONLY = ("company_size", "company_industry")
    PSYCHOGRAPHIC = ("goals", "challenges", "interests", "priorities")

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        if not strategy.is_b2b:
            for name in self.B2B_ONLY:
                del self.fields[name]
        # The limits are the model's (its validators); the browser is told them too.
        for name in ("age_min", "age_max"):
            self.fields[name].widget.attrs.update(min=0, max=MAX_AGE)
        for name in ("income_min", "income_max"):
            self.fields[name].label = f"{self.fields[name].label} ({strategy.currency})"
            self.fields[name].widget.attrs.update(min=0)

    def section(self, names: tuple[str, ...]) -> list:
        return [self[name] for name in names if name in self.fields]

    def demographic_fields(self):
        return self.section(self.DEMOGRAPHIC + self.B2B_ONLY)

    def psychographic_fields(self):
        return self.section(self.PSYCHOGRAPHIC)


class PersonaCopyForm(forms.Form):
    persona = forms.ModelChoiceField(
        label=_("Persona to copy"),
        queryset=BuyerPersona.objects.none(),
        help_text=_("From the other strategies you belong to."),
    )

    def __init__(self, *args, user, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = (
            BuyerPersona.objects.filter(strategy__in=Strategy.objects.for_user(user))
            .exclude(strategy=strategy)
            .select_related("strategy")
            .order_by("strategy__name", "position", "pk")
        )
        self.fields["persona"].label_from_instance = lambda persona: (
            f"{persona.name} — {persona.strategy.name}"
        )


class BrandVoiceForm(EditVersionForm):
    words_to_use = ListField(label=_("Words and phrases to use"))
    words_to_avoid = ListField(
        label=_("Words and phrases to avoid"),
        help_text=_("One item each. Messages that use them are flagged as you write."),
    )

    class Meta:
        model = BrandVoice
        fields = (
            "personality",
            "sounds_like",
            "guidelines",
            "words_to_use",
            "words_to_avoid",
            "example_message",
        )
        widgets = {"guidelines": forms.Textarea(attrs={"rows": 3})}
