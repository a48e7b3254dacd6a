import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from strategy_planner import numbers
from strategy_planner.calendars import JALALI, jalali_active, jalali_input, parse_jalali
from strategy_planner.funnel import FunnelResult, plan_funnel
from strategy_planner.models import (
    Calendar,
    Goal,
    GoalCounts,
    Membership,
    Profile,
    Role,
    Strategy,
)
from strategy_planner.people import display_name, profile_of

User = get_user_model()


class EditVersionField(forms.IntegerField):
    """The edit version an editor started from; bookkeeping, never a change of its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            number = super().to_python(value)
        except ValidationError:
            number = None
        # A mangled number checks nothing, like a form without one.
        return number if number is not None and 0 < number < 2**31 else None

    def has_changed(self, initial, data) -> bool:
        return False


@dataclass(frozen=True)
class Difference:
    """One field where the saved row and the editor's form disagree."""

    label: str
    saved: list
    yours: list


@dataclass(frozen=True)
class Conflict:
    """What someone else saved while the editor was still editing."""

    name: str
    version: int
    differences: list[Difference]


class _WithoutAria:
    """A hidden input carrying a field's starting value: the field's description
    and error belong to the field a person sees, not to its hidden twin."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        return {name: value for name, value in attrs.items() if not name.startswith("aria-")}


class StartingValueInput(_WithoutAria, forms.HiddenInput):
    pass


class StartingValuesInput(_WithoutAria, forms.MultipleHiddenInput):
    pass


class TypedNumberInput(forms.TextInput):
    """The input of every number field: text, so that it takes what a reader's keyboard
    types (Persian ۱۲۳ and Arabic-Indic ١٢٣ digits, the Persian separators ٬ and ٫, a
    Romanian "1.234,5"), which the field then reads as it reads any number; a
    browser's number input would drop all of it. A number it shows is written as
    the reader's language writes it, without grouping, so that it reads back the
    same (``numbers.parse_number`` and ``numbers.number_for_input``)."""

    # A text input knows no bounds or steps; the field checks them.
    NUMBER_ONLY_ATTRS = ("min", "max", "step")

    def __init__(self, attrs=None, whole: bool = False):
        super().__init__({"inputmode": "numeric" if whole else "decimal", **(attrs or {})})

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        return {name: value for name, value in attrs.items() if name not in self.NUMBER_ONLY_ATTRS}

    def format_value(self, value):
        return numbers.number_for_input(value) or None

    def value_from_datadict(self, data, files, name):
        return numbers.parse_number(super().value_from_datadict(data, files, name))


class NumbersAsTyped:
    """A form whose number fields take numbers as a reader types them (``TypedNumberInput``):
    every model form of shared content (``EditVersionForm``) and every plain form
    with a number field. The spreadsheet import reads its cells through these
    same fields and widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Decimal and float fields are integer fields to Django.
            if isinstance(field, forms.IntegerField) and isinstance(
                field.widget, forms.NumberInput
            ):
                whole = not isinstance(field, forms.DecimalField | forms.FloatField)
                field.widget = TypedNumberInput(attrs=field.widget.attrs, whole=whole)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows by ID that refuses an ID no database can hold
    (thirty nines) as any other wrong choice: on SQLite Django's own field lets
    the database raise instead (a server error). Each form's ``Meta.field_classes``
    names it for its many-to-many fields."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            ) from None


