import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategy_planner.concurrency import VersionedForm
from strategy_planner.funnel import FunnelResult, plan_funnel
from strategy_planner.models import (
    Calendar,
    CoherentAction,
    Goal,
    Membership,
    Role,
    ShareLink,
    Strategy,
)

User = get_user_model()


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Used to reset your password and to be added to a team's strategy."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail already exists. Log in or reset its password."),
                code="duplicate_email",
            )
        return email


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = (
            "name",
            "organisation",
            "industry",
            "business_model",
            "price_point",
            "start_date",
            "end_date",
            "language",
            "calendar",
            "currency",
        )
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar"].required = False  # most strategies keep the default

    def clean_calendar(self):
        return self.cleaned_data.get("calendar") or Calendar.GREGORIAN


class MemberAddForm(forms.Form):
    who = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        help_text=_("The person needs an account already: ask them to sign up first."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy

    def clean_who(self):
        who = self.cleaned_data["who"].strip()
        users = list(User.objects.filter(Q(username__iexact=who) | Q(email__iexact=who))[:2])
        if not users:
            raise forms.ValidationError(
                _("No account has the username or e-mail “%(who)s”."),
                code="unknown_user",
                params={"who": who},
            )
        if len(users) > 1:
            raise forms.ValidationError(
                _("More than one account matches “%(who)s”; use the username instead."),
                code="ambiguous_user",
                params={"who": who},
            )
        user = users[0]
        if self.strategy.memberships.filter(user=user).exists():
            raise forms.ValidationError(
                _("%(user)s is already a member of this strategy."),
                code="already_member",
                params={"user": user.get_username()},
            )
        return user

    def save(self) -> Membership:
        return Membership.objects.create(
            strategy=self.strategy, user=self.cleaned_data["who"], role=self.cleaned_data["role"]
        )


class MemberRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("role",)

    def clean_role(self):
        role = self.cleaned_data["role"]
        if role != Role.OWNER and self.instance.is_last_owner():
            raise forms.ValidationError(
                _("A strategy needs at least one owner: make someone else owner first."),
                code="last_owner",
            )
        return role


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = (
            "business_goal",
            "marketing_goal",
            "metric",
            "baseline",
            "target",
            "unit",
            "deadline",
            "measured_with",
            "personas",
        )
        widgets = {"deadline": DateInput(), "personas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personas"].queryset = self.instance.strategy.personas.all()
        self.fields["personas"].help_text = _("Which personas this goal is about.")


class FunnelForm(forms.Form):
    """Inputs of the funnel calculator; rates are percentages."""

    current_revenue = forms.DecimalField(
        label=_("Revenue now"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("Over the same period as the target, e.g. last year."),
    )
    target_revenue = forms.DecimalField(label=_("Revenue target"), max_digits=14, decimal_places=2)
    average_order_value = forms.DecimalField(
        label=_("Average order or deal value"), max_digits=14, decimal_places=2
    )
    lead_to_customer_rate = forms.DecimalField(
        label=_("Lead-to-customer rate (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Of 100 leads, how many buy? Expect it to fall as you reach colder leads."),
    )
    visitor_to_lead_rate = forms.DecimalField(
        label=_("Visitor-to-lead rate (%)"), max_digits=5, decimal_places=2
    )
    current_leads = forms.IntegerField(
        label=_("Leads now"), min_value=0, required=False, help_text=_("Same period.")
    )
    current_visits = forms.IntegerField(
        label=_("Visits now"), min_value=0, required=False, help_text=_("Same period.")
    )

    def _positive(self, name: str):
        value = self.cleaned_data[name]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Enter an amount above zero."), code="not_positive")
        return value

    def _rate(self, name: str):
        value = self.cleaned_data[name]
        if value is not None and not 0 < value <= 100:
            raise forms.ValidationError(
                _("A rate is a percentage above 0 and at most 100."), code="rate_range"
            )
        return value

    def clean_target_revenue(self):
        return self._positive("target_revenue")

    def clean_average_order_value(self):
        return self._positive("average_order_value")

    def clean_lead_to_customer_rate(self):
        return self._rate("lead_to_customer_rate")

    def clean_visitor_to_lead_rate(self):
        return self._rate("visitor_to_lead_rate")

    def result(self) -> FunnelResult:
        return plan_funnel(**self.cleaned_data)


class KernelForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ("diagnosis", "guiding_policy")
        widgets = {
            "diagnosis": forms.Textarea(attrs={"rows": 4}),
            "guiding_policy": forms.Textarea(attrs={"rows": 3}),
        }


class ActionForm(forms.ModelForm):
    class Meta:
        model = CoherentAction
        fields = ("title", "description", "goals", "content_pieces", "sequences", "channels")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.CheckboxSelectMultiple,
            "content_pieces": forms.SelectMultiple(attrs={"size": 6}),
            "sequences": forms.CheckboxSelectMultiple,
            "channels": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.fields["goals"].queryset = strategy.goals.all()
        self.fields["content_pieces"].queryset = strategy.content_pieces.order_by("title")
        self.fields["sequences"].queryset = strategy.message_sequences.all()
        self.fields["channels"].queryset = strategy.assets.exclude(decision="").order_by("name")
        self.fields["channels"].help_text = _("Channels with a keep/change/drop/try decision.")
        for name in ("content_pieces", "channels"):
            self.fields[name].help_text = (
                self.fields[name].help_text + " " + _("Hold Ctrl (or ⌘) to choose several.")
            ).strip()


class ShareLinkForm(forms.ModelForm):
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a link that works until you revoke it."),
    )

    class Meta:
        model = ShareLink
        fields = ("label",)

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
        choices=[("content_plan", _("The content plan")), ("inventory", _("The inventory"))],
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
        help_text=_("Off by default: without it, nothing is deleted."),
    )
