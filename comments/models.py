"""Comments on a strategy: threads about a step, the kernel or one item, each with
its comments (the first one opens it, the others reply), resolved and reopened
as a whole.

Comments are talk about the strategy, not part of it: they never reach the
document, the PDF or the workbook, share-link readers never see them, and
saving one does not move the strategy's content version (``is_strategy_content``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.targets import KERNEL, KINDS, STEP, key_of
from strategy_planner.models import Strategy
from strategy_planner.wizard import STEPS

TEXT_MAX_LENGTH = 4000

KIND_CHOICES = [(STEP, _("step")), (KERNEL, _("kernel"))] + [
    (kind.slug, kind.label) for kind in KINDS.values()
]


def _item(model: str, verbose_name):
    return models.ForeignKey(
        model,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comment_threads",
        verbose_name=verbose_name,
    )


class ThreadQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def open_counts(self, strategy: Strategy) -> dict[str, int]:
        """Open threads of the strategy by target key (``persona-12``, ``step-goals``,
        ``kernel``), and by step as ``steps:<slug>`` (the step's own threads and
        those of its items): one query."""
        rows = (
            self.filter(strategy=strategy)
            .open()
            .values("kind", "step", *KINDS)
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts: dict[str, int] = {}
        for row in rows:
            kind = row["kind"]
            key = key_of(kind, row["step"], row.get(kind))
            counts[key] = counts.get(key, 0) + row["n"]
            step = (
                row["step"]
                if kind == STEP
                else "consolidate"
                if kind == KERNEL
                else KINDS[kind].step
            )
            counts[f"steps:{step}"] = counts.get(f"steps:{step}", 0) + row["n"]
        return counts


class Thread(models.Model):
    """A conversation about one thing of a strategy."""

    # Talk about the strategy, not its content (strategy_planner/content_version.py).
    is_strategy_content = False

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="comment_threads",
        verbose_name=_("strategy"),
    )
    kind = models.CharField(_("about"), max_length=10, choices=KIND_CHOICES)
    step = models.CharField(
        _("step"), max_length=20, blank=True, choices=[(step.slug, step.title) for step in STEPS]
    )
    persona = _item("personas.BuyerPersona", _("persona"))
    goal = _item("strategy_planner.Goal", _("goal"))
    asset = _item("assets.Asset", _("channel"))
    piece = _item("content_plan.ContentPiece", _("content piece"))
    message = _item("content_plan.SequenceStep", _("message"))
    action = _item("report.CoherentAction", _("coherent action"))
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "created_at", "pk"]
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=STEP) | Q(step=""), name="comment_thread_step_only_for_a_step"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(kind=kind, **{f"{kind}__isnull": False})
                    | (~Q(kind=kind) & Q(**{f"{kind}__isnull": True})),
                    name=f"comment_thread_{kind}_set_for_its_kind",
                )
                for kind in KINDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"

    def get_absolute_url(self) -> str:
        return (
            reverse("comments:target", args=[self.strategy.uuid, self.key]) + f"#thread-{self.pk}"
        )

    @property
    def key(self) -> str:
        return key_of(self.kind, self.step, getattr(self, f"{self.kind}_id", None))

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    def resolve(self, user) -> None:
        self.resolved_at, self.resolved_by = timezone.now(), user
        self.save(update_fields=["resolved_at", "resolved_by"])

    def reopen(self) -> None:
        self.resolved_at, self.resolved_by = None, None
        self.save(update_fields=["resolved_at", "resolved_by"])


class Comment(models.Model):
    """One member's words in a thread."""

    is_strategy_content = False

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="comments", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=TEXT_MAX_LENGTH)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentioned")
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        ordering = ["thread", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return self.thread.get_absolute_url().rsplit("#", 1)[0] + f"#comment-{self.pk}"

    def may_edit(self, user) -> bool:
        return user.is_authenticated and self.author_id == user.pk

    def may_delete(self, user, access) -> bool:
        return self.may_edit(user) or access.is_owner