class EditVersionForm(NumbersAsTyped, forms.ModelForm):
    """A model form for an :class:`~strategy_planner.models.EditVersioned` model that
    does not save over a newer edit.

    The form carries, in hidden fields, the edit version its editor started from
    and each field's value as it was then (Django's ``show_hidden_initial``).
    Views save it with :meth:`save_if_unchanged` and show ``form.conflict``
    (``templates/_edit_conflict.html``) when that returns ``None``.

    When someone else saved in between, what they changed is compared with what
    this editor changed: if they changed other fields (or made the same change),
    this editor's changes are written on top of theirs; if both changed a field
    to different values, nothing is written and the form comes back with what the
    editor typed, the values saved now beside it and the current edit version,
    so that saving again is a deliberate choice to replace the other version. A
    form posted without its edit version is treated the same way: it never
    overwrites silently.
    """

    edit_version = EditVersionField()

    conflict: Conflict | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.initial.setdefault("edit_version", self.instance.edit_version)
            for name, field in self.fields.items():
                if name != "edit_version":
                    field.show_hidden_initial = True
                    multiple = issubclass(field.hidden_widget, forms.MultipleHiddenInput)
                    field.hidden_widget = StartingValuesInput if multiple else StartingValueInput

    def save_if_unchanged(self):
        """Save and return the object, or return ``None`` and set :attr:`conflict`
        when someone else changed the same fields since this editor's edit version."""
        if self.instance._state.adding:
            return self.save()
        expected = self.cleaned_data.get("edit_version")
        instance = self.save(commit=False)
        changed = [name for name in self.changed_data if name != "edit_version"]
        if expected is not None and instance.save_if_unchanged(expected, self._written(), changed):
            return self._saved(instance)
        saved = type(instance)._base_manager.filter(pk=instance.pk).first()
        if saved is None:
            raise Http404("Deleted while being edited.")
        both = self._changed_by_others(saved) & set(self.changed_data)
        differences = self.differences(saved, only=both)
        if not differences:
            # They changed other fields, or made the same change: this editor's
            # changes go on top of theirs, unless yet another save came first.
            mine = self._written(only=self.changed_data)
            if instance.save_if_unchanged(saved.edit_version, mine, changed):
                return self._saved(instance, only=self.changed_data)
            saved = type(instance)._base_manager.get(pk=instance.pk)
            differences = self.differences(saved) or self.differences(saved, everything=True)
        self._show_version(saved.edit_version)
        instance.edit_version = saved.edit_version
        self.conflict = Conflict(
            name=str(saved), version=saved.edit_version, differences=differences
        )
        return None

    def _written(self, only=None) -> list:
        """The model fields a save of this form writes (``only``: of these names)."""
        return [
            field
            for field in self._meta.model._meta.concrete_fields
            if not field.primary_key
            and field.name != "edit_version"
            and (
                (field.name in self.cleaned_data and (only is None or field.name in only))
                or getattr(field, "auto_now", False)
            )
        ]

    def _saved(self, instance, only=None):
        for field in self._meta.model._meta.many_to_many:
            if field.name in self.cleaned_data and (only is None or field.name in only):
                getattr(instance, field.name).set(self.cleaned_data[field.name])
        self._show_version(instance.edit_version)
        return instance

    def _changed_by_others(self, saved) -> set[str]:
        """The form's fields whose saved value is no longer what this editor started
        from. Without the starting value (a form drawn by hand, or posted without
        it) a field counts as changed: nothing is overwritten on a guess."""
        changed = set()
        current = model_to_dict(saved, fields=list(self.fields))
        for name, field in self.fields.items():
            if name == "edit_version" or name not in self.cleaned_data:
                continue
            hidden = field.hidden_widget()
            initial_name = self.add_initial_prefix(name)
            if hidden.value_omitted_from_data(self.data, self.files, initial_name):
                changed.add(name)
                continue
            started_from = hidden.value_from_datadict(self.data, self.files, initial_name)
            if field.has_changed(current.get(name), started_from):
                changed.add(name)
        return changed

    def differences(
        self, saved, only: set[str] | None = None, everything: bool = False
    ) -> list[Difference]:
        """The form's fields (``only`` these) whose saved value differs from the one
        typed here; with ``everything``, each field as saved and as typed."""
        found = []
        for name, form_field in self.fields.items():
            try:
                field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if name == "edit_version" or name not in self.cleaned_data:
                continue
            if only is not None and name not in only:
                continue
            if field.many_to_many:
                theirs = list(getattr(saved, name).all())
                yours = list(self.cleaned_data[name])
                differs = {row.pk for row in theirs} != {row.pk for row in yours}
            else:
                differs = field.value_from_object(saved) != field.value_from_object(self.instance)
                theirs = getattr(saved, name if field.is_relation else field.attname)
                yours = getattr(self.instance, name if field.is_relation else field.attname)
            if differs or everything:
                labels = _choice_labels(field, form_field)
                # A related row as the form names it (a member by their display name),
                # a value as its field writes it (``shown_as``: a step's timing).
                name_of = (
                    form_field.label_from_instance
                    if isinstance(form_field, forms.ModelChoiceField)
                    else getattr(form_field, "shown_as", _shown)
                )
                found.append(
                    Difference(
                        label=form_field.label or field.verbose_name,
                        saved=_items(theirs, labels, name_of),
                        yours=_items(yours, labels, name_of),
                    )
                )
        return found

    def _show_version(self, version: int) -> None:
        """Put ``version`` in the hidden field the re-rendered form sends back."""
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_version")] = version


def _choice_labels(field, form_field) -> dict:
    if field.choices:
        return {str(value): label for value, label in field.flatchoices}
    if isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        return {str(value): label for value, label in form_field.choices}
    return {}


def _items(value, labels: dict, name_of=None) -> list:
    """A value as the lines to show: choice labels, related rows, list items, figures
    as the reader's language writes them."""
    if value is None or value == "":
        return []
    values = value if isinstance(value, list | tuple) else [value]
    name_of = name_of or _shown
    return [labels[str(item)] if str(item) in labels else name_of(item) for item in values]


