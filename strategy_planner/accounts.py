"""Password-reset mails, throttled per e-mail address and per client address.

Django's reset form sends a mail to whoever owns the address typed in; without
a limit, anyone could flood a colleague's inbox, or the outgoing mail server.
Every request with a well-formed address counts, whether or not an account
uses it, and a refused request is told so in the same words either way: the
limit never tells who has an account.
"""

import hashlib
from email.headerregistry import Address
from email.utils import parseaddr

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

WINDOW_SECONDS = 60 * 60

TOO_MANY = _(
    "Too many password resets were asked for this address, or from your network, in "
    "the last hour, so nothing was sent this time. Please try again in an hour; an "
    "e-mail sent earlier may still arrive, so check your spam folder too."
)


def take_turn(scope: str, value: str, limit: int) -> bool:
    """Count one request of ``value`` (an address) in ``scope``; False when
    ``limit`` requests were counted within the last hour already.

    Each request holds a cache entry of its own that expires an hour later, so
    the count is of the last hour exactly, whatever the cache: ``add`` is atomic
    on Redis, and nothing relies on ``incr`` keeping an expiry, which the file
    cache's does not. The address is hashed: the cache holds no e-mail address.
    """
    digest = hashlib.sha256(value.encode()).hexdigest()
    keys = [f"password-reset:{scope}:{digest}:{turn}" for turn in range(limit)]
    taken = cache.get_many(keys)
    return any(cache.add(key, 1, WINDOW_SECONDS) for key in keys if key not in taken)


def reset_allowed(request: HttpRequest, email: str) -> bool:
    """Whether a reset mail may go to ``email`` now; counts the request if so.

    The client's own limit is checked first: a client over it cannot use up the
    turns of the addresses it types in.
    """
    client = get_client_ip_address(request) or "unknown"
    return take_turn("client", client, settings.PASSWORD_RESET_LIMIT_PER_CLIENT) and take_turn(
        "address", email.strip().lower(), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    )


def sender() -> str:
    """The From of the app's mails: the address of ``DEFAULT_FROM_EMAIL``, named
    as the reader's language names the app, unless the setting names it itself."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return str(Address(display_name=name or str(_("Strategy Planner")), addr_spec=address))


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    @property
    def from_email(self) -> str:
        return sender()

    def form_valid(self, form):
        if not reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(None, ValidationError(TOO_MANY, code="throttled"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


password_reset = ThrottledPasswordResetView.as_view()
