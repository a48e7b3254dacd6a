"""Published versions of a strategy: a frozen snapshot of everything, with its PDF,
and the sign-off of the members asked to approve it."""

import json

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from report.document import build_document
from report.pdf import PREVIEW_MONTH_LINES, drawn_charts, render_html, write_pdf
from starters.backup import backup, dumps
from strategy_planner.calendars import use_calendar
from strategy_planner.models import Strategy
from strategy_planner.people import display_name

# Where the cover's approvals go in the frozen HTML: they are filled in whenever
# the version is shown or its PDF rendered, so that a later approval reaches the cover.
APPROVALS_MARK = "<!-- version approvals -->"


class Version(models.Model):
    """The strategy as it was when an owner published it, numbered per strategy."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="versions", verbose_name=_("strategy")
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    label = models.CharField(
        _("label"),
        max_length=120,
        blank=True,
        help_text=_("What this version is, e.g. “budget agreed”."),
    )
    snapshot = models.JSONField(_("snapshot"), editable=False)
    language = models.CharField(_("language"), max_length=10, editable=False)
    pdf_html = models.TextField(editable=False)
    screen_html = models.TextField(editable=False)
    # Kept in the database beside the snapshot, not as a file: app processes are
    # stateless and share nothing but the database, a PDF is a few hundred
    # kilobytes, and a version is written once (its cover again when approved).
    pdf = models.BinaryField(_("PDF"), null=True, editable=False)
    pdf_rendered_at = models.DateTimeField(null=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)

    # A record of the strategy, not a part of it: publishing changes nothing drawn
    # from the draft (strategy_planner/content_version.py).
    is_strategy_content = False

    class Meta:
        ordering = ["strategy", "-number"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        if self.label:
            return gettext("v%(number)s — %(label)s") % {"number": self.number, "label": self.label}
        return gettext("v%(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("versions:detail", args=[self.strategy.uuid, self.number])

    @property
    def direction(self) -> str:
        return "rtl" if translation.get_language_info(self.language)["bidi"] else "ltr"

    @classmethod
    def publish(cls, strategy: Strategy, user, label: str = "") -> "Version":
        """Freeze the strategy as it is now: its backup, and the document's HTML for
        the screen and for the PDF (rendered afterwards, in the background)."""
        with transaction.atomic():
            # One publication at a time per strategy, so that numbers never collide.
            Strategy.objects.select_for_update().filter(pk=strategy.pk).first()
            last = strategy.versions.aggregate(last=Max("number"))["last"] or 0
            version = cls(
                strategy=strategy,
                number=last + 1,
                label=label,
                published_by=user,
                language=strategy.language,
            )
            version.snapshot = json.loads(dumps(backup(strategy)))
            document = build_document(strategy)
            with translation.override(strategy.language):
                cover = version.cover(mark_safe(APPROVALS_MARK))
            version.pdf_html = render_html(document, cover=cover)
            with translation.override(strategy.language), use_calendar(strategy.calendar):
                version.screen_html = render_to_string(
                    "report/_document.html",
                    {
                        "doc": document,
                        "charts": drawn_charts(document),
                        "preview_months": document.plan_months(PREVIEW_MONTH_LINES),
                        "cover": cover,
                    },
                )
            version.save()
        return version

    def cover(self, approvals="") -> dict:
        """What the document's cover says about this version."""
        return {
            "title": str(self),
            "published_at": self.published_at,
            "published_by": display_name(self.published_by),
            "approvals": approvals,
        }

    def _with_approvals(self, html: str) -> str:
        with translation.override(self.language), use_calendar(self.strategy.calendar):
            approvals = render_to_string(
                "versions/_cover_approvals.html",
                {"approvals": self.approvals.answered().select_related("approver")},
            )
        return html.replace(APPROVALS_MARK, approvals, 1)

    def document_html(self) -> str:
        """The version's document on screen, its cover with the approvals so far."""
        return self._with_approvals(self.screen_html)

    def render_pdf(self) -> None:
        """Render the version's PDF, its cover with the approvals so far, and keep it."""
        pdf = write_pdf(self._with_approvals(self.pdf_html))
        Version.objects.filter(pk=self.pk).update(pdf=pdf, pdf_rendered_at=timezone.now())
        self.pdf, self.pdf_rendered_at = pdf, timezone.now()

    def ask(self, approvers, asked_by) -> list["Approval"]:
        """Ask members to approve; someone asked already keeps their answer."""
        asked = []
        for approver in approvers:
            approval, created = Approval.objects.get_or_create(
                version=self, approver=approver, defaults={"asked_by": asked_by}
            )
            if created:
                asked.append(approval)
        return asked


class ApprovalQuerySet(models.QuerySet):
    def answered(self) -> "ApprovalQuerySet":
        return self.exclude(verdict=Approval.Verdict.PENDING)


class Approval(models.Model):
    """One member asked to approve one version, and their answer (changeable)."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        APPROVED = "approved", _("Approved")
        CHANGES = "changes", _("Changes requested")

    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("version")
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("approver"),
    )
    verdict = models.CharField(
        _("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = ApprovalQuerySet.as_manager()

    is_strategy_content = False

    class Meta:
        ordering = ["version", "asked_at", "pk"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(fields=["version", "approver"], name="one_approval_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.version}: {display_name(self.approver)} ({self.get_verdict_display()})"

    def get_absolute_url(self) -> str:
        return self.version.get_absolute_url() + "#approvals"
