"""The error pages: what went wrong, in words a marketer understands, and a way back.

The root URL configuration names these views as Django's ``handler403``,
``handler404`` and ``handler500``, and the settings name :func:`csrf_failure`
as ``CSRF_FAILURE_VIEW``. A 400 needs no view of our own: Django's renders
``400.html`` with the request and nothing of the error.

A page inside a strategy offers the way back to it, but only to a member: the
strategy is looked up through the access rules, so an outsider gets the same
page as for a strategy that does not exist. No page shows the error or
anything the request carried.
"""

import logging
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from strategy_planner.access import StrategyAccess, get_strategy_access

logger = logging.getLogger(__name__)


def _strategy_uuid(request: HttpRequest) -> UUID | None:
    """The strategy the requested address is inside, if any (exists or not)."""
    match = request.resolver_match
    if match is None:
        # No pattern knows the address (a mistyped step, say); its first two
        # parts may still name a strategy: /strategies/<uuid>/...
        first_two = "/".join(request.path_info.split("/")[:3])
        try:
            match = resolve(f"{first_two}/")
        except Resolver404:
            return None
    return match.kwargs.get("strategy_uuid")


def _member_access(request: HttpRequest) -> StrategyAccess | None:
    """The caller's access to the strategy of the address, when they are a member."""
    strategy_uuid = _strategy_uuid(request)
    # No user when a middleware ahead of the authentication refused the request.
    user = getattr(request, "user", None)
    if strategy_uuid is None or user is None:
        return None
    try:
        return get_strategy_access(user, strategy_uuid)
    except (Http404, PermissionDenied):
        return None


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", {"access": _member_access(request)}, status=403)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a token that no longer holds (the page was open for long,
    or its sender logged in or out in another tab)."""
    context = {"access": _member_access(request), "form_expired": True}
    return render(request, "403.html", context, status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", {"access": _member_access(request)}, status=404)


FALLBACK_500 = (
    '<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">'
    "<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"
)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an unexpected error, drawn without the database or the session.

    What failed may be either of them, so the page is rendered from a small
    context of its own instead of the context processors: the layout shows the
    navigation of someone not logged in, and the way back to a strategy comes
    from the address alone. Should even that fail (a missing static file, say),
    a plain page says the same in the reader's language.
    """
    try:
        match = request.resolver_match
        strategy_uuid = match.kwargs.get("strategy_uuid") if match else None
        context = {
            "request": request,
            "csrf_token": get_token(request),
            "strategy_url": reverse("strategy_planner:overview", args=[strategy_uuid])
            if strategy_uuid
            else None,
        }
        return HttpResponseServerError(render_to_string("500.html", context))
    except Exception:
        logger.exception("The error page could not be drawn; a plain one was sent instead.")
        page = FALLBACK_500.format(
            lang=escape(get_language()),
            dir="rtl" if get_language_bidi() else "ltr",
            title=escape(_("Something went wrong on our side")),
            text=escape(_("Please try again in a few minutes.")),
        )
        return HttpResponseServerError(page)
