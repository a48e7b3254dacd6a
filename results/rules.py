"""Results against milestones: where each measurable goal should stand month by
month, and whether it does.

Everything here works on plain values (dates, Decimals, lists), so that the
Results page, its chart and its tests read one and the same
:class:`GoalResults`; ``results.models.results_of()`` fills them from the
database.

- A **month** is the first day of a Gregorian calendar month, as the budget
  counts them (``budget.rules.horizon_months``); a check-in reports the value a
  goal's metric reached by the end of its month.
- A **milestone** is where the goal should stand at the end of a month. By
  default the way from baseline to target is spread evenly over the months from
  the horizon's first month to the month of the goal's deadline (or the
  horizon's last month, for a deadline outside the horizon); after the
  deadline the target holds. An edited milestone stays as typed; the others
  keep the even spread. Milestones are rounded half up to the precision of the
  goal's own figures: a goal from 100 to 150 leads has whole milestones
  (112.5 is 113), one from 2.5% to 3% has tenths.
- A goal's **status** (:func:`status`) compares an actual value with the
  milestone of its month, in the goal's direction: a goal whose target is below
  its baseline (a cost to reduce) is ahead when the actual is lower.
- A **paid platform's month** (:class:`PlatformMonth`) is what the budget says it
  spent (the line's actual) beside the leads and conversions the check-in
  records for it; what a lead or a conversion cost follows the budget's one rule
  (``budget.rules.cost_so_far``).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budget.rules import CostSoFar, cost_so_far
from strategy_planner.numbers import format_percent

ZERO = Decimal(0)
# On track: the milestone is reached, or the actual falls short of it by at most
# this share of the way from the baseline to the milestone.
ON_TRACK_WITHIN = Decimal("0.10")
# At risk: short of it by more than that, and at most by this share.
AT_RISK_WITHIN = Decimal("0.25")
# The finest precision a goal's figures are stored with (Goal.baseline, .target).
MOST_PLACES = 2


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


# Milestones ------------------------------------------------------------------


def places_of(*values: Decimal) -> int:
    """The decimal places the figures are written with, without trailing zeros:
    100 and 150.00 have none, 2.5 has one (at most ``MOST_PLACES``)."""
    places = 0
    for value in values:
        exponent = Decimal(value).normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return min(places, MOST_PLACES)


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def deadline_index(months: Sequence[datetime.date], deadline: datetime.date | None) -> int:
    """The position of the deadline's month among the horizon's months: the last
    month for a deadline after the horizon (or none), the first for one before it."""
    if not months:
        return 0
    if deadline is None:
        return len(months) - 1
    month = deadline.replace(day=1)
    if month <= months[0]:
        return 0
    if month >= months[-1]:
        return len(months) - 1
    return next(index for index, each in enumerate(months) if each == month)


def even_spread(
    baseline: Decimal,
    target: Decimal,
    months: Sequence[datetime.date],
    deadline: datetime.date | None,
) -> list[Decimal]:
    """The default milestone of every month: the way from baseline to target in
    equal steps, one a month, reaching the target at the end of the deadline's
    month and holding it after. Each is rounded on its own from the exact share,
    so that rounding never adds up and the deadline's month is the target."""
    baseline, target = Decimal(baseline), Decimal(target)
    steps = deadline_index(months, deadline) + 1
    places = places_of(baseline, target)
    way = target - baseline
    return [
        rounded(baseline + way * min(index + 1, steps) / steps, places)
        for index in range(len(months))
    ]


def steps_to(start: Decimal, end: Decimal, count: int, places: int) -> list[Decimal]:
    """``count`` months going from ``start`` (where the month before stood) to ``end``
    in equal steps, the last one exactly ``end``: the months of a quarter whose end
    milestone was typed. Each is rounded on its own from the exact share."""
    start, end = Decimal(start), Decimal(end)
    return [rounded(start + (end - start) * (index + 1) / count, places) for index in range(count)]


@dataclass(frozen=True)
class Milestone:
    month: datetime.date
    value: Decimal
    edited: bool = False


def milestones(
    baseline: Decimal,
    target: Decimal,
    months: Sequence[datetime.date],
    deadline: datetime.date | None,
    edited: dict[datetime.date, Decimal] | None = None,
) -> list[Milestone]:
    """Every month's milestone: an edited one as typed, the others the even spread."""
    edited = edited or {}
    spread = even_spread(baseline, target, months, deadline)
    return [
        Milestone(month, edited[month], True)
        if month in edited
        else Milestone(month, spread[index], False)
        for index, month in enumerate(months)
    ]


# Status ----------------------------------------------------------------------


def direction(baseline: Decimal, target: Decimal) -> int:
    """+1 for a goal that grows its metric, -1 for one that reduces it (a cost)."""
    return 1 if target >= baseline else -1


