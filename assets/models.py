from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from strategy_planner.models import EditVersioned, Goal, Positioned, PositionedQuerySet, Strategy


class MediaType(models.TextChoices):
    OWNED = "owned", _("Owned")
    EARNED = "earned", _("Earned")
    PAID = "paid", _("Paid")


class Kind(models.TextChoices):
    # owned
    WEBSITE = "website", _("Website")
    BLOG = "blog", _("Blog")
    SOCIAL_PROFILE = "social_profile", _("Social media profile")
    EMAIL_LIST = "email_list", _("E-mail list")
    PODCAST = "podcast", _("Podcast")
    APP = "app", _("App")
    BUSINESS_PROFILE = "business_profile", _("Google Business Profile (map listing)")
    # earned
    REVIEWS = "reviews", _("Reviews")
    REVIEW_SITE = "review_site", _("Review site (Google reviews, Trustpilot, a booking portal)")
    PRESS = "press", _("Press coverage")
    SHARES = "shares", _("Shares and mentions")
    BACKLINKS = "backlinks", _("Backlinks")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    # paid
    SEARCH_ADS = "search_ads", _("Search ads")
    PAID_SOCIAL = "paid_social", _("Paid social")
    DISPLAY = "display", _("Display ads")
    SPONSORED = "sponsored", _("Sponsored content")
    OTHER = "other", _("Other")


KINDS_BY_MEDIA_TYPE = {
    MediaType.OWNED: [
        Kind.WEBSITE,
        Kind.BLOG,
        Kind.SOCIAL_PROFILE,
        Kind.EMAIL_LIST,
        Kind.PODCAST,
        Kind.APP,
        Kind.BUSINESS_PROFILE,
        Kind.OTHER,
    ],
    MediaType.EARNED: [
        Kind.REVIEWS,
        Kind.REVIEW_SITE,
        Kind.PRESS,
        Kind.SHARES,
        Kind.BACKLINKS,
        Kind.WORD_OF_MOUTH,
        Kind.OTHER,
    ],
    MediaType.PAID: [Kind.SEARCH_ADS, Kind.PAID_SOCIAL, Kind.DISPLAY, Kind.SPONSORED, Kind.OTHER],
}


class Platform(models.TextChoices):
    NONE = "", _("—")
    GOOGLE_ADS = "google_ads", _("Google Ads")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    X = "x", _("X")
    LINKEDIN = "linkedin", _("LinkedIn")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    KEEP = "keep", _("Keep")
    CHANGE = "change", _("Change")
    DROP = "drop", _("Drop")
    TRY = "try", _("Try")


class RankingMetric(models.TextChoices):
    LEADS = "leads", _("Leads")
    VISITS = "visits", _("Visits")
    CONVERSIONS = "conversions", _("Conversions")


def ratio(numerator, denominator):
    """numerator / denominator, or None where either is missing or the divisor is zero."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


class MediaAuditQuerySet(models.QuerySet):
    def of(self, strategy: Strategy) -> "MediaAudit":
        """The strategy's audit settings, or new (unsaved) ones before any are saved."""
        return self.filter(strategy=strategy).first() or MediaAudit(strategy=strategy)


class MediaAudit(EditVersioned):
    """A strategy's settings for judging its channels: the audit period and the yardsticks."""

    strategy = models.OneToOneField(
        Strategy, on_delete=models.CASCADE, related_name="media_audit", verbose_name=_("strategy")
    )
    period_start = models.DateField(_("audit period from"), null=True, blank=True)
    period_end = models.DateField(
        _("audit period to"),
        null=True,
        blank=True,
        help_text=_("The figures in the inventory cover this period, e.g. the last 12 months."),
    )
    target_cost_per_lead = models.DecimalField(
        _("target cost per lead"),
        validators=[MinValueValidator(0)],
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Paid platforms that cost more than this per lead are highlighted."),
    )
    ranking_goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal to rank earned media against"),
    )
    ranking_metric = models.CharField(
        _("rank by"), max_length=12, choices=RankingMetric.choices, blank=True
    )

    objects = MediaAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("media audit")
        verbose_name_plural = _("media audits")

    def __str__(self) -> str:
        return str(self.strategy)

    def activity_name(self) -> str:
        return ""  # one per strategy: "media audit" says which

    def get_absolute_url(self) -> str:
        return reverse("assets:inventory", args=[self.strategy.uuid])

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError(
                {
                    "period_end": ValidationError(
                        _("The period ends before it starts."), code="order"
                    )
                }
            )


class AssetQuerySet(PositionedQuerySet):
    def earned(self):
        return self.filter(media_type=MediaType.EARNED)

    def paid(self):
        return self.filter(media_type=MediaType.PAID)

    def without_figures(self):
        return self.filter(visits__isnull=True, leads__isnull=True, conversions__isnull=True)


