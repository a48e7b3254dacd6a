import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

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
    ENGLISH = "en", _("English")
    PERSIAN = "fa", _("Persian")
    ROMANIAN = "ro", _("Romanian")


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


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


# Higher rank includes everything a lower rank may do.
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


class StrategyQuerySet(models.QuerySet):
    def for_user(self, user) -> "StrategyQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Strategy(models.Model):
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
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

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

    def get_absolute_url(self) -> str:
        return reverse("strategy_planner:overview", args=[self.uuid])

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
                            "earliest": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
                            "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
                        },
                    )
                }
            )

    @property
    def is_b2b(self) -> bool:
        return self.business_model in (BusinessModel.B2B, BusinessModel.BOTH)

    @property
    def horizon_months(self) -> int:
        delta = relativedelta(self.end_date, self.start_date)
        return delta.years * 12 + delta.months + (1 if delta.days else 0)


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
