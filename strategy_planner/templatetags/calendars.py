"""A ``date`` filter that knows the Jalali calendar (installed as a template builtin)."""

import datetime

from django import template
from django.template.defaultfilters import date as django_date

from strategy_planner.calendars import jalali_active, jalali_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if jalali_active() and isinstance(value, datetime.date) and value:
        return jalali_format(value, arg or "DATE_FORMAT")
    return django_date(value, arg)
