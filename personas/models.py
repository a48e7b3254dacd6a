from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from strategy_planner.models import EditVersioned, Positioned, PositionedQuerySet, Strategy


class AudienceGroup(models.TextChoices):
    CUSTOMERS = "customers", _("Current customers")
    PROSPECTS = "prospects", _("Prospects in the contact database")
    OUTSIDE = "outside", _("People outside the contact database")


class EvidenceSource(models.TextChoices):
    ANALYTICS = "analytics", _("Web analytics")
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interviews")
    SALES_TEAM = "sales_team", _("Sales or service team")
    ASSUMPTION = "assumption", _("Assumption")


class CompanySize(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250-999", _("250–999 employees")
    ENTERPRISE = "1000+", _("1,000 or more employees")


MAX_AGE = 120
PSYCHOGRAPHIC_FIELDS = ("goals", "challenges", "interests", "priorities")


class BuyerPersonaQuerySet(PositionedQuerySet):
    def with_demographics(self) -> "BuyerPersonaQuerySet":
        """Personas with a demographic fact; a company's size and industry count too
        (the facts a B2B persona has)."""
        return self.filter(
            ~Q(location="")
            | ~Q(job_title="")
            | ~Q(company_size="")
            | ~Q(company_industry="")
            | Q(age_min__isnull=False)
            | Q(age_max__isnull=False)
            | Q(income_min__isnull=False)
            | Q(income_max__isnull=False)
        )

    def with_psychographics(self) -> "BuyerPersonaQuerySet":
        condition = Q()
        for field in PSYCHOGRAPHIC_FIELDS:
            condition |= ~Q(**{field: []})
        return self.filter(condition)


class BuyerPersona(Positioned, EditVersioned):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="personas", verbose_name=_("strategy")
    )
    name = models.CharField(
        _("name"), max_length=120, help_text=_("A memorable name, e.g. “Home-brew Hannah”.")
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One sentence: who they are and what they want from you."),
    )
    audience = models.CharField(
        _("who this describes"),
        max_length=10,
        choices=AudienceGroup.choices,
        default=AudienceGroup.CUSTOMERS,
    )
    # Demographic facts
    location = models.CharField(_("location"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("age from"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("age to"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    income_min = models.DecimalField(
        _("yearly income from"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    income_max = models.DecimalField(
        _("yearly income to"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    company_size = models.CharField(
        _("company size"), max_length=10, choices=CompanySize.choices, blank=True
    )
    company_industry = models.CharField(_("company industry"), max_length=200, blank=True)
    # Psychographic facts: ordered lists of short statements
    goals = models.JSONField(_("goals"), default=list, blank=True)
    challenges = models.JSONField(_("challenges"), default=list, blank=True)
    interests = models.JSONField(_("interests and hobbies"), default=list, blank=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    # Where the facts come from
    sources = models.JSONField(_("where the facts come from"), default=list)
    evidence_note = models.TextField(
        _("note on the evidence"),
        blank=True,
        help_text=_("e.g. “survey of 212 customers, March; 6 interviews with subscribers”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = BuyerPersonaQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "position", "pk"]
        verbose_name = _("buyer persona")
        verbose_name_plural = _("buyer personas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("personas:edit", args=[self.strategy.uuid, self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = ValidationError(
                _("The upper age is below the lower one."), code="age_range"
            )
        if (
            self.income_min is not None
            and self.income_max is not None
            and self.income_min > self.income_max
        ):
            errors["income_max"] = ValidationError(
                _("The upper income is below the lower one."), code="income_range"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_assumption_only(self) -> bool:
        """True when nothing but guesses back this persona (or nothing at all)."""
        return set(self.sources) <= {EvidenceSource.ASSUMPTION}

    def get_sources_display(self) -> list[str]:
        labels = dict(EvidenceSource.choices)
        return [str(labels[source]) for source in self.sources if source in labels]

    def psychographics(self) -> list[tuple[str, list[str]]]:
        return [
            (self._meta.get_field(field).verbose_name, getattr(self, field))
            for field in PSYCHOGRAPHIC_FIELDS
        ]

    def copy_to(self, strategy: Strategy, name: str | None = None) -> "BuyerPersona":
        copy = BuyerPersona.objects.get(pk=self.pk)
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.strategy = strategy
        copy.position = 0
        copy.name = name or self.name
        if not strategy.is_b2b:
            copy.company_size = ""
            copy.company_industry = ""
        copy.save()
        return copy


class BrandVoiceQuerySet(models.QuerySet):
    def of(self, strategy) -> "BrandVoice | None":
        """The strategy's brand voice (a strategy or its id), or None before it is written."""
        return self.filter(strategy=strategy).first()

    def words_to_avoid(self, strategy) -> list[str]:
        """What the strategy's messages should not say (empty before the voice is written)."""
        words = self.filter(strategy=strategy).values_list("words_to_avoid", flat=True)
        return next(iter(words), [])


class BrandVoice(EditVersioned):
    strategy = models.OneToOneField(
        Strategy, on_delete=models.CASCADE, related_name="brand_voice", verbose_name=_("strategy")
    )
    personality = models.CharField(
        _("personality"),
        max_length=200,
        help_text=_("The brand as a person, in a few words: e.g. “a friendly expert barista”."),
    )
    sounds_like = models.CharField(
        _("sounds like"),
        max_length=200,
        blank=True,
        help_text=_("A well-known character the brand sounds like."),
    )
    guidelines = models.TextField(
        _("guidelines"),
        blank=True,
        help_text=_("Concrete rules, e.g. “upbeat, funny, a little quirky, above all helpful”."),
    )
    words_to_use = models.JSONField(_("words and phrases to use"), default=list, blank=True)
    words_to_avoid = models.JSONField(_("words and phrases to avoid"), default=list, blank=True)
    example_message = models.TextField(_("example message"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = BrandVoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("brand voice")
        verbose_name_plural = _("brand voices")

    def __str__(self) -> str:
        return self.personality

    def activity_name(self) -> str:
        return ""  # one per strategy: "brand voice" says which

    def get_absolute_url(self) -> str:
        return reverse("personas:brand_voice", args=[self.strategy.uuid])


def personas_step_complete():
    """At least one persona with both demographic and psychographic facts."""
    return models.Exists(
        BuyerPersona.objects.with_demographics()
        .with_psychographics()
        .filter(strategy=models.OuterRef("pk"))
    )
