"""Jalali (Solar Hijri) dates for Persian readers who choose them.

Templates format dates with Django's ``date`` filter; the project's own
``date`` filter (a template builtin, see templatetags/calendars.py) writes
them in the Jalali calendar when the page or document is in Persian and the
Jalali calendar is chosen: on screen by the reader (a cookie), in the PDF and
the workbook by the strategy's document calendar. Python code formats a date
with :func:`format_date`, a date input reads one typed in the Jalali calendar
with :func:`parse_jalali`, and the content calendar draws the months of the
reader's calendar with :class:`Month`. Dates are stored Gregorian, always.
"""

import calendar
import contextlib
import contextvars
import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import jdatetime
from django.utils import dateformat, formats, translation
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from strategy_planner.numbers import with_digits

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


def shown_calendar() -> str:
    """The calendar dates are shown in now: Jalali for a Persian page or document
    that chose it, Gregorian otherwise."""
    return JALALI if jalali_active() else GREGORIAN


def _jalali_days(year: int, month: int) -> int:
    """The number of days of a Jalali month (Esfand has 30 in a leap year)."""
    if month == 12 and jdatetime.date(year, 1, 1).isleap():
        return 30
    return jdatetime.j_days_in_month[month - 1]


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
    "t": lambda j: str(_jalali_days(j.year, j.month)),
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


# Formats whose dates are read by code (attributes, URLs), not by people: their
# digits stay Latin in every language.
MACHINE_FORMATS = frozenset({"Y-m", "Y-m-d", "c", "U"})


def format_date(value: datetime.date, format_string: str = "DATE_FORMAT") -> str:
    """A date as the ``date`` filter writes it, for messages written in Python: in
    the calendar shown and the language's own digits (Persian ۱۴۰۶/۱/۱۵), unless
    the reader chose Latin digits or the format is one code reads."""
    written = None
    if jalali_active():
        with contextlib.suppress(ValueError):  # before year 1 or after 9377 (Jalali)
            written = jalali_format(value, format_string)
    if written is None:
        written = formats.date_format(value, format_string)
    return written if format_string in MACHINE_FORMATS else with_digits(written)


# Digits a Persian reader may type (Persian and Arabic-Indic), and the marks a
# right-to-left text may carry around them, as a date input reads them.
_TYPED = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789/", "\u200e\u200f\u061c\u202a\u202b\u202c"
)
_JALALI_DATE = re.compile(r"\s*(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*", re.ASCII)


def parse_jalali(text: str) -> datetime.date | None:
    """The Gregorian date of a Jalali date typed as year/month/day (``1406/01/15``,
    ``۱۴۰۶/۱/۱۵``, dashes or dots between too); None when the text is no such date."""
    match = _JALALI_DATE.fullmatch(text.translate(_TYPED))
    if not match:
        return None
    try:
        return jdatetime.date(*(int(part) for part in match.groups())).togregorian()
    except ValueError:  # no such day, or a year jdatetime does not have
        return None


def jalali_input(value: datetime.date) -> str:
    """A date as a Jalali date input shows it and reads it back: ``1406/01/15``."""
    return jalali_format(value, "Y/m/d")


def first_weekday() -> int:
    """The day a week starts on in the active language (Python's numbering,
    Monday 0): Saturday in Persian, Monday in Romanian and British English,
    Sunday in American English (Django's ``FIRST_DAY_OF_WEEK``, Sunday 0)."""
    return (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7


def weekday_names(start: int) -> list[dict]:
    """The days of the week from ``start`` on, named in the active language."""
    names = []
    for day in ((start + offset) % 7 for offset in range(7)):
        short, name = str(WEEKDAYS_ABBR[day]), str(WEEKDAYS[day])
        # Persian names every day in full: nothing to spell out.
        names.append({"short": short, "name": name, "abbreviated": len(short) < len(name)})
    return names


@dataclass(frozen=True, order=True)
class Month:
    """A month of the Gregorian or the Jalali calendar, as the content calendar
    draws it: its days are (Gregorian) dates, its name in a link is ``YYYY-MM``
    in its own calendar, with ``calendar=jalali`` beside a Jalali one."""

    calendar: str
    year: int
    number: int

    @classmethod
    def drawable(cls, name: str) -> tuple["Month", "Month"]:
        """The first and last month of a calendar whose weeks are all dates
        this module can convert: never the first or last year Python or
        jdatetime has."""
        if name == JALALI:
            return cls(JALALI, 1, 2), cls(JALALI, jdatetime.MAXYEAR, 11)
        return cls(GREGORIAN, datetime.MINYEAR + 1, 1), cls(GREGORIAN, datetime.MAXYEAR - 1, 12)

    @classmethod
    def containing(cls, day: datetime.date, name: str) -> "Month":
        """The month of the calendar ``name`` that holds the day (or, for a day
        beyond what the calendar can draw, the nearest it can)."""
        lowest, highest = cls.drawable(name)
        day = min(max(day, lowest.first), highest.last)
        if name == JALALI:
            jalali = jdatetime.date.fromgregorian(date=day)
            return cls(JALALI, jalali.year, jalali.month)
        return cls(GREGORIAN, day.year, day.month)

    @classmethod
    def parse(cls, text: str, name: str) -> "Month | None":
        """The month a link names (``YYYY-MM``, in the calendar ``name``); None
        when the text names none."""
        match = re.fullmatch(r"(\d{1,4})-(\d{1,2})", text, re.ASCII)
        if not match or not 1 <= int(match[2]) <= 12:
            return None
        return cls(JALALI if name == JALALI else GREGORIAN, int(match[1]), int(match[2]))

    def clamp(self, lowest: "Month", highest: "Month") -> "Month":
        return min(max(self, lowest), highest)

    def in_calendar(self, name: str) -> "Month":
        """The month of the calendar ``name`` that holds this month's first day."""
        if name == self.calendar:
            return self
        return Month.containing(self.clamp(*Month.drawable(self.calendar)).first, name)

    def _shifted(self, months: int) -> "Month":
        index = self.year * 12 + self.number - 1 + months
        return Month(self.calendar, index // 12, index % 12 + 1)

    @property
    def previous(self) -> "Month":
        return self._shifted(-1)

    @property
    def following(self) -> "Month":
        return self._shifted(1)

    @property
    def first(self) -> datetime.date:
        if self.calendar == JALALI:
            return jdatetime.date(self.year, self.number, 1).togregorian()
        return datetime.date(self.year, self.number, 1)

    @property
    def last(self) -> datetime.date:
        if self.calendar == JALALI:
            return jdatetime.date(
                self.year, self.number, _jalali_days(self.year, self.number)
            ).togregorian()
        return datetime.date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])

    @property
    def query(self) -> str:
        """The query string of a link to this month."""
        marker = {"calendar": JALALI} if self.calendar == JALALI else {}
        return urlencode({"month": f"{self.year:04d}-{self.number:02d}", **marker})

    def weeks(self, start: int) -> list[list[datetime.date]]:
        """The weeks that hold the month's days, each from the weekday ``start``
        (Monday 0) on; the first and last also hold days of the months around."""
        before = (self.first.weekday() - start) % 7
        after = (start + 6 - self.last.weekday()) % 7
        begin = self.first - datetime.timedelta(days=before)
        days = (self.last - self.first).days + 1 + before + after
        every = [begin + datetime.timedelta(days=n) for n in range(days)]
        return [every[n : n + 7] for n in range(0, days, 7)]


class CalendarMiddleware:
    """The reader's calendar (a cookie) for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.calendar = request.COOKIES.get(COOKIE, GREGORIAN)
        with use_calendar(request.calendar):
            return self.get_response(request)
