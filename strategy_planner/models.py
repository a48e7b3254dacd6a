import datetime
import decimal
import secrets
import uuid

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from strategy_planner import activity
from strategy_planner.calendars import format_date
from strategy_planner.numbers import format_count
from strategy_planner.signals import content_changed

HORIZON_MIN_MONTHS = 6
HORIZON_MAX_MONTHS = 12


class BusinessModel(models.TextChoices):
    B2B = "b2b", _("B2B (selling to businesses)")
    B2C = "b2c", _("B2C (selling to consumers)")
    BOTH = "both", _("Both B2B and B2C")


class PricePoint(models.TextChoices):
    LOW = "low", _("Low-ticket (quick, low-risk purchases)")
    HIGH = "high", _("High-ticket (considered, high-value purchases)")


class Language(models.TextChoices):
    """The language a document is written in. The interface's variants of a
    language (British and American English) write the same document: they differ
    in how dates and figures are shown on screen, not in the words."""

    ENGLISH = "en", _("English")
    PERSIAN = "fa", _("Persian")
    ROMANIAN = "ro", _("Romanian")

    @classmethod
    def of_locale(cls, code: str | None) -> "Language":
        """The document language of a reader of the interface language ``code``."""
        base = (code or "").split("-")[0].lower()
        return cls(base) if base in cls.values else cls.ENGLISH


class Calendar(models.TextChoices):
    GREGORIAN = "gregorian", _("Gregorian")
    JALALI = "jalali", _("Solar Hijri (Jalali)")


class Currency(models.TextChoices):
    EUR = "EUR", _("Euro (EUR)")
    USD = "USD", _("US dollar (USD)")
    GBP = "GBP", _("Pound sterling (GBP)")
    RON = "RON", _("Romanian leu (RON)")
    IRR = "IRR", _("Iranian rial (IRR)")
    CHF = "CHF", _("Swiss franc (CHF)")
    CAD = "CAD", _("Canadian dollar (CAD)")
    AUD = "AUD", _("Australian dollar (AUD)")
    AED = "AED", _("UAE dirham (AED)")
    TRY = "TRY", _("Turkish lira (TRY)")

    @classmethod
    def of_locale(cls, code: str | None) -> "Currency":
        """The usual currency of a reader of the interface language ``code``: the
        pound in British English, the dollar in American English, the leu in
        Romanian, the rial in Persian, the euro anywhere else."""
        usual = {"en-gb": cls.GBP, "en-us": cls.USD, "ro": cls.RON, "fa": cls.IRR}
        code = (code or "").lower()
        return usual.get(code) or usual.get(code.split("-")[0], cls.EUR)


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


# Higher rank includes everything a lower rank may do.
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


KEEP_DELETED_DAYS = 30


class EditVersioned(models.Model):
    """A row that counts its saves in its edit version, so that an edit started from
    an older version is caught instead of overwriting what was saved since
    (:class:`strategy_planner.forms.EditVersionForm`). Not to be confused with the
    strategy's content version.

    Every save of an existing row counts (the spreadsheet import and the admin
    included), so an editor who started before it is warned. Moving rows up and
    down changes only their position, which no edit form writes, and leaves the
    edit version alone.
    """

    edit_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("force_insert"):
            super().save(*args, **kwargs)
            Edit.record(self, Edit.Verb.ADDED)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "edit_version"}
        # Counted in the database, so two saves at once both count.
        self.edit_version = F("edit_version") + 1
        super().save(*args, **kwargs)
        # The new number is read back from the database when it is next asked for.
        del self.__dict__["edit_version"]
        if update_fields is None:
            Edit.record(self, Edit.Verb.CHANGED)
        else:
            written = [type(self)._meta.get_field(name) for name in update_fields]
            if Edit.fields_shown(written):
                Edit.record(self, Edit.Verb.CHANGED, written)

    def delete(self, *args, **kwargs):
        Edit.record(self, Edit.Verb.DELETED)
        return super().delete(*args, **kwargs)

    def activity_name(self) -> str:
        """What the activity log calls this row (stored as it is when edited);
        "" when its kind says enough."""
        return str(self)

    @classmethod
    def activity_shown(cls, name: str) -> str:
        """A stored :meth:`activity_name` as the reader reads it."""
        return name

    def save_if_unchanged(self, expected_version: int, fields: list, changed=None) -> bool:
        """Write these fields (model fields) only while the row still has
        ``expected_version``: one conditional UPDATE. Returns whether it wrote.
        ``changed``: the names of the fields the editor changed, for the activity
        log (all those written, if not said); none, and the save is not logged."""
        values = {field.attname: field.pre_save(self, add=False) for field in fields}
        written = (
            type(self)
            ._base_manager.filter(pk=self.pk, edit_version=expected_version)
            .update(edit_version=expected_version + 1, **values)
        )
        if written:
            self.edit_version = expected_version + 1
            strategy_id = self.pk if isinstance(self, Strategy) else owning_strategy_id(self)
            Strategy.objects.filter(pk=strategy_id).bump_content_version()
            if changed is None or changed:
                if changed is not None:  # a form's own fields (a check-in's values) too
                    named = {field.name: field for field in type(self)._meta.get_fields()}
                    fields = [named[name] for name in changed if name in named]
                Edit.record(self, Edit.Verb.CHANGED, fields, strategy_id=strategy_id)
        return bool(written)


