"""A ``date`` filter that knows the Jalali calendar (installed as a template builtin)."""

import datetime

from django import template
from django.template.defaultfilters import date as django_date

from strategy_planner import calendars
from strategy_planner.calendars import format_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``date`` filter in the calendar shown and, as figures are, in the
    language's own digits (``calendars.format_date``)."""
    if isinstance(value, datetime.date) and value:
        try:
            return format_date(value, arg or "DATE_FORMAT")
        except (TypeError, ValueError):
            pass
    return django_date(value, arg)


@register.simple_tag
def shown_calendar() -> str:
    """``{% shown_calendar as calendar %}``: "jalali" where dates are shown in the
    Jalali calendar, "gregorian" elsewhere."""
    return calendars.shown_calendar()
