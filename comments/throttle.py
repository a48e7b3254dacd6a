"""How many comments one member may write a minute: enough for a lively
discussion, too few to flood a team's inboxes with mentions."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

PER_MINUTE = 10
WINDOW_SECONDS = 60

TOO_MANY = _(
    "You have written many comments in the last minute, so this one was not saved. "
    "Please wait a minute and send it again; what you wrote is still here."
)


def take_turn(user) -> bool:
    """Count one comment of ``user``; False when ``PER_MINUTE`` were counted within
    the last minute already. Each comment holds a cache entry of its own that
    expires a minute later (``add`` is atomic), as the password-reset limit does."""
    keys = [f"comments:turn:{user.pk}:{turn}" for turn in range(PER_MINUTE)]
    taken = cache.get_many(keys)
    return any(cache.add(key, 1, WINDOW_SECONDS) for key in keys if key not in taken)
