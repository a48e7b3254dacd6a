"""The wizard's ordered list of steps.

Each feature adds its step to ``STEPS``: the navigation, the progress bar,
previous/next and the completeness marks all come from this one list.
A step's completeness rule is named by dotted path so that this module does
not import the apps that register steps.
"""

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from strategy_planner.models import Strategy


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    url_name: str
    completeness: str  # dotted path to a function(strategy) -> bool
    guidance: str | Promise = ""

    def url(self, strategy: Strategy) -> str:
        return reverse(self.url_name, args=[strategy.uuid])

    def is_complete(self, strategy: Strategy) -> bool:
        return import_string(self.completeness)(strategy)


def basics_complete(strategy: Strategy) -> bool:
    return all(
        [
            strategy.name,
            strategy.organisation,
            strategy.industry,
            strategy.start_date,
            strategy.end_date,
        ]
    )


STEPS: tuple[Step, ...] = (
    Step(
        slug="basics",
        title=_("Strategy basics"),
        url_name="strategy_planner:basics",
        completeness="strategy_planner.wizard.basics_complete",
        guidance=_(
            "Say who the strategy is for and how long it runs. The business model and price "
            "point decide which questions the later steps ask."
        ),
    ),
)


@dataclass
class StepState:
    number: int
    step: Step
    complete: bool
    url: str


class Progress:
    """Where one strategy stands in the wizard."""

    def __init__(self, strategy: Strategy, current_slug: str | None = None):
        self.strategy = strategy
        self.current_slug = current_slug

    @cached_property
    def steps(self) -> list[StepState]:
        return [
            StepState(number, step, step.is_complete(self.strategy), step.url(self.strategy))
            for number, step in enumerate(STEPS, start=1)
        ]

    @property
    def complete_count(self) -> int:
        return sum(state.complete for state in self.steps)

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
