"""How the strategy is doing, for its overview: its goals' statuses, its spend
against plan, and who does what by when (the coherent actions and content pieces
that have a due date and are not done yet: an action not ticked done, a piece not
published), split into what is overdue and what is due by the end of this week.

The dashboard shows the same for every strategy of its reader: ``health_of_many``
and ``due_counts_of_many`` read them all at once with a fixed number of queries,
and the overview's ``health`` and ``due_work`` share their rules."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget.models import spend_of_many
from budget.rules import Amounts
from content_plan.models import ContentPiece, Status
from report.models import CoherentAction
from results.models import results_of_many
from results.rules import GoalResults
from results.rules import Status as GoalStatus
from strategy_planner.calendars import first_weekday
from strategy_planner.models import Strategy
from strategy_planner.people import display_name


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


def _open_actions(actions: QuerySet, week_ends: datetime.date) -> QuerySet:
    """The actions due by ``week_ends`` (overdue ones too) and not ticked done."""
    return actions.filter(done=False, due_date__lte=week_ends)


def _open_pieces(pieces: QuerySet, week_ends: datetime.date) -> QuerySet:
    """The content pieces due by ``week_ends`` (overdue ones too) and not published."""
    return pieces.exclude(status=Status.PUBLISHED).filter(due_date__lte=week_ends)


def due_work(strategy: Strategy, today: datetime.date | None = None) -> DueWork:
    """What is overdue and what is due by the end of this week, earliest first;
    two queries."""
    today = today or timezone.localdate()
    week_ends = end_of_week(today)
    pieces = _open_pieces(strategy.content_pieces.all(), week_ends).select_related("owner__profile")
    actions = _open_actions(strategy.actions.all(), week_ends).select_related("owner__profile")
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


@dataclass(frozen=True)
class DueCount:
    """How many of a strategy's actions and pieces ``due_work`` lists as overdue and
    as due this week."""

    week_ends: datetime.date
    overdue: int = 0
    this_week: int = 0

    def __bool__(self) -> bool:
        return bool(self.overdue or self.this_week)


def due_counts_of_many(
    strategies: Iterable[Strategy], today: datetime.date | None = None
) -> dict[int, DueCount]:
    """For each strategy, by id, how many items ``due_work`` lists as overdue and as
    due this week; two queries however many strategies there are."""
    strategies = list(strategies)
    today = today or timezone.localdate()
    week_ends = end_of_week(today)
    counts = {strategy.pk: [0, 0] for strategy in strategies}
    for due in (
        _open_actions(CoherentAction.objects.filter(strategy__in=strategies), week_ends),
        _open_pieces(ContentPiece.objects.filter(strategy__in=strategies), week_ends),
    ):
        for strategy_id, overdue, this_week in (
            due.order_by()
            .values("strategy_id")
            .annotate(
                overdue=Count("pk", filter=Q(due_date__lt=today)),
                this_week=Count("pk", filter=Q(due_date__gte=today)),
            )
            .values_list("strategy_id", "overdue", "this_week")
        ):
            counts[strategy_id][0] += overdue
            counts[strategy_id][1] += this_week
    return {
        strategy_id: DueCount(week_ends, overdue, this_week)
        for strategy_id, (overdue, this_week) in counts.items()
    }


def _owner(user) -> str:
    return display_name(user)


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
    """The goals' statuses and the spend against plan of one strategy (its
    overview); ``health_of_many`` for it alone, so that the overview and the
    dashboard never disagree."""
    return health_of_many([strategy])[strategy.pk]


def health_of_many(strategies: Iterable[Strategy]) -> dict[int, Health]:
    """Each strategy's health, by id: its goals' statuses (``results.models.
    results_of_many``, the figures of ``results_of``) and its spend against plan
    (``budget.models.spend_of_many``, the total of ``budget_of``); five queries
    however many strategies there are."""
    strategies = list(strategies)
    results = results_of_many(strategies)
    spend = spend_of_many(strategies)
    return {
        strategy.pk: _health(strategy, results[strategy.pk], spend[strategy.pk])
        for strategy in strategies
    }


def _health(strategy: Strategy, results: list[GoalResults], spend: Amounts) -> Health:
    statuses = [result.status for result in results if result.status is not None]
    return Health(
        goals=[
            GoalCount(value, label, statuses.count(value))
            for value, label in GoalStatus.choices
            if statuses.count(value)
        ],
        goals_measurable=len(results),
        goals_checked=len(statuses),
        currency=strategy.currency,
        planned=spend.planned,
        spend=spend,
    )
