"""The wizard's frame: its ordered list of steps, and where a strategy stands in it.

The navigation, the progress bar, previous/next, the completeness marks and
the method's checklist all come from ``STEPS``. Each step names its page by
URL name and its completeness rule by dotted path, so that this module, in
the ground layer, imports none of the apps above it. A completeness rule is a
function in the models module of the step's app returning a database
expression on a Strategy row: the completeness of every step, for one
strategy or for a whole dashboard of them, is read in a single query.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from strategy_planner.models import Strategy

FLAGS_SECONDS = 60 * 60


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    url_name: str
    completeness: str  # dotted path to a function() -> boolean expression on Strategy
    asks_for: str | Promise  # what complete means, in a few words (the method's checklist)
    guidance: str | Promise = ""

    def url(self, strategy: Strategy) -> str:
        return reverse(self.url_name, args=[strategy.uuid])

    @property
    def flag(self) -> str:
        return f"step_{self.slug}_complete"

    def expression(self):
        condition = import_string(self.completeness)()
        if isinstance(condition, Q):
            condition = ExpressionWrapper(condition, output_field=BooleanField())
        return condition


STEPS: tuple[Step, ...] = (
    Step(
        slug="basics",
        title=_("Strategy basics"),
        url_name="strategy_planner:basics",
        completeness="strategy_planner.models.basics_step_complete",
        asks_for=_("A name, an organisation and an industry"),
        guidance=_(
            "Say who the strategy is for and how long it runs. The business model and price "
            "point decide which questions the later steps ask."
        ),
    ),
    Step(
        slug="personas",
        title=_("Buyer personas"),
        url_name="personas:step",
        completeness="personas.models.personas_step_complete",
        asks_for=_("A persona with demographic and psychographic facts"),
        guidance=_(
            "Describe the people you market to, from real data wherever you can. Complete when "
            "at least one persona has both demographic and psychographic facts."
        ),
    ),
    Step(
        slug="goals",
        title=_("Goals and measurement"),
        url_name="strategy_planner:goals",
        completeness="strategy_planner.models.goals_step_complete",
        asks_for=_("Goals with a metric, baseline, target, deadline and tool"),
        guidance=_(
            "Tie each marketing goal to a business goal, with a metric, a baseline, a target, a "
            "deadline and the tool that measures it. Complete when one goal has all of them."
        ),
    ),
    Step(
        slug="inventory",
        title=_("Channel and asset inventory"),
        url_name="assets:inventory",
        completeness="assets.models.inventory_step_complete",
        asks_for=_("An inventory with figures for the audit period"),
        guidance=_(
            "List every digital asset and channel as owned, earned or paid media, with its "
            "figures for the audit period. Complete when the period is set and every asset has "
            "figures."
        ),
    ),
    Step(
        slug="content",
        title=_("Owned media: content"),
        url_name="content_plan:audit",
        completeness="content_plan.models.content_step_complete",
        asks_for=_("Content audited, a dated content plan, message sequences without errors"),
        guidance=_(
            "Audit the content you have, find the gaps each persona still has, and plan what to "
            "make, why, for whom and at what cost. Complete when the audit has verdicts, at "
            "least one planned piece has a publish date and no message sequence has an error."
        ),
    ),
    Step(
        slug="earned",
        title=_("Earned media"),
        url_name="assets:earned",
        completeness="assets.models.earned_step_complete",
        asks_for=_("Earned media ranked"),
        guidance=_(
            "Rank where your traffic and leads come from, most effective first, against the goal "
            "that matters. Complete when the earned sources are ranked."
        ),
    ),
    Step(
        slug="paid",
        title=_("Paid media"),
        url_name="assets:paid",
        completeness="assets.models.paid_step_complete",
        asks_for=_("A decision on every paid platform"),
        guidance=_(
            "Judge each paid platform on what it costs and what it brings, then keep, change, "
            "drop or try it. Complete when every paid platform has a decision."
        ),
    ),
    Step(
        slug="consolidate",
        title=_("Consolidate: the strategy"),
        url_name="report:consolidate",
        completeness="report.models.consolidate_step_complete",
        asks_for=_("Diagnosis, guiding policy and coherent actions"),
        guidance=_(
            "Bring it together: the diagnosis of the challenge, the guiding policy for dealing "
            "with it, and coherent actions tied to the goals. Complete when all three are "
            "written and at least one action serves a goal."
        ),
    ),
)


@dataclass
class StepState:
    number: int
    step: Step
    complete: bool
    url: str


def with_completeness(strategies: QuerySet) -> QuerySet:
    """Annotate each strategy with one flag per step (used by :class:`Progress`)."""
    return strategies.annotate(**{step.flag: step.expression() for step in STEPS})


class Progress:
    """Where one strategy stands in the wizard."""

    def __init__(self, strategy: Strategy, current_slug: str | None = None):
        self.strategy = strategy
        self.current_slug = current_slug

    def _flags(self) -> dict[str, bool]:
        if all(hasattr(self.strategy, step.flag) for step in STEPS):
            return {step.flag: getattr(self.strategy, step.flag) for step in STEPS}
        # Worked out once per content version of the strategy (any change moves
        # it): every page shows the steps. Keyed by the strategy's UUID, which is
        # never given again: a database may give a deleted strategy's ID to a new
        # one, which starts from the same content version.
        version = self.strategy.current_content_version()
        key = f"progress:{self.strategy.uuid}:{version}"
        flags = cache.get(key)
        if flags is None:
            flags = (
                Strategy.objects.filter(pk=self.strategy.pk)
                .values(**{step.flag: step.expression() for step in STEPS})
                .get()
            )
            cache.set(key, flags, FLAGS_SECONDS)
        return flags

    @cached_property
    def steps(self) -> list[StepState]:
        flags = self._flags()
        return [
            StepState(number, step, bool(flags[step.flag]), step.url(self.strategy))
            for number, step in enumerate(STEPS, start=1)
        ]

    @property
    def complete_count(self) -> int:
        return sum(state.complete for state in self.steps)

    @property
    def first_incomplete(self) -> StepState | None:
        return next((state for state in self.steps if not state.complete), None)

    @property
    def percent(self) -> int:
        return round(100 * self.complete_count / len(self.steps))

    def _index(self) -> int | None:
        for index, state in enumerate(self.steps):
            if state.step.slug == self.current_slug:
                return index
        return None

    @property
    def current(self) -> StepState | None:
        index = self._index()
        return None if index is None else self.steps[index]

    @property
    def previous(self) -> StepState | None:
        index = self._index()
        return self.steps[index - 1] if index else None

    @property
    def next(self) -> StepState | None:
        index = self._index()
        if index is None:
            return self.steps[0]
        return self.steps[index + 1] if index + 1 < len(self.steps) else None