def _shown(item):
    figure = isinstance(item, int | float | Decimal) and not isinstance(item, bool)
    return numbers.format_number(item) if figure else item


class MemberChoiceField(forms.ModelChoiceField):
    """A choice of one of a strategy's members (an owner of a channel, a piece, an
    action), each named as the app names people. Its queryset is ``members_of``."""

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


def members_of(strategy: Strategy):
    """The strategy's members with their profiles (naming each costs no query),
    by the name they are shown by."""
    return (
        User.objects.filter(memberships__strategy=strategy)
        .select_related("profile")
        .order_by(Lower(Coalesce(NullIf("profile__display_name", Value("")), "username")))
    )


NAME_MISSING = _("Write the name your team knows you by.")
DISPLAY_NAME_HELP = _(
    "How your team sees you on members, owners and comments: “Sam Brightside”, not “sam.b”."
)
JOB_TITLE_HELP = _("Optional: “Marketing manager”. Shown beside your name on the team page.")


class SignupForm(UserCreationForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=100,
        help_text=DISPLAY_NAME_HELP,
        error_messages={"required": NAME_MISSING},
    )
    job_title = forms.CharField(
        label=_("Job title"), max_length=100, required=False, help_text=JOB_TITLE_HELP
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Used to reset your password and to be added to a team's strategy."),
    )

    field_order = ("display_name", "job_title", "username", "email")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(NAME_MISSING, code="required")
        return name

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        if commit:
            with transaction.atomic():
                user.save()
                Profile.objects.create(
                    user=user,
                    display_name=self.cleaned_data["display_name"],
                    job_title=self.cleaned_data.get("job_title", "").strip(),
                )
        return user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail already exists. Log in or reset its password."),
                code="duplicate_email",
            )
        return email


