from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from strategy_planner.people import display_name
from versions.models import Approval, Version


class PublishForm(forms.ModelForm):
    class Meta:
        model = Version
        fields = ("label",)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class AskForm(forms.Form):
    approvers = MemberChoiceField(
        label=_("Ask to approve"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the strategy who have not been asked yet."),
    )

    def __init__(self, *args, version: Version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approvers"].queryset = (
            get_user_model()
            .objects.filter(memberships__strategy=version.strategy)
            .exclude(pk__in=version.approvals.values("approver"))
            .order_by("username")
        )


class AnswerForm(forms.ModelForm):
    verdict = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Approval.Verdict.APPROVED, _("Approve")),
            (Approval.Verdict.CHANGES, _("Request changes")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Approval
        fields = ("verdict", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": _("Say what should change, or anything the team should know.")}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("verdict") == Approval.Verdict.CHANGES
            and not cleaned.get("note", "").strip()
        ):
            self.add_error(
                "note",
                forms.ValidationError(
                    _("Say what should change, so that the team can act on it."), code="no_note"
                ),
            )
        return cleaned