class Asset(Positioned, EditVersioned):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="assets", verbose_name=_("strategy")
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("e.g. “Online shop”, “Google reviews”.")
    )
    media_type = models.CharField(_("media type"), max_length=6, choices=MediaType.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    url = models.URLField(_("URL"), blank=True, max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner on the team"),
    )
    notes = models.TextField(_("notes"), blank=True)
    visits = models.PositiveIntegerField(_("visits"), null=True, blank=True)
    leads = models.PositiveIntegerField(_("leads"), null=True, blank=True)
    conversions = models.PositiveIntegerField(_("conversions"), null=True, blank=True)
    revenue = models.DecimalField(
        _("revenue"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    spend = models.DecimalField(
        _("spend"),
        validators=[MinValueValidator(0)],
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Paid media only: what the platform cost over the audit period."),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="assets", verbose_name=_("goals it serves")
    )
    why_it_works = models.TextField(
        _("why it works"),
        blank=True,
        help_text=_("Earned media: what makes this source send you people."),
    )
    decision = models.CharField(_("decision"), max_length=6, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "position", "pk"]
        verbose_name = _("asset or channel")
        verbose_name_plural = _("assets and channels")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assets:edit", args=[self.strategy.uuid, self.pk])

    def sibling_filter(self) -> dict:
        # Hand ranking happens within one media type (the earned ranking).
        return {**super().sibling_filter(), "media_type": self.media_type}

    def clean(self) -> None:
        super().clean()
        errors = {}
        allowed = KINDS_BY_MEDIA_TYPE.get(self.media_type, [])
        if self.media_type and self.kind and self.kind not in allowed:
            errors["kind"] = ValidationError(
                _("“%(kind)s” is not a kind of %(media)s media."),
                code="kind_mismatch",
                params={
                    "kind": self.get_kind_display(),
                    "media": self.get_media_type_display().lower(),
                },
            )
        if self.spend is not None and self.media_type and self.media_type != MediaType.PAID:
            errors["spend"] = ValidationError(
                _("Only paid media has spend; leave it empty for owned and earned media."),
                code="spend_not_paid",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def conversion_rate(self):
        value = ratio(self.conversions, self.visits)
        return None if value is None else value * 100

    @property
    def cost_per_lead(self):
        return ratio(self.spend, self.leads)

    @property
    def cost_per_acquisition(self):
        return ratio(self.spend, self.conversions)

    @property
    def return_on_ad_spend(self):
        return ratio(self.revenue, self.spend)

    def is_over_target_cost(self, target) -> bool:
        return target is not None and self.cost_per_lead is not None and self.cost_per_lead > target


def _assets(**filters):
    return Asset.objects.filter(strategy=OuterRef("pk"), **filters)


def inventory_step_complete():
    """An audit period, at least one asset, and figures for every asset."""
    return (
        Exists(
            MediaAudit.objects.filter(
                strategy=OuterRef("pk"), period_start__isnull=False, period_end__isnull=False
            )
        )
        & Exists(_assets())
        & ~Exists(_assets().without_figures())
    )


def earned_step_complete():
    """Earned sources listed and ranked against a chosen metric."""
    return Exists(_assets(media_type=MediaType.EARNED)) & Exists(
        MediaAudit.objects.filter(strategy=OuterRef("pk")).exclude(ranking_metric="")
    )


def paid_step_complete():
    """Every paid platform has a decision (and there is at least one to decide on)."""
    return Exists(_assets(media_type=MediaType.PAID)) & ~Exists(
        _assets(media_type=MediaType.PAID, decision="")
    )


# Columns of the inventory table: (key, heading, value used for sorting, numeric?)
COLUMNS = [
    ("name", _("Name"), lambda a: a.name.casefold(), False),
    ("media_type", _("Media"), lambda a: a.media_type, False),
    ("kind", _("Kind"), lambda a: str(a.get_kind_display()).casefold(), False),
    ("platform", _("Platform"), lambda a: a.platform, False),
    ("owner", _("Owner"), lambda a: a.owner.username if a.owner else None, False),
    ("visits", _("Visits"), lambda a: a.visits, True),
    ("leads", _("Leads"), lambda a: a.leads, True),
    ("conversions", _("Conversions"), lambda a: a.conversions, True),
    ("conversion_rate", _("Conv. rate"), lambda a: a.conversion_rate, True),
    ("revenue", _("Revenue"), lambda a: a.revenue, True),
    ("spend", _("Spend"), lambda a: a.spend, True),
    ("cost_per_lead", _("Cost per lead"), lambda a: a.cost_per_lead, True),
    (
        "cost_per_acquisition",
        _("Cost per acquisition"),
        lambda a: a.cost_per_acquisition,
        True,
    ),
    ("return_on_ad_spend", _("ROAS"), lambda a: a.return_on_ad_spend, True),
]
SORT_KEYS = {key: value for key, _label, value, _numeric in COLUMNS}


def sort_assets(assets: list[Asset], sort: str) -> list[Asset]:
    """Sort by a column key, "-key" for descending; missing figures always go last."""
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        return assets
    value = SORT_KEYS[key]
    present = [asset for asset in assets if value(asset) not in (None, "")]
    missing = [asset for asset in assets if value(asset) in (None, "")]
    return sorted(present, key=value, reverse=sort.startswith("-")) + missing


def rank_by_metric(sources, metric: str) -> None:
    ranked = sort_assets(list(sources), f"-{metric}")
    for position, source in enumerate(ranked, start=1):
        source.position = position
    Asset.objects.bulk_update(ranked, ["position"])
    Strategy.objects.filter(pk__in={source.strategy_id for source in ranked}).bump_content_version()


def mix_summary(assets) -> list[dict]:
    """The owned / earned / paid mix: per media type, how many assets and their
    share of all leads. ``assets``: anything with a media type and leads. The
    inventory page and the document both read it."""
    total_leads = sum(asset.leads or 0 for asset in assets)
    summary = []
    for media_type in MediaType:
        group = [asset for asset in assets if asset.media_type == media_type]
        leads = sum(asset.leads or 0 for asset in group)
        summary.append(
            {
                "media_type": media_type.value,
                "label": media_type.label,
                "count": len(group),
                "leads": leads,
                "share": round(100 * leads / total_leads) if total_leads else None,
            }
        )
    return summary
