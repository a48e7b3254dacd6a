"""The one place that decides who may read or change a strategy.

Every view that shows or changes anything belonging to a strategy is wrapped
in :func:`strategy_view`, which finds the strategy through the caller's
membership. Outsiders get 404 (they must not learn that the strategy
exists); members whose role is too low get 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from strategy_planner.models import ROLE_RANK, Membership, Role, Strategy

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class StrategyAccess:
    """What the current caller may do with one strategy."""

    strategy: Strategy
    role: str
    membership: Membership | None = None

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def can_edit(self) -> bool:
        return self.has_role(Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def get_strategy_access(user, strategy_uuid: UUID | str, required_role: str = Role.VIEWER):
    """Return the caller's access to the strategy, or raise 404 / 403."""
    membership = (
        Membership.objects.select_related("strategy")
        .filter(strategy__uuid=strategy_uuid, strategy__deleted_at__isnull=True, user_id=user.pk)
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404("No such strategy.")
    access = StrategyAccess(
        strategy=membership.strategy, role=membership.role, membership=membership
    )
    if not access.has_role(required_role):
        raise PermissionDenied
    return access


def strategy_view(read: str = Role.VIEWER, write: str = Role.EDITOR) -> Callable:
    """Wrap a view taking ``(request, access, ...)`` for a URL with ``strategy_uuid``.

    ``read`` is the role needed for GET/HEAD, ``write`` the role needed for
    every other method.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, strategy_uuid: UUID, *args, **kwargs) -> HttpResponse:
            required = read if request.method in SAFE_METHODS else write
            access = get_strategy_access(request.user, strategy_uuid, required)
            return view(request, access, *args, **kwargs)

        return wrapped

    return decorator


def deleted_strategy_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a view taking ``(request, strategy)`` for a strategy in "Recently deleted".

    Only its owners reach it, and only while it can still be restored; for
    everybody else it does not exist (404).
    """

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, strategy_uuid: UUID, *args, **kwargs) -> HttpResponse:
        strategy = (
            Strategy.objects.deleted_for_owner(request.user).filter(uuid=strategy_uuid).first()
        )
        if strategy is None:
            raise Http404("No such strategy.")
        return view(request, strategy, *args, **kwargs)

    return wrapped


def get_feed_access(strategy_uuid: UUID | str, token: str) -> StrategyAccess:
    """Access through a member's private calendar link, or 404.

    The link stops working when it is revoked (deleted) or when its member
    leaves the strategy; a link of another strategy is as good as no link.
    """
    from content_plan.models import CalendarFeed

    feed = (
        CalendarFeed.objects.select_related("strategy")
        .filter(strategy__uuid=strategy_uuid, strategy__deleted_at__isnull=True, token=token)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    membership = Membership.objects.filter(strategy=feed.strategy, user_id=feed.user_id).first()
    if membership is None:
        raise Http404("No such calendar.")
    return StrategyAccess(strategy=feed.strategy, role=Role.VIEWER, membership=membership)


def get_share_access(token: str) -> StrategyAccess:
    """Access through a read-only share link, or 404 when it is unknown, revoked or expired."""
    from strategy_planner.models import ShareLink

    link = (
        ShareLink.objects.usable()
        .select_related("strategy")
        .filter(token=token, strategy__deleted_at__isnull=True)
        .first()
    )
    if link is None:
        raise Http404("No such link.")
    return StrategyAccess(strategy=link.strategy, role=Role.VIEWER)


def share_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a view taking ``(request, access, token)`` for a URL with a share ``token``."""

    @wraps(view)
    def wrapped(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            raise PermissionDenied
        return view(request, get_share_access(token), token, *args, **kwargs)

    return wrapped
