"""How the app names a person: the one home of a member's name wherever it is
shown (members, owners of actions and pieces, due work, comments, the document,
the calendar feed)."""


def display_name(user) -> str:
    """The person's name as the app shows it: their full name when they gave one,
    else their username; "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
