"""A ``date`` filter that knows the Jalali calendar (installed as a template builtin)."""

import datetime

from django import template
from django.template.defaultfilters import date as django_date

from strategy_planner import calendars
from strategy_planner.calendars import jalali_active, jalali_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if jalali_active() and isinstance(value, datetime.date) and value:
        try:
            return jalali_format(value, arg or "DATE_FORMAT")
        except ValueError:  # before year 1 or after 9377 of the Jalali calendar
            pass
    return django_date(value, arg)


@register.simple_tag
def shown_calendar() -> str:
    """``{% shown_calendar as calendar %}``: "jalali" where dates are shown in the
    Jalali calendar, "gregorian" elsewhere."""
    return calendars.shown_calendar()