class SecretLink(models.Model):
    """A secret URL that opens part of one strategy, read-only, without logging in:
    a share link to the document, a member's calendar feed. Its holder is let in
    by ``strategy_planner.access.link_view``. A link is not content: making or
    revoking one leaves the strategy's content version alone. Deleting a strategy
    revokes its links for good (:meth:`revoke_all`); restoring it does not bring
    them back."""

    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    @classmethod
    def revoke_all(cls, strategy: "Strategy") -> None:
        """Make every link of this kind to ``strategy`` stop working for good."""
        cls._default_manager.filter(strategy=strategy).delete()


def secret_link_models() -> list[type[SecretLink]]:
    return [model for model in apps.get_models() if issubclass(model, SecretLink)]


class StrategyQuerySet(models.QuerySet):
    def alive(self) -> "StrategyQuerySet":
        return self.filter(deleted_at__isnull=True)

    def for_user(self, user) -> "StrategyQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.alive().filter(memberships__user=user)

    def recoverable(self) -> "StrategyQuerySet":
        """Deleted less than KEEP_DELETED_DAYS ago: still in "Recently deleted"."""
        since = timezone.now() - datetime.timedelta(days=KEEP_DELETED_DAYS)
        return self.filter(deleted_at__gte=since)

    def deleted_for_owner(self, user) -> "StrategyQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.recoverable().filter(memberships__user=user, memberships__role=Role.OWNER)

    def expired(self) -> "StrategyQuerySet":
        """Deleted KEEP_DELETED_DAYS ago or more: due to be removed for good."""
        since = timezone.now() - datetime.timedelta(days=KEEP_DELETED_DAYS)
        return self.filter(deleted_at__lt=since)

    def bump_content_version(self) -> int:
        """Record that something in these strategies changed: their content version
        moves on (see :attr:`Strategy.content_version`) and ``content_changed`` is
        sent. Counted in the database, so two changes at once both count."""
        ids = list(self.values_list("pk", flat=True)) if content_changed.has_listeners() else []
        changed = self.update(
            content_version=F("content_version") + 1, content_changed_at=timezone.now()
        )
        if ids:
            content_changed.send(sender=Strategy, strategy_ids=ids)
        return changed


