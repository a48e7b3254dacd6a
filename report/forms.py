import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from report.brand import normal_colour, read_logo
from report.models import CoherentAction, ShareLink
from strategy_planner.forms import (
    DateInput,
    EditVersionForm,
    IdsChoiceField,
    MemberChoiceField,
    members_of,
)
from strategy_planner.models import Strategy


class KernelForm(EditVersionForm):
    class Meta:
        model = Strategy
        fields = ("diagnosis", "guiding_policy")
        widgets = {
            "diagnosis": forms.Textarea(attrs={"rows": 4}),
            "guiding_policy": forms.Textarea(attrs={"rows": 3}),
        }


class ActionForm(EditVersionForm):
    class Meta:
        model = CoherentAction
        field_classes = {
            "goals": IdsChoiceField,
            "content_pieces": IdsChoiceField,
            "sequences": IdsChoiceField,
            "channels": IdsChoiceField,
            "owner": MemberChoiceField,
        }
        fields = (
            "title",
            "description",
            "goals",
            "content_pieces",
            "sequences",
            "channels",
            "owner",
            "due_date",
            "done",
        )
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.CheckboxSelectMultiple,
            "content_pieces": forms.CheckboxSelectMultiple,
            "sequences": forms.CheckboxSelectMultiple,
            "channels": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.fields["goals"].queryset = strategy.goals.all()
        self.fields["content_pieces"].queryset = strategy.content_pieces.order_by("title")
        self.fields["sequences"].queryset = strategy.message_sequences.all()
        self.fields["channels"].queryset = strategy.assets.exclude(decision="").order_by("name")
        self.fields["channels"].help_text = _("Channels with a keep/change/drop/try decision.")
        self.fields["owner"].queryset = members_of(strategy)


class ShareLinkForm(forms.ModelForm):
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a link that works until you revoke it."),
    )

    class Meta:
        model = ShareLink
        fields = ("label", "version")

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = strategy.versions.order_by("-number")
        self.fields["version"].empty_label = _("The live draft")

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day and day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."), code="past")
        return day

    def save(self, commit=True):
        day = self.cleaned_data.get("expires_on")
        if day:
            self.instance.expires_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time.max)
            )
        return super().save(commit)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("content_plan", _("The content plan")),
            ("inventory", _("The inventory")),
            ("budget", _("The budget")),
            ("results", _("The results (milestones and check-ins)")),
        ],
        widget=forms.RadioSelect,
        initial="content_plan",
    )
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_(
            "Start from an export: rows with an ID update that row, rows without one are "
            "added. Columns may be in any order; missing columns keep their values."
        ),
    )
    delete_missing = forms.BooleanField(
        label=_("Delete rows that are not in the file"),
        required=False,
        help_text=_(
            "Off by default: without it, nothing is deleted. The budget and the results "
            "never delete anything."
        ),
    )


class BrandForm(forms.Form):
    """The document's look: its colour and its logo. The edit version it was drawn
    from goes with it, so that a look saved by someone else meanwhile is not
    overwritten unseen (:func:`report.views.document_look`)."""

    colour = forms.CharField(
        label=_("Brand colour"),
        required=False,
        max_length=100,
        help_text=_(
            "The cover and the headings take it, e.g. #6f4e37 for coffee brown. Empty: blue."
        ),
        widget=forms.TextInput(attrs={"placeholder": "#6f4e37", "dir": "ltr", "size": 9}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "PNG, JPEG, GIF or WebP, up to 2 MB. It is shown on the cover, at most 600 pixels wide."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_colour(self) -> str:
        return normal_colour(self.cleaned_data.get("colour"))

    def clean_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        return read_logo(upload) if upload else None
