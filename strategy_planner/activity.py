"""Who changed what: the person and the way behind each edit, for the activity log.

An edit of shared content (any :class:`~strategy_planner.models.EditVersioned`
row: added, saved or deleted) is written to the log (:class:`~strategy_planner.
models.Edit`) by the model itself, so that every form, delete page and import is
recorded without each of them having to remember it. The model does not know who
is editing: ``ActivityMiddleware`` says so for the length of a request, and
``acting`` for code outside one. Outside both nothing is recorded: loading the
demo or restoring a backup is nobody's edit.

An import says how the edits came (``by_way_of``), so that the log reads "from
the workbook" beside them.
"""

import contextlib
import contextvars

_actor = contextvars.ContextVar("activity_actor", default=None)
_way = contextvars.ContextVar("activity_way", default="")


def actor():
    """The signed-in person editing now, or None."""
    user = _actor.get()
    if user is None or not user.is_authenticated:
        return None
    return user


def way() -> str:
    """How the edits now being made came: "" (a page of the app) or an import's
    :class:`~strategy_planner.models.Edit.Way`."""
    return _way.get()


@contextlib.contextmanager
def acting(user):
    """Edits made inside are ``user``'s."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


@contextlib.contextmanager
def by_way_of(name: str):
    """Edits made inside came by ``name`` (an :class:`Edit.Way`)."""
    token = _way.set(name)
    try:
        yield
    finally:
        _way.reset(token)


class ActivityMiddleware:
    """The request's user is the one editing, for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(getattr(request, "user", None)):
            return self.get_response(request)
