import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, DecimalField, Exists, OuterRef, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.models import Asset
from content_plan import rules
from personas.models import BrandVoice, BuyerPersona
from strategy_planner.models import (
    BusinessModel,
    EditVersioned,
    Goal,
    Positioned,
    SecretLink,
    Strategy,
)
from strategy_planner.numbers import format_delay


class ContentFormat(models.TextChoices):
    BLOG_POST = "blog_post", _("Blog post")
    EBOOK = "ebook", _("E-book")
    INFOGRAPHIC = "infographic", _("Infographic")
    PODCAST_EPISODE = "podcast_episode", _("Podcast episode")
    VIDEO = "video", _("Video")
    WEBINAR = "webinar", _("Webinar")
    EMAIL = "email", _("E-mail")
    MESSAGE_SEQUENCE = "message_sequence", _("Message sequence")
    SOCIAL_POST = "social_post", _("Social post")
    LANDING_PAGE = "landing_page", _("Landing page")
    OTHER = "other", _("Other")


class FunnelStage(models.TextChoices):
    AWARENESS = "awareness", _("Awareness")
    CONSIDERATION = "consideration", _("Consideration")
    DECISION = "decision", _("Decision")


class Verdict(models.TextChoices):
    KEEP = "keep", _("Keep")
    UPDATE = "update", _("Update")
    RETIRE = "retire", _("Retire")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Production(models.TextChoices):
    IN_HOUSE = "in_house", _("In-house")
    OUTSOURCED = "outsourced", _("Outsourced")


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    IN_PRODUCTION = "in_production", _("In production")
    PUBLISHED = "published", _("Published")


class AuditMetric(models.TextChoices):
    VIEWS = "views", _("Views")
    LEADS = "leads", _("Leads")
    CONVERSIONS = "conversions", _("Conversions")


def metric_for_goal(goal: Goal | None) -> str:
    """The audit metric a goal is measured by: what the goal says it counts
    (``Goal.counts``); leads when there is no goal."""
    if goal is None:
        return AuditMetric.LEADS
    return AuditMetric(goal.counts)


@dataclass
class AuditRanking:
    """Existing content ranked against a goal, best first by the metric that matches
    it (pieces without that figure go last), its best and worst few marked."""

    goal: Goal | None
    metric: str
    pieces: list
    best: set = field(default_factory=set)
    worst: set = field(default_factory=set)

    @property
    def metric_label(self) -> str:
        return AuditMetric(self.metric).label


