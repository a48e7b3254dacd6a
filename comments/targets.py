"""What can be commented on: a step of the wizard, the kernel, or one item of a
step. Each kind names the thread's foreign key to its item, the step it belongs
to (whose count in the navigation includes it) and where the item is shown, so
that a comment links back to it.

A target is written in URLs as one word: ``step-personas``, ``kernel``,
``persona-12``.
"""

from dataclasses import dataclass

from django.apps import apps
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from strategy_planner.models import Strategy
from strategy_planner.wizard import STEPS

STEP = "step"
KERNEL = "kernel"


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str | Promise
    model: str  # the item's model label; the Thread's foreign key to it is named like the kind
    step: str  # the slug of the wizard step the item belongs to
    page: str  # URL name of the page that shows the item, with the strategy's uuid
    anchor: str = ""  # the item's id on that page, "{pk}" filled in

    def items(self, strategy: Strategy):
        model = apps.get_model(self.model)
        if self.slug == "message":
            return model.objects.filter(sequence__strategy=strategy).select_related("sequence")
        return model.objects.filter(strategy=strategy)

    def url(self, strategy: Strategy, item) -> str:
        if self.slug == "message":
            page = reverse(self.page, args=[strategy.uuid, item.sequence_id])
        else:
            page = reverse(self.page, args=[strategy.uuid])
        return page + ("#" + self.anchor.format(pk=item.pk) if self.anchor else "")


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "persona",
            _("persona"),
            "personas.BuyerPersona",
            "personas",
            "personas:step",
            "persona-{pk}",
        ),
        Kind(
            "goal",
            _("goal"),
            "strategy_planner.Goal",
            "goals",
            "strategy_planner:goals",
            "goal-{pk}",
        ),
        Kind("asset", _("channel"), "assets.Asset", "inventory", "assets:inventory", "asset-{pk}"),
        Kind(
            "piece",
            _("content piece"),
            "content_plan.ContentPiece",
            "content",
            "content_plan:plan",
            "piece-{pk}",
        ),
        Kind(
            "message",
            _("message"),
            "content_plan.SequenceStep",
            "content",
            "content_plan:sequence",
            "step-{pk}",
        ),
        Kind(
            "action",
            _("coherent action"),
            "report.CoherentAction",
            "consolidate",
            "report:consolidate",
            "action-{pk}",
        ),
    )
}
STEP_SLUGS = {step.slug: step for step in STEPS}


@dataclass(frozen=True)
class Target:
    """One thing of one strategy that threads are about."""

    kind: str  # a KINDS slug, STEP or KERNEL
    strategy: Strategy
    item: object = None  # the persona, goal… (None for a step and the kernel)
    step: str = ""  # the step's slug (for a step)

    @property
    def key(self) -> str:
        if self.kind == STEP:
            return f"{STEP}-{self.step}"
        if self.kind == KERNEL:
            return KERNEL
        return f"{self.kind}-{self.item.pk}"

    @property
    def step_slug(self) -> str:
        if self.kind == STEP:
            return self.step
        if self.kind == KERNEL:
            return "consolidate"
        return KINDS[self.kind].step

    @property
    def name(self) -> str:
        if self.kind == STEP:
            return str(STEP_SLUGS[self.step].title)
        if self.kind == KERNEL:
            return str(_("The kernel: diagnosis and guiding policy"))
        return str(self.item)

    @property
    def kind_label(self) -> str:
        if self.kind == STEP:
            return str(_("step"))
        if self.kind == KERNEL:
            return str(_("kernel"))
        return str(KINDS[self.kind].label)

    @property
    def page_url(self) -> str:
        """Where the thing is shown in the wizard."""
        if self.kind == STEP:
            return STEP_SLUGS[self.step].url(self.strategy)
        if self.kind == KERNEL:
            return reverse("report:consolidate", args=[self.strategy.uuid]) + "#kernel-heading"
        return KINDS[self.kind].url(self.strategy, self.item)

    def filter(self) -> dict:
        """The lookups that find this target's threads."""
        if self.kind == STEP:
            return {"kind": STEP, "step": self.step}
        if self.kind == KERNEL:
            return {"kind": KERNEL}
        return {"kind": self.kind, self.kind: self.item}

    def owner(self):
        """The member who owns the item (an action, a content piece, a channel), or None."""
        return getattr(self.item, "owner", None) if self.item is not None else None


def find_target(strategy: Strategy, key: str) -> Target:
    """The target a URL names, within the strategy; 404 for anything else."""
    kind, _sep, rest = key.partition("-")
    if kind == KERNEL and not rest:
        return Target(KERNEL, strategy)
    if kind == STEP and rest in STEP_SLUGS:
        return Target(STEP, strategy, step=rest)
    if kind in KINDS and rest.isdigit():
        item = KINDS[kind].items(strategy).filter(pk=int(rest)).first()
        if item is not None:
            return Target(kind, strategy, item=item)
    raise Http404("Nothing to comment on here.")


def key_of(kind: str, step: str = "", item_id=None) -> str:
    """The URL word of a target from what a thread row holds."""
    if kind == STEP:
        return f"{STEP}-{step}"
    if kind == KERNEL:
        return KERNEL
    return f"{kind}-{item_id}"
