"""The one place that decides who may read or change a strategy.

Every view that shows or changes anything belonging to a strategy is wrapped
in :func:`strategy_view`, which finds the strategy through the caller's
membership, or in :func:`link_view` for the read-only secret links (a share
link, a member's calendar feed). Outsiders get 404 (they must not learn that
the strategy exists); members whose role is too low get 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
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


def get_link_access(links: QuerySet, token: str, strategy_uuid: UUID | str | None = None):
    """Read-only access through a secret link, or 404.

    ``links`` are the rows that may hold the token: each with a ``token`` and a
    ``strategy`` (a share link, a calendar feed), already narrowed to the ones
    that still work. A link given to one member (it has a ``user``) stops
    working when that member leaves the strategy; a link of another strategy
    (when the URL names one) is as good as no link.
    """
    found = links.select_related("strategy").filter(token=token, strategy__deleted_at__isnull=True)
    if strategy_uuid is not None:
        found = found.filter(strategy__uuid=strategy_uuid)
    link = found.first()
    if link is None:
        raise Http404("No such link.")
    membership = None
    if hasattr(link, "user_id"):
        membership = Membership.objects.filter(strategy=link.strategy, user_id=link.user_id).first()
        if membership is None:
            raise Http404("No such link.")
    return StrategyAccess(strategy=link.strategy, role=Role.VIEWER, membership=membership)


def link_view(links: Callable[[], QuerySet]) -> Callable:
    """Wrap a read-only view taking ``(request, access, token, ...)`` for a URL with a
    secret link's ``token`` (and, for some links, the ``strategy_uuid``).

    ``links()`` returns the rows that may hold the token (see
    :func:`get_link_access`). Nothing is ever changed through a link: every
    method but GET and HEAD is refused before the token is looked at.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, token: str, *args, strategy_uuid=None, **kwargs):
            if request.method not in SAFE_METHODS:
                raise PermissionDenied
            access = get_link_access(links(), token, strategy_uuid)
            return view(request, access, token, *args, **kwargs)

        return wrapped

    return decorator