def rank_audit(pieces, goal: Goal | None = None, metric: str | None = None) -> AuditRanking:
    """Rank audited pieces by ``metric``, or by the one that matches ``goal``; the
    step's page, where the reader may pick another goal or metric, and the
    document, against the first goal, both come here."""
    if metric not in AuditMetric.values:
        metric = metric_for_goal(goal)
    present = [piece for piece in pieces if getattr(piece, metric) is not None]
    missing = [piece for piece in pieces if getattr(piece, metric) is None]
    present.sort(key=lambda piece: getattr(piece, metric), reverse=True)
    standouts = min(3, len(present) // 3)
    return AuditRanking(
        goal=goal,
        metric=metric,
        pieces=present + missing,
        best={piece.pk for piece in present[:standouts]},
        worst={piece.pk for piece in present[len(present) - standouts :]} if standouts else set(),
    )


class AuditedPiece(EditVersioned):
    """A piece of content that exists already, with its results over the last 12 months."""

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="audited_pieces",
        verbose_name=_("strategy"),
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=ContentFormat.choices)
    persona = models.ForeignKey(
        BuyerPersona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal it serves"),
    )
    stage = models.CharField(
        _("funnel stage"), max_length=15, choices=FunnelStage.choices, blank=True
    )
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    leads = models.PositiveIntegerField(_("leads"), null=True, blank=True)
    conversions = models.PositiveIntegerField(_("conversions"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=6, choices=Verdict.choices, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["strategy", "title", "pk"]
        verbose_name = _("audited piece of content")
        verbose_name_plural = _("audited content")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content_plan:audit_edit", args=[self.strategy.uuid, self.pk])


class ContentGap(models.Model):
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="content_gaps",
        verbose_name=_("strategy"),
    )
    persona = models.ForeignKey(
        BuyerPersona,
        on_delete=models.CASCADE,
        related_name="content_gaps",
        verbose_name=_("persona"),
    )
    question = models.CharField(
        _("unanswered question or problem"),
        max_length=300,
        help_text=_("What the persona wants to know that none of your content answers."),
    )
    stage = models.CharField(_("funnel stage"), max_length=15, choices=FunnelStage.choices)
    idea = models.CharField(
        _("idea"), max_length=300, blank=True, help_text=_("A piece that would answer it.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["strategy", "persona", "stage", "pk"]
        verbose_name = _("content gap")
        verbose_name_plural = _("content gaps")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("content_plan:gaps", args=[self.strategy.uuid]) + f"#gap-{self.pk}"


HOURS_STEP, MONEY_STEP = Decimal("0.1"), Decimal("0.01")  # the fields' decimal places


class ContentPieceQuerySet(models.QuerySet):
    def dated(self):
        return self.filter(publish_date__isnull=False)

    @staticmethod
    def _sums() -> dict:
        return {
            "count": Count("id"),
            "hours": Coalesce(Sum("hours"), Value(Decimal(0)), output_field=DecimalField()),
            "budget": Coalesce(Sum("budget"), Value(Decimal(0)), output_field=DecimalField()),
        }

    def by_month(self, per_strategy: bool = False) -> list[dict]:
        """How many pieces, the in-house hours and the outsourced budget by publish
        month (pieces without a date last), in one grouped query; ``per_strategy``:
        by strategy and month, for pieces of several strategies (each row then
        names its ``strategy_id``). Hours and budget as the fields keep them."""
        keys = ("strategy_id", "month") if per_strategy else ("month",)
        rows = list(
            self.order_by()
            .annotate(month=TruncMonth("publish_date"))
            .values(*keys)
            .annotate(**self._sums())
        )
        rows.sort(key=lambda row: (row["month"] is None, row["month"] or datetime.date.min))
        for row in rows:
            row["hours"] = Decimal(row["hours"]).quantize(HOURS_STEP)
            row["budget"] = Decimal(row["budget"]).quantize(MONEY_STEP)
        return rows

    def totals(self) -> dict:
        """How many pieces, the in-house hours and the outsourced budget: by publish
        month (pieces without a date last), by priority, and in all. A sum over no
        hours or budget is zero. The plan's page and the document both read it."""
        sums = self._sums()
        pieces = self.order_by()
        by_month = self.by_month()
        found = {row["priority"]: row for row in pieces.values("priority").annotate(**sums)}
        empty = {"count": 0, "hours": Decimal(0), "budget": Decimal(0)}
        by_priority = [
            {
                **empty,
                **found.get(priority.value, {}),
                "priority": priority.value,
                "label": priority.label,
            }
            for priority in Priority
        ]
        overall = {
            name: sum((row[name] for row in by_priority), Decimal(0))
            for name in ("hours", "budget")
        }
        overall["count"] = sum(row["count"] for row in by_priority)
        for row in [*by_priority, overall]:
            # As the fields keep them, whatever the database's sums look like.
            row["hours"] = Decimal(row["hours"]).quantize(HOURS_STEP)
            row["budget"] = Decimal(row["budget"]).quantize(MONEY_STEP)
        return {"by_month": by_month, "by_priority": by_priority, **overall}


class ContentPiece(EditVersioned):
    """A piece in the content plan."""

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="content_pieces",
        verbose_name=_("strategy"),
    )
    title = models.CharField(_("title"), max_length=300)
    format = models.CharField(
        _("format"), max_length=20, choices=ContentFormat.choices, default=ContentFormat.BLOG_POST
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    persona = models.ForeignKey(
        BuyerPersona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona"),
    )
    stage = models.CharField(
        _("funnel stage"), max_length=15, choices=FunnelStage.choices, blank=True
    )
    gap = models.ForeignKey(
        ContentGap,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pieces",
        verbose_name=_("gap it fills"),
    )
    promotion_channels = models.ManyToManyField(
        Asset, blank=True, related_name="promoted_pieces", verbose_name=_("promotion channels")
    )
    reason = models.TextField(
        _("why it is made"), blank=True, help_text=_("What it does for the goal and the persona.")
    )
    priority = models.CharField(
        _("priority"), max_length=6, choices=Priority.choices, default=Priority.MEDIUM
    )
    production = models.CharField(
        _("production"), max_length=10, choices=Production.choices, default=Production.IN_HOUSE
    )
    hours = models.DecimalField(
        _("hours estimate"),
        validators=[MinValueValidator(0)],
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("In-house work: how many hours it takes."),
    )
    budget = models.DecimalField(
        _("budget"),
        validators=[MinValueValidator(0)],
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Outsourced work: what it costs."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    publish_date = models.DateField(_("publish date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.IDEA
    )
    published_url = models.URLField(
        _("published at"),
        max_length=500,
        blank=True,
        help_text=_("Where the piece can be read once it is published."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ContentPieceQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "publish_date", "pk"]
        verbose_name = _("planned piece of content")
        verbose_name_plural = _("content plan")
        indexes = [models.Index(fields=["strategy", "publish_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content_plan:piece_edit", args=[self.strategy.uuid, self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.production == Production.IN_HOUSE and self.budget is not None:
            errors["budget"] = ValidationError(
                _("In-house work has an hours estimate, not a budget."), code="budget_in_house"
            )
        if self.production == Production.OUTSOURCED and self.hours is not None:
            errors["hours"] = ValidationError(
                _("Outsourced work has a budget, not an hours estimate."), code="hours_outsourced"
            )
        if self.status == Status.PUBLISHED and not self.publish_date:
            errors["publish_date"] = ValidationError(
                _("A published piece has the date it was published."), code="published_undated"
            )
        if self.published_url and self.status != Status.PUBLISHED:
            errors["published_url"] = ValidationError(
                _("Set the status to “Published” with the link, or leave the link empty."),
                code="link_unpublished",
            )
        strategy = self.strategy if self.strategy_id else None
        if self.publish_date and strategy and not strategy.in_horizon(self.publish_date):
            errors["publish_date"] = strategy.outside_horizon(
                _("Choose a publish date inside the strategy's horizon (%(start)s – %(end)s).")
            )
        elif self.due_date and self.publish_date and self.publish_date < self.due_date:
            errors["publish_date"] = ValidationError(
                _("The piece is published before it is due: move one of the dates."),
                code="publish_before_due",
            )
        if errors:
            raise ValidationError(errors)

    def duplicate(self) -> "ContentPiece":
        """A copy titled "… (copy)" with the same fields, promotion channels and
        dates, back at the first status (an idea, so without a published link):
        made to be moved on the calendar or changed where it differs."""
        copy = type(self).objects.get(pk=self.pk)
        channels = list(copy.promotion_channels.all())
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.edit_version = 1
        title_field = type(self)._meta.get_field("title")
        copy.title = (_("%(name)s (copy)") % {"name": self.title})[: title_field.max_length]
        copy.status = Status.IDEA
        copy.published_url = ""
        copy.save()
        copy.promotion_channels.set(channels)
        return copy

    @classmethod
    def from_gap(cls, gap: ContentGap) -> "ContentPiece":
        """The piece that fills ``gap``, as an idea: its persona, stage and reason,
        and the goal it serves: the first that names the gap's persona, or the
        strategy's only goal."""
        goals = list(gap.strategy.goals.all()[:2])
        goal = gap.strategy.goals.filter(personas=gap.persona).first() or (
            goals[0] if len(goals) == 1 else None
        )
        return cls.objects.create(
            strategy=gap.strategy,
            title=gap.idea or gap.question,
            goal=goal,
            persona=gap.persona,
            stage=gap.stage,
            gap=gap,
            reason=_("Answers “%(question)s” for %(persona)s.")
            % {"question": gap.question, "persona": gap.persona.name},
            status=Status.IDEA,
        )


class CalendarFeed(SecretLink):
    """A member's private, revocable link to the plan's publish dates as iCalendar."""

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("strategy"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "user"], name="one_feed_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.strategy}"

    def get_absolute_url(self) -> str:
        return reverse("content_plan:feed", args=[self.strategy.uuid, self.token])


class Trigger(models.TextChoices):
    # A shop
    ABANDONED_CART = "abandoned_cart", _("Abandoned cart")
    BROWSE_ABANDONMENT = "browse_abandonment", _("Browse abandonment")
    WELCOME = "welcome", _("Welcome (new subscriber)")
    CROSS_SELL = "cross_sell", _("Post-purchase cross-sell or upsell")
    RECEIPT_OFFER = "receipt_offer", _("Receipt with an offer for the next purchase")
    FULFILLMENT = "fulfillment", _("Fulfillment and shipping updates")
    WIN_BACK = "win_back", _("Win-back")
    # A business that takes bookings: a practice, a studio, a workshop
    APPOINTMENT_BOOKED = "appointment_booked", _("Appointment booked")
    BEFORE_APPOINTMENT = "before_appointment", _("Before the appointment (reminders)")
    MISSED_APPOINTMENT = "missed_appointment", _("Missed appointment")
    REVIEW_REQUEST = "review_request", _("After the visit: review request")
    RECALL = "recall", _("Recall after some months")
    # Selling to businesses
    DEMO_BOOKED = "demo_booked", _("Demo booked (timed from the demo)")
    TRIAL_STARTED = "trial_started", _("Trial started")
    TRIAL_ENDING = "trial_ending", _("Trial ending (timed from its end)")
    CUSTOM = "custom", _("Custom")


SHOP_TRIGGERS = (
    Trigger.ABANDONED_CART,
    Trigger.BROWSE_ABANDONMENT,
    Trigger.WELCOME,
    Trigger.CROSS_SELL,
    Trigger.RECEIPT_OFFER,
    Trigger.FULFILLMENT,
    Trigger.WIN_BACK,
)
BOOKING_TRIGGERS = (
    Trigger.APPOINTMENT_BOOKED,
    Trigger.BEFORE_APPOINTMENT,
    Trigger.MISSED_APPOINTMENT,
    Trigger.REVIEW_REQUEST,
    Trigger.RECALL,
)
B2B_TRIGGERS = (Trigger.DEMO_BOOKED, Trigger.TRIAL_STARTED, Trigger.TRIAL_ENDING)

# The triggers that look ahead to an event still to come: their messages are timed
# from that event, and may go before it (a negative timing). Each with the event's name.
FUTURE_EVENTS = {
    Trigger.BEFORE_APPOINTMENT: _("the appointment"),
    Trigger.DEMO_BOOKED: _("the demo"),
    Trigger.TRIAL_ENDING: _("the end of the trial"),
}


def timed_from(trigger: str) -> str:
    """What a trigger's messages are timed from: its future event, or the trigger."""
    return FUTURE_EVENTS.get(trigger, _("the trigger"))


def trigger_choices(business_model: str) -> list:
    """The triggers grouped by the kind of business they serve, the groups that fit
    the strategy's business model first (a B2B strategy starts with demos and trials)."""
    groups = [
        (_("A shop"), SHOP_TRIGGERS),
        (_("Appointments and bookings"), BOOKING_TRIGGERS),
        (_("Selling to businesses: demos and trials"), B2B_TRIGGERS),
    ]
    if business_model == BusinessModel.B2B:
        groups.insert(0, groups.pop())
    return [
        *(
            (label, [(trigger.value, trigger.label) for trigger in group])
            for label, group in groups
        ),
        (_("Any business"), [(Trigger.CUSTOM.value, Trigger.CUSTOM.label)]),
    ]


MAX_DELAY_MINUTES = 3 * 365 * 24 * 60  # three years, before or after


class Channel(models.TextChoices):
    MESSENGER = "messenger", _("Messenger")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class ButtonStyle(models.TextChoices):
    BUTTONS = "buttons", _("Buttons under the message")
    QUICK_REPLIES = "quick_replies", _("Quick replies")


class MessageTag(models.TextChoices):
    NONE = "", _("None (a standard message)")
    POST_PURCHASE = "post_purchase_update", _("Post-purchase update")
    ACCOUNT = "account_update", _("Account update")
    CONFIRMED_EVENT = "confirmed_event_update", _("Confirmed event update")


class MessageSequenceQuerySet(models.QuerySet):
    def with_errors(self) -> "MessageSequenceQuerySet":
        return self.filter(error_count__gt=0)


class MessageSequence(EditVersioned):
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="message_sequences",
        verbose_name=_("strategy"),
    )
    name = models.CharField(_("name"), max_length=200)
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    persona = models.ForeignKey(
        BuyerPersona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona"),
    )
    greeting = models.CharField(
        _("Messenger greeting"),
        max_length=500,
        blank=True,
        help_text=_("Shown before someone first writes to the page; up to 160 characters."),
    )
    # How many errors the channel rules find in its messages: kept so that a
    # strategy's completeness is one query. Counted by recount_errors() only,
    # whenever a message is saved or deleted; errors never depend on anything
    # outside the sequence (the brand voice's words to avoid are warnings).
    error_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MessageSequenceQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "name", "pk"]
        verbose_name = _("message sequence")
        verbose_name_plural = _("message sequences")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content_plan:sequence", args=[self.strategy.uuid, self.pk])

    def checked_steps(self, avoid: list[str] | None = None) -> list[tuple]:
        """Each step with the problems the channel rules find in it, worded in the
        current language. ``avoid``: the brand voice's words to avoid, when the
        caller has them already."""
        if avoid is None:
            avoid = BrandVoice.objects.words_to_avoid(self.strategy_id)
        steps = list(self.steps.all())
        found = rules.check_sequence([step.as_message() for step in steps], avoid)
        return list(zip(steps, found, strict=True))

    def check_draft(self, message: rules.Message, replacing=None) -> list[rules.Problem]:
        """The problems of a message as it is being typed: on its own, and against
        the sequence's other steps (``replacing``: the step it is an edit of)."""
        others = [step.as_message() for step in self.steps.all() if step != replacing]
        avoid = BrandVoice.objects.words_to_avoid(self.strategy_id)
        return rules.check_sequence([*others, message], avoid)[-1]

    def greeting_problems(self) -> list[rules.Problem]:
        return rules.check_greeting(self.greeting)

    def recount_errors(self) -> None:
        """Count the errors of the messages as they are saved now (see ``error_count``)."""
        found = rules.check_sequence([step.as_message() for step in self.steps.all()])
        self.error_count = sum(rules.count(problems, rules.ERROR) for problems in found)
        MessageSequence.objects.filter(pk=self.pk).update(error_count=self.error_count)


class SequenceStep(Positioned, EditVersioned):
    """One message of a sequence. Its problems are not kept: the channel rules run
    whenever they are shown (MessageSequence.checked_steps), in the reader's
    language."""

    sequence = models.ForeignKey(
        MessageSequence,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("sequence"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    delay_minutes = models.IntegerField(
        _("when"),
        default=60,
        validators=[
            MinValueValidator(-MAX_DELAY_MINUTES),
            MaxValueValidator(MAX_DELAY_MINUTES),
        ],
        help_text=_(
            "Minutes after the trigger; below zero, before the event a trigger looks ahead to "
            "(the appointment, the demo, the end of the trial)."
        ),
    )
    promotional = models.BooleanField(
        _("promotional"), default=False, help_text=_("Carries an offer, a discount or a sale.")
    )
    message_tag = models.CharField(
        _("Messenger message tag"),
        max_length=30,
        choices=MessageTag.choices,
        blank=True,
        help_text=_("Tagged updates may be sent after the 24-hour window, without an offer."),
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    preheader = models.CharField(_("preheader"), max_length=300, blank=True)
    header = models.CharField(_("header"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    footer = models.CharField(_("footer"), max_length=200, blank=True)
    button_style = models.CharField(
        _("button style"), max_length=15, choices=ButtonStyle.choices, default=ButtonStyle.BUTTONS
    )
    buttons = models.JSONField(_("buttons"), default=list, blank=True)
    media_url = models.URLField(
        _("image, GIF or video"),
        max_length=500,
        blank=True,
        help_text=_("A link to the picture or clip shown with the message."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["sequence", "delay_minutes", "position", "pk"]
        verbose_name = _("sequence step")
        verbose_name_plural = _("sequence steps")

    def __str__(self) -> str:
        return f"{self.sequence} · {self.get_channel_display()} {self.delay_label}"

    def sibling_filter(self) -> dict:
        return {"sequence_id": self.sequence_id}

    def clean(self) -> None:
        super().clean()
        trigger = self.sequence.trigger if self.sequence_id else None
        before = self.delay_minutes is not None and self.delay_minutes < 0
        if before and trigger not in FUTURE_EVENTS:
            raise ValidationError(
                {
                    "delay_minutes": ValidationError(
                        _(
                            "“%(trigger)s” has no event still to come, so a message cannot "
                            "go before it: choose “after”, or a trigger such as “%(example)s”."
                        ),
                        code="before_no_event",
                        params={
                            "trigger": Trigger(trigger).label if trigger else "",
                            "example": Trigger.BEFORE_APPOINTMENT.label,
                        },
                    )
                }
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.sequence.recount_errors()  # the other steps' window and stagger depend on it

    def save_if_unchanged(self, expected_version: int, fields: list, changed=None) -> bool:
        written = super().save_if_unchanged(expected_version, fields, changed)
        if written:
            self.sequence.recount_errors()
        return written

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        self.sequence.recount_errors()
        return deleted

    def get_absolute_url(self) -> str:
        return reverse(
            "content_plan:step_edit",
            args=[self.sequence.strategy.uuid, self.sequence_id, self.pk],
        )

    def as_message(self) -> rules.Message:
        """The step as the channel rules read it."""
        return rules.Message(
            channel=self.channel,
            text=self.text,
            delay_minutes=self.delay_minutes,
            promotional=self.promotional,
            message_tag=self.message_tag,
            subject=self.subject,
            preheader=self.preheader,
            header=self.header,
            footer=self.footer,
            button_style=self.button_style,
            buttons=self.buttons,
            label=f"{self.get_channel_display()} {self.delay_label}",
        )

    @property
    def delay_label(self) -> str:
        """When it goes, in the language's words: "+1 day, 2 hours" after the trigger,
        "−1 day" before the event the trigger looks ahead to."""
        return format_delay(self.delay_minutes)

    @property
    def tokens(self) -> list[str]:
        found = []
        for text in (self.subject, self.preheader, self.header, self.text, self.footer):
            for token in rules.TOKEN_PATTERN.findall(text or ""):
                if token not in found:
                    found.append(token)
        return found


def content_step_complete():
    """Existing content audited, a planned piece with a publish date, no message in error."""
    return (
        Exists(AuditedPiece.objects.filter(strategy=OuterRef("pk")).exclude(verdict=""))
        & Exists(ContentPiece.objects.dated().filter(strategy=OuterRef("pk")))
        & ~Exists(MessageSequence.objects.with_errors().filter(strategy=OuterRef("pk")))
    )


def coverage(strategy: Strategy) -> list[dict]:
    """Per persona and funnel stage: does content exist, is it planned, or is it missing?
    Retired content does not count as existing; published pieces of the plan do."""
    existing = {
        (row["persona"], row["stage"]): row["n"]
        for row in strategy.audited_pieces.exclude(verdict=Verdict.RETIRE)
        .exclude(persona=None)
        .values("persona", "stage")
        .annotate(n=Count("id"))
    }
    planned, published = {}, {}
    for row in (
        strategy.content_pieces.exclude(persona=None)
        .values("persona", "stage", "status")
        .annotate(n=Count("id"))
    ):
        key = (row["persona"], row["stage"])
        target = published if row["status"] == Status.PUBLISHED else planned
        target[key] = target.get(key, 0) + row["n"]
    gaps = {
        (row["persona"], row["stage"]): row["n"]
        for row in strategy.content_gaps.values("persona", "stage").annotate(n=Count("id"))
    }
    rows = []
    for persona in strategy.personas.all():
        cells = []
        for stage in FunnelStage:
            key = (persona.pk, stage.value)
            exists = existing.get(key, 0) + published.get(key, 0)
            state = "exists" if exists else "planned" if planned.get(key) else "missing"
            cells.append(
                {
                    "stage": stage,
                    "state": state,
                    "existing": exists,
                    "planned": planned.get(key, 0),
                    "gaps": gaps.get(key, 0),
                }
            )
        rows.append({"persona": persona, "cells": cells})
    return rows