def shortfall_share(
    baseline: Decimal, target: Decimal, milestone: Decimal, actual: Decimal
) -> Decimal:
    """How far the actual falls short of the milestone, as a share of the way from
    the baseline to the milestone (0.2 is a fifth of the way); zero or less when
    the milestone is reached. A milestone at the baseline measures the shortfall
    against the whole way to the target instead."""
    sign = direction(baseline, target)
    short = (milestone - actual) * sign
    if short <= 0:
        return short
    way = abs(milestone - baseline) or abs(target - baseline)
    if not way:
        return Decimal(1)
    return short / way


def status(baseline: Decimal, target: Decimal, milestone: Decimal, actual: Decimal) -> Status:
    """The one rule of a goal's status: **on track** when the actual has reached the
    month's milestone or falls short of it by at most 10% of the way from the
    baseline to the milestone, **at risk** when by at most 25%, **off track**
    beyond. In the goal's direction: for a goal that lowers its metric, reaching
    the milestone means being at or below it."""
    share = shortfall_share(Decimal(baseline), Decimal(target), Decimal(milestone), actual)
    if share <= ON_TRACK_WITHIN:
        return Status.ON_TRACK
    if share <= AT_RISK_WITHIN:
        return Status.AT_RISK
    return Status.OFF_TRACK


def rule_in_words() -> str:
    """The status rule (:func:`status`) in words, as the page and the document state it,
    in the active language."""
    return gettext(
        "On track: the latest actual has reached its month's milestone, or falls short of "
        "it by at most %(on_track)s of the way from the baseline to the milestone. At risk: "
        "short by at most %(at_risk)s. Off track: short by more. For a goal that lowers its "
        "metric, such as a cost per lead, reaching the milestone means being at or below it."
    ) % {
        "on_track": format_percent(ON_TRACK_WITHIN * 100, 0),
        "at_risk": format_percent(AT_RISK_WITHIN * 100, 0),
    }


# A goal's results ------------------------------------------------------------


@dataclass
class MonthResult:
    month: datetime.date
    milestone: Milestone
    actual: Decimal | None = None
    status: Status | None = None


@dataclass
class GoalResults:
    """One measurable goal across the horizon: every month's milestone, actual and
    status, and its status in the latest month with an actual."""

    goal_id: int
    name: str
    metric: str
    unit: str
    baseline: Decimal
    target: Decimal
    deadline: datetime.date
    months: list[MonthResult] = field(default_factory=list)

    @property
    def latest(self) -> MonthResult | None:
        """The latest month with an actual value."""
        return next((month for month in reversed(self.months) if month.actual is not None), None)

    @property
    def status(self) -> Status | None:
        latest = self.latest
        return latest.status if latest else None

    @property
    def grows(self) -> bool:
        return direction(self.baseline, self.target) > 0


def goal_results(
    *,
    goal_id: int,
    name: str,
    metric: str,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    deadline: datetime.date,
    months: Sequence[datetime.date],
    edited: dict[datetime.date, Decimal],
    actuals: dict[datetime.date, Decimal],
) -> GoalResults:
    results = GoalResults(goal_id, name, metric, unit, baseline, target, deadline)
    for milestone in milestones(baseline, target, months, deadline, edited):
        actual = actuals.get(milestone.month)
        results.months.append(
            MonthResult(
                month=milestone.month,
                milestone=milestone,
                actual=actual,
                status=None
                if actual is None
                else status(baseline, target, milestone.value, actual),
            )
        )
    return results


# Paid platforms --------------------------------------------------------------


@dataclass(frozen=True)
class PlatformMonth:
    """One month of a paid platform: its spend (the budget line's actual for the
    month) and the leads and conversions its check-in records, each None when not in."""

    month: datetime.date
    spend: Decimal | None = None
    leads: int | None = None
    conversions: int | None = None

    @property
    def recorded(self) -> bool:
        return self.leads is not None or self.conversions is not None


@dataclass
class PlatformResults:
    """A paid platform of the budget across the horizon, month by month, and what a
    lead and a conversion cost on it so far."""

    line_id: int
    name: str
    currency: str
    months: list[PlatformMonth] = field(default_factory=list)

    def cost_per(self, figure: str, months: Sequence[PlatformMonth] | None = None) -> CostSoFar:
        """What one of ``figure`` ("leads" or "conversions") cost, over ``months``
        (all of them when not given)."""
        months = self.months if months is None else months
        return cost_so_far(
            ((month.spend, getattr(month, figure)) for month in months), self.currency
        )

    @property
    def per_lead(self) -> CostSoFar:
        return self.cost_per("leads")

    @property
    def per_conversion(self) -> CostSoFar:
        return self.cost_per("conversions")

    def of_month(self, month: datetime.date) -> PlatformMonth | None:
        return next((each for each in self.months if each.month == month), None)


def platform_results(
    *,
    line_id: int,
    name: str,
    currency: str,
    months: Sequence[datetime.date],
    spend: dict[datetime.date, Decimal | None],
    recorded: dict[datetime.date, tuple[int | None, int | None]],
) -> PlatformResults:
    return PlatformResults(
        line_id,
        name,
        currency,
        [
            PlatformMonth(month, spend.get(month), *recorded.get(month, (None, None)))
            for month in months
        ],
    )
