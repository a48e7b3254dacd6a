import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from comments.models import TEXT_MAX_LENGTH, Comment
from strategy_planner.models import Strategy
from strategy_planner.people import display_name

MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{display_name(user)} (@{user.get_username()})"


class CommentForm(forms.ModelForm):
    """A comment's words; members are mentioned by ``@username`` in the text, or
    picked from the list (which writes their @username into the text)."""

    mention = MemberChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Mention a member"),
        empty_label=_("Pick a member to mention…"),
        help_text=_("They get an e-mail with a link to the comment."),
    )

    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH})}
        labels = {"text": _("Comment")}
        help_texts = {"text": _("Plain text. Write @ and a member's username to mention them.")}
        error_messages = {"text": {"required": _("Write something to say.")}}

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(
            get_user_model()
            .objects.filter(memberships__strategy=strategy)
            .select_related("profile")
            .order_by("username")
        )
        self.fields["mention"].queryset = get_user_model().objects.filter(
            memberships__strategy=strategy
        )
        self.fields["mention"].choices = [("", self.fields["mention"].empty_label)] + [
            (user.pk, self.fields["mention"].label_from_instance(user)) for user in self.members
        ]

    def clean(self):
        cleaned = super().clean()
        picked = cleaned.get("mention")
        text = cleaned.get("text")
        if picked is not None and text is not None:
            handle = f"@{picked.get_username()}"
            if handle not in text:
                cleaned["text"] = f"{handle} {text}"
        return cleaned

    def mentioned(self) -> list:
        """The members the text names by @username."""
        names = {name.rstrip(".").lower() for name in MENTION.findall(self.cleaned_data["text"])}
        return [user for user in self.members if user.get_username().lower() in names]
