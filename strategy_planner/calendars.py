"""Jalali (Solar Hijri) dates for Persian readers who choose them.

Templates format dates with Django's ``date`` filter; the project's own
``date`` filter (a template builtin, see templatetags/calendars.py) writes
them in the Jalali calendar when the page or document is in Persian and the
Jalali calendar is chosen: on screen by the reader (a cookie), in the PDF by
the strategy's document calendar.
"""

import contextlib
import contextvars
import datetime

import jdatetime
from django.utils import dateformat, formats, translation

GREGORIAN = "gregorian"
JALALI = "jalali"
COOKIE = "calendar"

_active = contextvars.ContextVar("calendar", default=GREGORIAN)


@contextlib.contextmanager
def use_calendar(name: str):
    token = _active.set(name if name in (GREGORIAN, JALALI) else GREGORIAN)
    try:
        yield
    finally:
        _active.reset(token)


def jalali_active() -> bool:
    return _active.get() == JALALI and (translation.get_language() or "").startswith("fa")


def _parts(value) -> tuple[jdatetime.date, object]:
    day = value.date() if isinstance(value, datetime.datetime) else value
    return jdatetime.date.fromgregorian(date=day), value


CODES = {
    "d": lambda j: f"{j.day:02d}",
    "j": lambda j: str(j.day),
    "m": lambda j: f"{j.month:02d}",
    "n": lambda j: str(j.month),
    "Y": lambda j: str(j.year),
    "y": lambda j: f"{j.year % 100:02d}",
    "F": lambda j: jdatetime.date.j_months_fa[j.month - 1],
    "N": lambda j: jdatetime.date.j_months_fa[j.month - 1],
    "E": lambda j: jdatetime.date.j_months_fa[j.month - 1],
    "M": lambda j: jdatetime.date.j_months_fa[j.month - 1],
    "b": lambda j: jdatetime.date.j_months_fa[j.month - 1],
    "l": lambda j: jdatetime.date.j_weekdays_fa[j.weekday()],
    "D": lambda j: jdatetime.date.j_weekdays_fa[j.weekday()],
    "t": lambda j: str(j.daysinmonth),
    "L": lambda j: "1" if j.isleap() else "0",
}


def jalali_format(value, format_string: str) -> str:
    """Format a date the way Django's ``date`` filter would, in the Jalali calendar."""
    format_string = formats.get_format(format_string) if format_string.isupper() else format_string
    jalali, original = _parts(value)
    output = []
    escaped = False
    for char in format_string:
        if escaped:
            output.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in CODES:
            output.append(CODES[char](jalali))
        elif char.isalpha():
            output.append(dateformat.format(original, char))  # times and the like
        else:
            output.append(char)
    return "".join(output)


class CalendarMiddleware:
    """The reader's calendar (a cookie) for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.calendar = request.COOKIES.get(COOKIE, GREGORIAN)
        with use_calendar(request.calendar):
            return self.get_response(request)
