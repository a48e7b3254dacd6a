"""What the report adds on top of the steps: the kernel's coherent actions, and
read-only share links to the document."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategy_planner.models import (
    EditVersioned,
    Goal,
    Positioned,
    PositionedQuerySet,
    SecretLink,
    Strategy,
)


class CoherentAction(Positioned, EditVersioned):
    """A step that carries out the guiding policy, tied to what serves it."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="actions", verbose_name=_("strategy")
    )
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("how"), blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="actions", verbose_name=_("goals it serves")
    )
    content_pieces = models.ManyToManyField(
        "content_plan.ContentPiece",
        blank=True,
        related_name="actions",
        verbose_name=_("content pieces"),
    )
    sequences = models.ManyToManyField(
        "content_plan.MessageSequence",
        blank=True,
        related_name="actions",
        verbose_name=_("message sequences"),
    )
    channels = models.ManyToManyField(
        "assets.Asset",
        blank=True,
        related_name="actions",
        verbose_name=_("channel decisions"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The member who sees the action through."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(
        _("done"), default=False, help_text=_("Tick when the action is carried out.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PositionedQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "position", "pk"]
        verbose_name = _("coherent action")
        verbose_name_plural = _("coherent actions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("report:action_edit", args=[self.strategy.uuid, self.pk])

    def carried_out_by(self) -> list[str]:
        """The pieces, sequences and channel decisions that carry the action out, as
        the page and the document list them: a channel with its decision."""
        return (
            [piece.title for piece in self.content_pieces.all()]
            + [sequence.name for sequence in self.sequences.all()]
            + [
                f"{channel.name} ({channel.get_decision_display() or '—'})"
                for channel in self.channels.all()
            ]
        )


def consolidate_step_complete():
    """The diagnosis, the guiding policy, and an action that serves a goal."""
    return (
        ~Q(diagnosis="")
        & ~Q(guiding_policy="")
        & Exists(CoherentAction.objects.filter(strategy=OuterRef("pk"), goals__isnull=False))
    )


class ShareLinkQuerySet(models.QuerySet):
    def usable(self) -> "ShareLinkQuerySet":
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ShareLink(SecretLink):
    """A read-only link to the document for people without an account: the live
    draft, or one published version (``version``)."""

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="share_links",
        verbose_name=_("strategy"),
    )
    label = models.CharField(
        _("for whom"),
        max_length=120,
        blank=True,
        help_text=_("A note for yourself, e.g. “board meeting, March”."),
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # By label: published versions sit in a layer above the report.
    version = models.ForeignKey(
        "versions.Version",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="share_links",
        verbose_name=_("what it shows"),
        help_text=_("The live draft, which goes on changing, or a published version as it was."),
    )

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return self.label or self.token[:8]

    def get_absolute_url(self) -> str:
        return reverse("share_preview", args=[self.token])

    @classmethod
    def revoke_all(cls, strategy: Strategy) -> None:
        """Revoke every link to ``strategy``; they stay listed, as revoked."""
        cls.objects.filter(strategy=strategy, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class DocumentBrand(EditVersioned):
    """How the strategy's document looks: the organisation's logo on the cover and
    its colour on the cover and the headings. The logo is kept as a small PNG drawn
    again from the upload (``report.brand.read_logo``), never as uploaded."""

    strategy = models.OneToOneField(
        Strategy, on_delete=models.CASCADE, related_name="brand", verbose_name=_("strategy")
    )
    colour = models.CharField(
        _("brand colour"),
        max_length=7,
        blank=True,
        help_text=_("The colour of the cover and the headings, e.g. #6f4e37. Empty: blue."),
    )
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("document look")
        verbose_name_plural = _("document looks")
        constraints = [
            models.CheckConstraint(
                condition=Q(colour="") | Q(colour__regex=r"^#[0-9a-f]{6}$"),
                name="brand_colour_is_hex",
            )
        ]

    def __str__(self) -> str:
        return self.colour or "—"

    def activity_name(self) -> str:
        return ""  # one per strategy: "document look" says which