class ProfileForm(forms.ModelForm):
    """What a person tells the app about themselves. An account made before profiles
    existed gets its profile on the first save, starting from the name it is shown by."""

    class Meta:
        model = Profile
        fields = ("display_name", "job_title", "mail_when_mentioned", "mail_about_my_items")
        labels = {
            "mail_when_mentioned": _("E-mail me when someone mentions me in a comment"),
            "mail_about_my_items": _("E-mail me about comments on things I own"),
        }
        help_texts = {
            "display_name": DISPLAY_NAME_HELP,
            "job_title": JOB_TITLE_HELP,
            "mail_when_mentioned": _(
                "A mail with a link to the comment when a teammate writes @ and your name."
            ),
            "mail_about_my_items": _(
                "A mail when someone comments on a channel, content piece or action you own."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        profile = profile_of(user)
        if profile is None:
            profile = Profile(user=user)
            kwargs.setdefault("initial", {})["display_name"] = display_name(user)
        super().__init__(*args, instance=profile, **kwargs)
        self.fields["display_name"].required = True
        self.fields["display_name"].error_messages["required"] = NAME_MISSING
        self.fields["display_name"].label = _("Display name")
        self.fields["job_title"].label = _("Job title")

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(NAME_MISSING, code="required")
        return name

    def clean_job_title(self) -> str:
        return self.cleaned_data["job_title"].strip()


class DateInput(forms.DateInput):
    """The input of every date field: the browser's date picker; for a reader of
    Jalali dates, a text input that shows and takes them (``1406/01/15``, in
    Persian digits too; a Jalali picker comes with it) with the Gregorian date
    beside it. Either way the field receives, and the database keeps, a
    Gregorian date.

    A Jalali input is sent with a hidden ``<name>__calendar=jalali`` beside it,
    so what it typed is read as Jalali whatever the reader's calendar is by the
    time the form comes back, and data without it (an import, a test) is read
    as the field always reads it."""

    input_type = "date"
    calendar_suffix = "__calendar"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if jalali_active():
            widget = context["widget"]
            widget["type"] = "text"
            attrs = {
                "inputmode": "numeric",
                "autocomplete": "off",
                "placeholder": _("for example %(date)s") % {"date": "1406/01/15"},
                "data-jdp": "",
                **widget["attrs"],
            }
            if attrs.get("id"):  # the Gregorian date beside describes the input too
                described = [attrs.get("aria-describedby", ""), f"{attrs['id']}_gregorian"]
                attrs["aria-describedby"] = " ".join(filter(None, described))
            widget["attrs"] = attrs
        return context

    def format_value(self, value):
        if not jalali_active():
            return super().format_value(value)
        day = _as_date(value)
        if day is None:
            return value or None  # what was typed and could not be read, as it was
        try:
            return jalali_input(day)
        except ValueError:  # a day the Jalali calendar cannot name
            return day.isoformat()

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not jalali_active():
            return html
        day = _as_date(value)
        input_id = (attrs or {}).get("id", "")
        return html + format_html(
            '<input type="hidden" name="{}" value="{}">'
            '<div class="form-text" id="{}_gregorian" data-gregorian-of="{}" aria-live="polite"{}>'
            '{} <span dir="auto" data-date="{}">{}</span></div>',
            name + self.calendar_suffix,
            JALALI,
            input_id,
            input_id,
            "" if day else " hidden",
            _("Gregorian:"),
            day.isoformat() if day else "",
            formats.date_format(day, "DATE_FORMAT") if day else "",
        )

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if data.get(name + self.calendar_suffix) == JALALI and isinstance(value, str):
            day = parse_jalali(value)
            if day is not None:
                return day.isoformat()
        return value


def _as_date(value) -> datetime.date | None:
    """A date field's value as a date: the value itself, or the ISO date a
    Jalali input turned what was typed into; None for anything else."""
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


class StrategyForm(EditVersionForm):
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
                params={"user": display_name(user)},
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


class GoalForm(EditVersionForm):
    class Meta:
        model = Goal
        field_classes = {"personas": IdsChoiceField}
        fields = (
            "business_goal",
            "marketing_goal",
            "metric",
            "baseline",
            "target",
            "unit",
            "deadline",
            "measured_with",
            "counts",
            "personas",
        )
        widgets = {"deadline": DateInput(), "personas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personas"].queryset = self.instance.strategy.personas.all()
        self.fields["personas"].help_text = _("Which personas this goal is about.")
        # A form sent without it (an older page, a script) keeps what the goal counts.
        self.fields["counts"].required = False

    def clean_counts(self) -> str:
        return self.cleaned_data.get("counts") or self.instance.counts or GoalCounts.LEADS


class FunnelForm(NumbersAsTyped, forms.Form):
    """Inputs of the funnel calculator; rates are percentages. It starts from a
    revenue target and an average order value, or from the number of customers
    wanted (patients, enrolments, accounts), which skips that step. Valid only when
    its answer fits a goal of ``strategy`` (``Goal.for_funnel``), so that it can
    be saved as one."""

    current_revenue = forms.DecimalField(
        label=_("Revenue now"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("Over the same period as the target, e.g. last year."),
    )
    target_revenue = forms.DecimalField(
        label=_("Revenue target"), max_digits=14, decimal_places=2, required=False
    )
    average_order_value = forms.DecimalField(
        label=_("Average order or deal value"), max_digits=14, decimal_places=2, required=False
    )
    current_customers = forms.IntegerField(
        label=_("Customers now"),
        min_value=0,
        max_value=10**9,
        required=False,
        help_text=_("Over the same period as the target, e.g. last year."),
    )
    target_customers = forms.IntegerField(
        label=_("Customers wanted"),
        max_value=10**9,
        required=False,
        help_text=_(
            "New patients, enrolments or accounts to win. Given, it is where the calculator "
            "starts: the revenue and order value are left out."
        ),
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

    REVENUE_FIELDS = ("current_revenue", "target_revenue", "average_order_value")
    CUSTOMER_FIELDS = ("current_customers", "target_customers")

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy

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

    def clean_target_customers(self):
        return self._positive("target_customers")

    @property
    def from_customers(self) -> bool:
        """Whether it starts from the customers wanted: whenever they are given."""
        return self.data.get(self.add_prefix("target_customers")) not in (None, "")

    def clean_average_order_value(self):
        return self._positive("average_order_value")

    def clean_lead_to_customer_rate(self):
        return self._rate("lead_to_customer_rate")

    def clean_visitor_to_lead_rate(self):
        return self._rate("visitor_to_lead_rate")

    def clean(self):
        cleaned_data = super().clean()
        needed = ("target_customers",) if self.from_customers else self.REVENUE_FIELDS[1:]
        for name in needed:
            if name not in self.errors and cleaned_data.get(name) is None:
                self.add_error(
                    name, forms.ValidationError(_("This field is required."), "required")
                )
        if not self.errors:
            try:
                Goal.for_funnel(self.strategy, self.inputs(), self.result())
            except ValidationError as problems:
                self.add_error(None, problems)
        return cleaned_data

    def inputs(self) -> dict:
        """The figures of the chosen start, without those of the other."""
        left_out = self.REVENUE_FIELDS if self.from_customers else self.CUSTOMER_FIELDS
        return {name: value for name, value in self.cleaned_data.items() if name not in left_out}

    def result(self) -> FunnelResult:
        return plan_funnel(**self.inputs())
