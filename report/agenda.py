"""Who does what by when: the coherent actions and content pieces that have a due
date and are not done yet (an action not ticked done, a piece not published),
split into what is overdue and what is due by the end of this week. The strategy's
overview shows them; the calendar feed carries each piece's owner."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content_plan.models import Status
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
