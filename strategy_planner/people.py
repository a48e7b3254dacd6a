"""How the app names a person: the one home of a member's name wherever it is
shown (members, owners of actions and pieces, due work, comments, the document,
the calendar feed). Lists of people read their profiles with them
(``select_related("profile")`` or ``.with_profile()``) so that naming each costs
no query."""

from django.core.exceptions import ObjectDoesNotExist


def profile_of(user):
    """The person's profile, or None when they have none yet."""
    try:
        return user.profile
    except ObjectDoesNotExist:
        return None


def display_name(user) -> str:
    """The person's name as the app shows it: the display name they chose, else
    their full name, else their username; "" for nobody."""
    if user is None:
        return ""
    profile = profile_of(user)
    if profile is not None and profile.display_name.strip():
        return profile.display_name.strip()
    return user.get_full_name() or user.get_username()


def job_title(user) -> str:
    profile = profile_of(user) if user is not None else None
    return profile.job_title.strip() if profile is not None else ""
