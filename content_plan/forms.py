from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from content_plan.models import (
    FUTURE_EVENTS,
    AuditedPiece,
    Channel,
    ContentFormat,
    ContentGap,
    ContentPiece,
    MessageSequence,
    Priority,
    SequenceStep,
    Status,
    Trigger,
    timed_from,
    trigger_choices,
)
from strategy_planner.forms import (
    DateInput,
    EditVersionForm,
    IdsChoiceField,
    MemberChoiceField,
    TypedNumberInput,
    members_of,
)
from strategy_planner.models import Strategy
from strategy_planner.numbers import format_count, format_delay, parse_number


class AuditedPieceForm(EditVersionForm):
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


class ContentPieceForm(EditVersionForm):
    published_url = forms.URLField(
        label=_("Published at"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the piece can be read once it is published."),
    )

    class Meta:
        model = ContentPiece
        field_classes = {"promotion_channels": IdsChoiceField, "owner": MemberChoiceField}
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
            "published_url",
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
        self.fields["owner"].queryset = members_of(strategy)
        self.fields["budget"].label = f"{self.fields['budget'].label} ({strategy.currency})"
        # The limits are the model's (its validators); the browser is told them too.
        for name in ("hours", "budget"):
            self.fields[name].widget.attrs["min"] = 0


class PublishDateForm(ContentPieceForm):
    """A piece's edit form with its publish date alone: a piece moved on the
    calendar (dragged to another day, or with its Move menu) is checked and saved
    as its edit page saves it, from the edit version it was shown with, so that a
    move over someone else's change of the date is a conflict, not an overwrite."""

    published_url = None  # the edit form's own field, left out with the others

    class Meta(ContentPieceForm.Meta):
        fields = ("publish_date",)

    def __init__(self, *args, strategy: Strategy, **kwargs):
        # The edit form's own choices are of fields this form leaves out.
        super(ContentPieceForm, self).__init__(*args, **kwargs)
        self.instance.strategy = strategy

    def _update_errors(self, errors):
        # What the model says of a field this form leaves out is said of the piece.
        if hasattr(errors, "error_dict"):
            for name in [name for name in errors.error_dict if name not in self.fields]:
                errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(
                    errors.error_dict.pop(name)
                )
        super()._update_errors(errors)


class PlanFilterForm(forms.Form):
    """The content plan's filters; every field is optional and bad values are ignored."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    persona = forms.ModelChoiceField(label=_("Persona"), required=False, queryset=None)
    owner = MemberChoiceField(label=_("Owner"), required=False, queryset=None)
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
        self.fields["owner"].queryset = members_of(strategy)
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


class SequenceForm(EditVersionForm):
    class Meta:
        model = MessageSequence
        fields = ("name", "trigger", "goal", "persona", "greeting")

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.fields["trigger"].choices = [
            ("", "---------"),
            *trigger_choices(strategy.business_model),
        ]
        self.fields["goal"].queryset = strategy.goals.all()
        self.fields["persona"].queryset = strategy.personas.all()
        if not self.instance.pk:
            del self.fields["greeting"]
            self.fields["trigger"].help_text = _(
                "The sequence starts from this trigger's template; edit every step after."
            )

    def clean_trigger(self):
        trigger = self.cleaned_data["trigger"]
        early = self.instance.pk and self.instance.steps.filter(delay_minutes__lt=0).exists()
        if early and trigger not in FUTURE_EVENTS:
            raise forms.ValidationError(
                _(
                    "Some messages go before %(event)s, and “%(trigger)s” has no event still "
                    "to come: time them after it first, or keep a trigger that looks ahead."
                ),
                code="before_no_event",
                params={
                    "event": timed_from(self.instance.trigger),
                    "trigger": Trigger(trigger).label,
                },
            )
        return trigger


AFTER, BEFORE = "after", "before"
MINUTES_IN = {"days": 24 * 60, "hours": 60, "minutes": 1}


class DelayInput(forms.MultiWidget):
    """When a message goes: before or after, then days, hours and minutes, each a
    number as the reader's keyboard types it. Data that holds minutes under the
    field's own name instead (a form posted as it was before, a number from
    elsewhere) is read as those minutes."""

    template_name = "content_plan/_delay_input.html"
    event = _("the trigger")  # what the timing is counted from

    def __init__(self, attrs=None):
        widgets = {
            "direction": forms.Select(choices=[(AFTER, _("after")), (BEFORE, _("before"))]),
            **{unit: TypedNumberInput(whole=True) for unit in MINUTES_IN},
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        try:
            minutes = int(value)
        except (TypeError, ValueError):
            return [AFTER, None, None, None]
        days, rest = divmod(abs(minutes), MINUTES_IN["days"])
        hours, rest = divmod(rest, MINUTES_IN["hours"])
        return [BEFORE if minutes < 0 else AFTER, days, hours, rest]

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        if all(part in (None, "") for part in parts[1:]) and data.get(name) not in (None, ""):
            return parse_number(data.get(name))
        return parts

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["event"] = self.event
        labels = [None, _("Days"), _("Hours"), _("Minutes")]
        for subwidget, label in zip(context["widget"]["subwidgets"], labels, strict=True):
            subwidget["label"] = label
            subwidget["attrs"]["class"] = "form-control" if label else "form-select"
            subwidget["attrs"].pop("required", None)  # an empty part counts as none
        # Each part of a timing the form refused says which message tells why: the
        # field's first error, as the form's fieldset writes it ("error_1_<id>").
        if attrs and attrs.get("aria-invalid") and attrs.get("id"):
            for subwidget in context["widget"]["subwidgets"]:
                subwidget["attrs"]["aria-describedby"] = f"error_1_{attrs['id']}"
        return context

    def _render(self, template_name, context, renderer=None):
        # From the project's templates, as the page around it.
        return render_to_string(template_name, context)


class DelayField(forms.Field):
    """When a message goes, as signed minutes: negative before the event its trigger
    looks ahead to. Typed as before/after, days, hours and minutes (``DelayInput``);
    a number is read as minutes (the starting value the form carries)."""

    widget = DelayInput
    hidden_widget = forms.HiddenInput
    default_error_messages = {
        "invalid": _("Write whole numbers of days, hours and minutes."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, list | tuple):
            return self._whole(value)
        direction, *amounts = value
        if all(amount in self.empty_values for amount in amounts):
            return None
        total = 0
        for amount, per in zip(amounts, MINUTES_IN.values(), strict=True):
            if amount not in self.empty_values:
                number = self._whole(amount)
                if number < 0:
                    raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
                total += number * per
        return -total if direction == BEFORE else total

    def _whole(self, value) -> int:
        try:
            return int(str(parse_number(value)))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True

    @staticmethod
    def shown_as(minutes) -> str:
        """A timing as the pages write it, where two edits are compared."""
        return format_delay(minutes)


class ButtonsField(forms.Field):
    """One button per line: “Title | reply” or “Title | https://…” for a link."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{button['title']} | {button.get('url') or button['type']}" for button in value
            )
        return value

    def to_python(self, value) -> list[dict]:
        if isinstance(value, list):
            return value
        buttons = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            title, _bar, kind = (part.strip() for part in line.partition("|"))
            if not title:
                raise forms.ValidationError(
                    _("Line %(number)s has no button title."),
                    code="no_title",
                    params={"number": format_count(number)},
                )
            kind = kind or "reply"
            if kind.startswith(("http://", "https://")):
                buttons.append({"title": title, "type": "link", "url": kind})
            elif kind in ("link", "reply"):
                buttons.append({"title": title, "type": kind})
            else:
                raise forms.ValidationError(
                    _("Line %(number)s: after the bar write “reply”, “link” or a web address."),
                    code="bad_type",
                    params={"number": format_count(number)},
                )
        return buttons