class Strategy(EditVersioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        _("strategy name"),
        max_length=200,
        help_text=_("For example “2027 growth plan”. It appears on the cover of the document."),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    industry = models.CharField(
        _("industry"),
        max_length=200,
        help_text=_("For example “specialty coffee retail” or “B2B accounting software”."),
    )
    business_model = models.CharField(
        _("business model"),
        max_length=4,
        choices=BusinessModel.choices,
        default=BusinessModel.B2C,
        help_text=_("B2B strategies ask for company size and industry in each persona."),
    )
    price_point = models.CharField(
        _("price point"),
        max_length=4,
        choices=PricePoint.choices,
        default=PricePoint.LOW,
        help_text=_("High-ticket purchases need more nurturing content before the sale."),
    )
    start_date = models.DateField(_("start of the planning horizon"))
    end_date = models.DateField(
        _("end of the planning horizon"),
        help_text=_("Between 6 and 12 months after the start."),
    )
    language = models.CharField(
        _("document language"),
        max_length=2,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language of the PDF and the workbook."),
    )
    calendar = models.CharField(
        _("document calendar"),
        max_length=9,
        choices=Calendar.choices,
        default=Calendar.GREGORIAN,
        help_text=_(
            "The calendar of the dates in the PDF. The Solar Hijri (Jalali) calendar applies "
            "when the document language is Persian."
        ),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    diagnosis = models.TextField(
        _("diagnosis"),
        blank=True,
        help_text=_(
            "What is the challenge? Name the one or two obstacles that matter most, "
            "e.g. “new visitors do not trust an unknown roaster enough to buy”."
        ),
    )
    guiding_policy = models.TextField(
        _("guiding policy"),
        blank=True,
        help_text=_(
            "How will you deal with it? An approach that rules things out, e.g. “win trust "
            "through expertise and reviews before asking for a sale”."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # The template the strategy was started from (strategy_planner/starters.py), if any:
    # its examples are shown next to each step's guidance.
    template = models.CharField(max_length=20, blank=True, default="", editable=False)
    # The strategy's content version: moves whenever anything in the strategy
    # changes (strategy_planner/content_version.py), so whatever is drawn from the
    # strategy can be kept per version. Not to be confused with a row's
    # edit_version (EditVersioned), which counts the saves of one row.
    content_version = models.PositiveBigIntegerField(default=0, editable=False)
    content_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "name"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="strategy_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The content version only ever moves forward, in the database
        # (strategy_planner/content_version.py): a save never writes back the
        # value this object was loaded with.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in ("content_version", "content_changed_at")
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("strategy_planner:overview", args=[self.uuid])

    def current_content_version(self) -> int:
        """The content version as saved now (not as this object was loaded): one small query."""
        return type(self).objects.values_list("content_version", flat=True).get(pk=self.pk)

    def soft_delete(self, by) -> None:
        """Move the strategy to "Recently deleted", where its owners can restore it
        for KEEP_DELETED_DAYS days. Its secret links stop working for good."""
        self.deleted_at, self.deleted_by = timezone.now(), by
        type(self).objects.filter(pk=self.pk).update(deleted_at=self.deleted_at, deleted_by=by)
        for link_model in secret_link_models():
            link_model.revoke_all(self)

    def restore(self) -> None:
        """Bring a strategy back from "Recently deleted"."""
        self.deleted_at = self.deleted_by = None
        type(self).objects.filter(pk=self.pk).update(deleted_at=None, deleted_by=None)

    @property
    def purge_on(self):
        """When a deleted strategy leaves "Recently deleted" for good."""
        if self.deleted_at is None:
            return None
        return self.deleted_at + datetime.timedelta(days=KEEP_DELETED_DAYS)

    def clean(self) -> None:
        super().clean()
        if not (self.start_date and self.end_date):
            return
        earliest = self.start_date + relativedelta(months=HORIZON_MIN_MONTHS)
        latest = self.start_date + relativedelta(months=HORIZON_MAX_MONTHS)
        if not earliest <= self.end_date <= latest:
            raise ValidationError(
                {
                    "end_date": ValidationError(
                        _(
                            "A strategy covers 6 to 12 months: with this start date the end "
                            "date must fall between %(earliest)s and %(latest)s."
                        ),
                        code="horizon",
                        params={
                            "earliest": format_date(earliest, "SHORT_DATE_FORMAT"),
                            "latest": format_date(latest, "SHORT_DATE_FORMAT"),
                        },
                    )
                }
            )

    def in_horizon(self, day: datetime.date) -> bool:
        """Whether ``day`` falls within the planning horizon, its first and last day included."""
        return self.start_date <= day <= self.end_date

    def outside_horizon(self, message) -> ValidationError:
        """The error of a date outside the horizon, worded by ``message``, which names
        the horizon's first and last day as ``%(start)s`` and ``%(end)s``: a goal's
        deadline, a piece's publish date."""
        return ValidationError(
            message,
            code="outside_horizon",
            params={
                "start": format_date(self.start_date, "SHORT_DATE_FORMAT"),
                "end": format_date(self.end_date, "SHORT_DATE_FORMAT"),
            },
        )

    @property
    def is_b2b(self) -> bool:
        return self.business_model in (BusinessModel.B2B, BusinessModel.BOTH)

    @property
    def horizon_months(self) -> int:
        delta = relativedelta(self.end_date, self.start_date)
        return delta.years * 12 + delta.months + (1 if delta.days else 0)


class Profile(models.Model):
    """What a person tells the app about themselves: the name it shows them by (see
    ``strategy_planner.people.display_name``), their job title, and which mails
    they want."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=100,
        blank=True,
        help_text=_("How your team sees you: “Sam Brightside”, not “sam.b”."),
    )
    job_title = models.CharField(
        _("job title"),
        max_length=100,
        blank=True,
        help_text=_("Optional: “Marketing manager”. Shown beside your name."),
    )
    mail_when_mentioned = models.BooleanField(_("e-mail me when someone mentions me"), default=True)
    mail_about_my_items = models.BooleanField(
        _("e-mail me when someone comments on something I own"), default=True
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or str(self.user)


class Membership(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("strategy")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices, default=Role.EDITOR)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["strategy", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "user"], name="one_membership_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.strategy} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("strategy_planner:members", args=[self.strategy.uuid])

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def can_edit(self) -> bool:
        return self.has_role(Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    def is_last_owner(self) -> bool:
        return (
            self.is_owner
            and not self.strategy.memberships.filter(role=Role.OWNER).exclude(pk=self.pk).exists()
        )


def owning_strategy_id(instance: models.Model) -> int | None:
    """The strategy a row belongs to, directly (its ``strategy``) or through the
    row it belongs to (a message's sequence); None for anything else."""
    if hasattr(instance, "strategy_id"):
        return instance.strategy_id
    parent = parent_field(type(instance))
    if parent is None:
        return None
    return (
        parent.related_model._base_manager.filter(pk=getattr(instance, parent.attname))
        .values_list("strategy_id", flat=True)
        .first()
    )


def has_strategy(model: type[models.Model]) -> bool:
    return any(field.name == "strategy" for field in model._meta.concrete_fields)


def parent_field(model: type[models.Model]):
    """The foreign key to a row that belongs to a strategy (a step's sequence), or None."""
    return next(
        (
            field
            for field in model._meta.concrete_fields
            if field.many_to_one and has_strategy(field.related_model)
        ),
        None,
    )


class PositionedQuerySet(models.QuerySet):
    def bulk_create_at_end(self, rows: list, batch_size: int | None = None) -> list:
        """Insert new rows after their siblings, in the order given, as saving them
        one by one would (:meth:`Positioned.save`): one query per group of siblings
        for the last position, then ``bulk_create``."""
        last = {}
        for row in rows:
            if row.position:
                continue
            key = tuple(sorted(row.sibling_filter().items()))
            if key not in last:
                last[key] = row.last_position()
            last[key] += 1
            row.position = last[key]
        return self.bulk_create(rows, batch_size=batch_size)


class Positioned(models.Model):
    """A row that the team orders by hand among its siblings (by default, the other
    rows of its strategy). New rows go last."""

    position = models.PositiveIntegerField(_("position"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding and not self.position:
            self.position = self.last_position() + 1
        super().save(*args, **kwargs)

    def sibling_filter(self) -> dict:
        return {"strategy_id": self.strategy_id}

    def siblings(self) -> models.QuerySet:
        return type(self)._base_manager.filter(**self.sibling_filter())

    def last_position(self) -> int:
        return self.siblings().aggregate(last=models.Max("position"))["last"] or 0

    def move(self, direction: str) -> bool:
        """Swap places with the neighbour above ("up") or below ("down")."""
        rows = list(self.siblings().order_by("position", "pk"))
        index = next(i for i, row in enumerate(rows) if row.pk == self.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(rows):
            return False
        rows[index], rows[other] = rows[other], rows[index]
        changed = []
        for position, row in enumerate(rows, start=1):
            if row.position != position:
                row.position = position
                changed.append(row)
        type(self)._base_manager.bulk_update(changed, ["position"])
        Strategy.objects.filter(pk=owning_strategy_id(self)).bump_content_version()
        self.position = other + 1
        return True


class WideReadDecimalField(models.DecimalField):
    """A decimal field that reads back a value wider than its ``max_digits``.

    SQLite does not enforce ``max_digits``, and Django's SQLite backend fails on
    reading a wider value: every query that loads the row raises. Read whole,
    the row shows on every page and ``full_clean()`` names the figure, so that
    it can be corrected or deleted. Writing keeps to ``max_digits`` as before
    (the forms and ``full_clean()`` check it), and the column is a plain
    decimal column: migrations see a DecimalField.
    """

    @cached_property
    def context(self):
        # A value read is rounded to decimal_places within this context: room
        # for any finite number SQLite returns (a double reaches 1.8e308).
        return decimal.Context(prec=309 + self.decimal_places)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


class GoalCounts(models.TextChoices):
    """What a goal counts, in the terms of the content audit: it ranks the strategy's
    existing content by the matching figure, and the budget works out a planned cost
    per lead or per customer from the goals that count them. Said by the goal, in
    any language, rather than guessed from its words. Same values as
    ``content_plan.models.AuditMetric``."""

    VIEWS = "views", _("Views or reach (awareness)")
    LEADS = "leads", _("Leads (sign-ups, enquiries, subscribers)")
    CONVERSIONS = "conversions", _("Customers (sales, orders, bookings)")


class MeasurementTool(models.TextChoices):
    WEB_ANALYTICS = "web_analytics", _("Web analytics")
    CRM = "crm", _("CRM")
    AD_PLATFORM = "ad_platform", _("Ad platform")
    EMAIL_PLATFORM = "email_platform", _("E-mail platform")
    SOCIAL_ANALYTICS = "social_analytics", _("Social media analytics")
    ECOMMERCE = "ecommerce", _("E-commerce platform")
    SURVEY = "survey", _("Survey")
    OTHER = "other", _("Other")


class GoalQuerySet(PositionedQuerySet):
    def measurable(self) -> "GoalQuerySet":
        """Goals with everything the method asks for: metric, baseline, target, deadline, tool."""
        return (
            self.exclude(metric="")
            .exclude(measured_with="")
            .filter(baseline__isnull=False, target__isnull=False, deadline__isnull=False)
        )


class Goal(Positioned, EditVersioned):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    business_goal = models.CharField(
        _("business goal"),
        max_length=300,
        help_text=_("What the business wants, e.g. “grow online revenue 20% this year”."),
    )
    marketing_goal = models.CharField(
        _("marketing goal"),
        max_length=300,
        help_text=_("What marketing does for it, e.g. “generate 50% more leads from the website”."),
    )
    metric = models.CharField(
        _("metric"), max_length=200, help_text=_("What you count, e.g. “website leads”.")
    )
    baseline = WideReadDecimalField(
        _("baseline"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Where the metric stands today."),
    )
    target = WideReadDecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("e.g. “leads a month”, “%”, “EUR”.")
    )
    deadline = models.DateField(_("deadline"), help_text=_("Within the planning horizon."))
    measured_with = models.CharField(
        _("measured with"), max_length=20, choices=MeasurementTool.choices
    )
    counts = models.CharField(
        _("what it counts"),
        max_length=12,
        choices=GoalCounts.choices,
        default=GoalCounts.LEADS,
        help_text=_(
            "The content audit ranks your existing content by this figure, and the budget "
            "works out a planned cost per lead or per customer from it."
        ),
    )
    personas = models.ManyToManyField(
        "personas.BuyerPersona",
        blank=True,
        related_name="marketing_goals",
        verbose_name=_("personas it serves"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.marketing_goal

    def get_absolute_url(self) -> str:
        return reverse("strategy_planner:goal_edit", args=[self.strategy.uuid, self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            errors["target"] = ValidationError(
                _("The target equals the baseline: a goal has to change something."),
                code="no_change",
            )
        strategy = self.strategy if self.strategy_id else None
        if self.deadline and strategy and not strategy.in_horizon(self.deadline):
            errors["deadline"] = strategy.outside_horizon(
                _("Choose a deadline inside the strategy's horizon (%(start)s – %(end)s).")
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_funnel(cls, strategy: Strategy, inputs: dict, result) -> "Goal":
        """Record the funnel calculator's answer as a lead goal due at the horizon's end."""
        goal = cls.for_funnel(strategy, inputs, result)
        goal.save()
        return goal

    # What the funnel calculator fills in, each checked against its field.
    FUNNEL_FIELDS = (
        "business_goal",
        "marketing_goal",
        "metric",
        "baseline",
        "target",
        "unit",
        "deadline",
        "measured_with",
        "counts",
    )

    @classmethod
    def for_funnel(cls, strategy: Strategy, inputs: dict, result) -> "Goal":
        """The funnel calculator's answer as a lead goal, not saved yet.

        Raises ValidationError, keyed by the calculator's input to change
        (``inputs`` are the calculator's), when a figure is more than a goal can
        hold: the calculator's form asks before it offers to save, and
        ``from_funnel`` before it saves.
        """
        # Each count with its own noun: each takes its own plural form ("75.000 de lead-uri").
        leads, visits = result.leads_needed, result.visits_needed
        customers = result.customers_needed
        if inputs.get("target_revenue") is None:  # the calculator started from the customers
            business_goal = _("Win %(customers)s") % {
                "customers": ngettext(
                    "%(customers)s customer", "%(customers)s customers", customers
                )
                % {"customers": format_count(customers)}
            }
        else:
            revenue = {
                "target": format_count(inputs["target_revenue"]),
                "currency": strategy.currency,
            }
            if inputs.get("current_revenue"):
                revenue["now"] = format_count(inputs["current_revenue"])
                business_goal = _("Grow revenue from %(now)s to %(target)s %(currency)s") % revenue
            else:
                business_goal = _("Reach %(target)s %(currency)s in revenue") % revenue
        marketing_goal = _("Generate %(leads)s from %(visits)s to win %(customers)s") % {
            "leads": ngettext("%(leads)s lead", "%(leads)s leads", leads)
            % {"leads": format_count(leads)},
            "visits": ngettext("%(visits)s visit", "%(visits)s visits", visits)
            % {"visits": format_count(visits)},
            "customers": ngettext("%(customers)s customer", "%(customers)s customers", customers)
            % {"customers": format_count(customers)},
        }
        goal = cls(
            strategy=strategy,
            business_goal=business_goal,
            marketing_goal=marketing_goal,
            metric=_("Leads"),
            baseline=inputs.get("current_leads") or 0,
            target=result.leads_needed,
            unit=_("leads"),
            deadline=strategy.end_date,
            measured_with=MeasurementTool.CRM,
            counts=GoalCounts.LEADS,  # its target is the leads the funnel needs
        )
        try:
            goal.clean_fields(
                exclude=[f.name for f in cls._meta.fields if f.name not in cls.FUNNEL_FIELDS]
            )
        except ValidationError as error:
            raise ValidationError(_funnel_problems(error.error_dict, result)) from error
        return goal

    @property
    def change_percent(self):
        """Target against baseline in percent, or None when the baseline is zero."""
        if not self.baseline:
            return None
        return (self.target - self.baseline) / abs(self.baseline) * 100


def _funnel_problems(wrong: dict, result) -> dict:
    """The goal fields the funnel's figures do not fit, said as what to change in
    the calculator: input name (or NON_FIELD_ERRORS) → errors."""

    def most(name: str) -> int:
        """The largest whole number the field holds."""
        field = Goal._meta.get_field(name)
        return 10 ** (field.max_digits - field.decimal_places) - 1

    problems = {}
    if "target" in wrong:
        problems.setdefault(NON_FIELD_ERRORS, []).append(
            ValidationError(
                ngettext(
                    "These figures need %(leads)s lead, more than a goal can count "
                    "(%(most)s at most). Lower the revenue target, or raise the average "
                    "order value or the rates.",
                    "These figures need %(leads)s leads, more than a goal can count "
                    "(%(most)s at most). Lower the revenue target, or raise the average "
                    "order value or the rates.",
                    result.leads_needed,
                ),
                code="too_many_leads",
                params={
                    "leads": format_count(result.leads_needed),
                    "most": format_count(most("target")),
                },
            )
        )
    if "baseline" in wrong:
        problems["current_leads"] = ValidationError(
            ngettext(
                "A goal counts at most %(most)s lead: enter fewer.",
                "A goal counts at most %(most)s leads: enter fewer.",
                most("baseline"),
            ),
            code="too_many_leads",
            params={"most": format_count(most("baseline"))},
        )
    if wrong.keys() - {"target", "baseline"}:
        problems.setdefault(NON_FIELD_ERRORS, []).append(
            ValidationError(
                _("With these figures the goal's wording is too long to save: use smaller ones."),
                code="too_long",
            )
        )
    return problems


# Step completeness (strategy_planner/wizard.py): database expressions on a Strategy row.


def basics_step_complete():
    return ~Q(name="") & ~Q(organisation="") & ~Q(industry="")


def goals_step_complete():
    """At least one goal with everything the method asks for."""
    return Exists(Goal.objects.measurable().filter(strategy=OuterRef("pk")))


class Edit(models.Model):
    """One edit of a strategy's content in the activity log: who added, changed or
    deleted which row, when, which of its fields, and whether it came from a page
    of the app or an import. Written by :class:`EditVersioned` itself and, for the
    rows an import writes in bulk, by the import (:meth:`record_rows`); who is
    editing comes from :mod:`strategy_planner.activity`.

    What is stored does not depend on the editor's language: the row's kind is its
    model's label and its fields their names, worded when the log is read. The
    row's name is kept as it was, so that a deleted row is still named."""

    class Verb(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")

    class Way(models.TextChoices):
        APP = "", _("in the app")
        WORKBOOK = "workbook", _("from the workbook")
        BUDGET_SHEET = "budget-sheet", _("from the workbook’s Budget sheet")
        RESULTS_SHEET = "results-sheet", _("from the workbook’s Results sheet")
        CSV = "csv", _("from a CSV file")

    # The log tells of the content; writing to it changes none (no new content version).
    is_strategy_content = False

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="edits", verbose_name=_("strategy")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    verb = models.CharField(_("what"), max_length=10, choices=Verb.choices)
    kind = models.CharField(_("kind"), max_length=100)  # the row's model label
    row_id = models.PositiveBigIntegerField(_("row"), null=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    way = models.CharField(_("how"), max_length=20, choices=Way.choices, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("edit")
        verbose_name_plural = _("edits")
        indexes = [models.Index(fields=["strategy", "-at"], name="edit_strategy_at")]

    def __str__(self) -> str:
        return f"{self.user} {self.verb} {self.kind} {self.name}"

    @staticmethod
    def fields_shown(fields) -> list[str]:
        """The names of the fields an edit is about: those people edit (not the
        counters and timestamps a save moves on its own)."""
        return [
            field.name
            for field in fields
            if field.editable
            and not field.primary_key
            and not getattr(field, "auto_now", False)
            and field.name != "edit_version"
        ]

    @classmethod
    def entry(cls, row, verb: str, fields=(), *, strategy_id=None, user=None):
        """The log entry of ``row`` edited now by the person editing, unsaved; None
        when nobody is (see :mod:`strategy_planner.activity`)."""
        user = user or activity.actor()
        if user is None:
            return None
        if strategy_id is None:
            strategy_id = row.pk if isinstance(row, Strategy) else owning_strategy_id(row)
        if strategy_id is None:
            return None
        return cls(
            strategy_id=strategy_id,
            user=user,
            verb=verb,
            kind=row._meta.label_lower,
            row_id=row.pk,
            name=row.activity_name()[:200],
            fields=cls.fields_shown(fields),
            way=activity.way(),
        )

    @classmethod
    def record(cls, row, verb: str, fields=(), *, strategy_id=None) -> None:
        entry = cls.entry(row, verb, fields, strategy_id=strategy_id)
        if entry is not None:
            entry.save()

    @classmethod
    def record_rows(cls, strategy: Strategy, edits) -> None:
        """Log many rows' edits in one statement: ``edits`` are ``(row, verb,
        field names)``, the rows of ``strategy``."""
        user = activity.actor()
        if user is None:
            return
        entries = []
        for row, verb, names in edits:
            model = type(row)
            fields = [model._meta.get_field(name) for name in names]
            entries.append(cls.entry(row, verb, fields, strategy_id=strategy.pk, user=user))
        cls.objects.bulk_create(entries)

    @cached_property
    def model(self):
        try:
            return apps.get_model(self.kind)
        except (LookupError, ValueError):
            return None

    @property
    def kind_label(self) -> str:
        return str(self.model._meta.verbose_name) if self.model else self.kind

    @property
    def shown_name(self) -> str:
        return self.model.activity_shown(self.name) if self.model else self.name

    @property
    def field_labels(self) -> list[str]:
        """The edited fields' names in the reader's language."""
        labels = []
        for name in self.fields:
            try:
                labels.append(str(self.model._meta.get_field(name).verbose_name))
            except (AttributeError, FieldDoesNotExist):  # a kind or field since removed
                labels.append(name)
        return labels
