"""How the strategy is doing, for its overview: its goals' statuses, its spend
against plan, and who does what by when (the coherent actions and content pieces
that have a due date and are not done yet: an action not ticked done, a piece not
published), split into what is overdue and what is due by the end of this week."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget.models import budget_of
from budget.rules import Amounts
from content_plan.models import Status
from results.models import results_of
from results.rules import Status as GoalStatus
from strategy_planner.calendars import first_weekday
from strategy_planner.models import Strategy


@dataclass(frozen=True)
class DueItem:
    kind: str  # what it is: "Action" or "Content", in the reader's language
    title: str
    owner: str  # the member's name, or "" when nobody owns it yet
    due_date: datetime.date
    url: str


@dataclass(frozen=True)
class DueWork:
    today: datetime.date
    week_ends: datetime.date
    overdue: list[DueItem]
    this_week: list[DueItem]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.this_week)


def end_of_week(day: datetime.date) -> datetime.date:
    """The last day of the week that holds ``day``, where the active language starts
    its weeks (Saturday in Persian: the week ends on Friday)."""
    return day + datetime.timedelta(days=6 - (day.weekday() - first_weekday()) % 7)


def due_work(strategy: Strategy, today: datetime.date | None = None) -> DueWork:
    """What is overdue and what is due by the end of this week, earliest first;
    two queries."""
    today = today or timezone.localdate()
    week_ends = end_of_week(today)
    pieces = (
        strategy.content_pieces.exclude(status=Status.PUBLISHED)
        .filter(due_date__lte=week_ends)
        .select_related("owner")
    )
    actions = strategy.actions.filter(done=False, due_date__lte=week_ends).select_related("owner")
    items = sorted(
        [
            DueItem(_("Action"), action.title, _owner(action.owner), action.due_date, url)
            for action in actions
            for url in [action.get_absolute_url()]
        ]
        + [
            DueItem(_("Content"), piece.title, _owner(piece.owner), piece.due_date, url)
            for piece in pieces
            for url in [piece.get_absolute_url()]
        ],
        key=lambda item: (item.due_date, str(item.kind), item.title),
    )
    return DueWork(
        today=today,
        week_ends=week_ends,
        overdue=[item for item in items if item.due_date < today],
        this_week=[item for item in items if item.due_date >= today],
    )


def _owner(user) -> str:
    return user.get_full_name() or user.get_username() if user else ""


@dataclass(frozen=True)
class GoalCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Health:
    """How the strategy is doing: its measurable goals by their latest status, and
    what was spent against what was planned for the same months."""

    goals: list[GoalCount]  # on track, at risk, off track: those with a check-in
    goals_measurable: int
    goals_checked: int
    currency: str
    planned: Decimal  # the whole horizon
    spend: Amounts  # all lines; its variance covers the months with actuals

    @property
    def has_budget(self) -> bool:
        return bool(self.planned) or self.spend.actual is not None


def health(strategy: Strategy) -> Health:
    """The goals' statuses (``results.models.results_of``) and the budget's spend
    against plan (``budget.models.budget_of``); a fixed number of queries."""
    results = results_of(strategy)
    statuses = [result.status for result in results if result.status is not None]
    budget = budget_of(strategy)
    return Health(
        goals=[
            GoalCount(value, label, statuses.count(value))
            for value, label in GoalStatus.choices
            if statuses.count(value)
        ],
        goals_measurable=len(results),
        goals_checked=len(statuses),
        currency=strategy.currency,
        planned=budget.total.planned,
        spend=budget.total,
    )