class StepForm(EditVersionForm):
    buttons = ButtonsField(
        label=_("Buttons or quick replies"),
        required=False,
        help_text=_("One per line: “Title | reply” for a reply, “Title | https://…” for a link."),
    )
    media_url = forms.URLField(
        label=_("Image, GIF or video"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to the picture or clip shown with the message."),
    )

    delay_minutes = DelayField(label=_("When"))

    class Meta:
        model = SequenceStep
        fields = (
            "channel",
            "delay_minutes",
            "promotional",
            "message_tag",
            "subject",
            "preheader",
            "header",
            "text",
            "footer",
            "button_style",
            "buttons",
            "media_url",
        )
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    CHANNEL_FIELDS = {
        "subject": ("email",),
        "preheader": ("email",),
        "header": ("whatsapp",),
        "footer": ("whatsapp",),
        "message_tag": ("messenger",),
        "button_style": ("messenger",),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        trigger = self.instance.sequence.trigger if self.instance.sequence_id else ""
        delay = self.fields["delay_minutes"]
        delay.widget.event = timed_from(trigger)
        delay.help_text = (
            _("A reminder two days before %(event)s: 2 days, before.")
            % {"event": timed_from(trigger)}
            if trigger in FUTURE_EVENTS
            else _("Messages of this trigger go after it: it has no event still to come.")
        )
        for name, channels in self.CHANNEL_FIELDS.items():
            self.fields[name].widget.attrs["data-channels"] = " ".join(channels)
        self.fields["subject"].help_text = _("E-mail only.")
        self.fields["preheader"].help_text = _(
            "E-mail only: the line inboxes show after the subject."
        )
        self.fields["header"].help_text = _("WhatsApp only.")
        self.fields["footer"].help_text = _("WhatsApp only.")

    def message(self):
        """The typed values as the rule checker sees them, valid or not (for live checks)."""
        from content_plan.rules import Message

        data = self.data
        prefix = self.add_prefix

        def text(name):
            return data.get(prefix(name), "") or ""

        try:
            delay = self.fields["delay_minutes"].to_python(self["delay_minutes"].data) or 0
        except forms.ValidationError:  # as typed: ۱۲۰ too
            delay = 0
        try:
            buttons = self.fields["buttons"].to_python(text("buttons"))
        except forms.ValidationError:
            buttons = []
        channel = text("channel") if text("channel") in Channel.values else Channel.MESSENGER
        return Message(
            channel=channel,
            text=text("text"),
            delay_minutes=delay,
            promotional=bool(data.get(prefix("promotional"))),
            message_tag=text("message_tag"),
            subject=text("subject"),
            preheader=text("preheader"),
            header=text("header"),
            footer=text("footer"),
            button_style=text("button_style") or "buttons",
            buttons=buttons,
        )
