"""``{% load agenda %}``: what is due, for the strategy's overview (a page of the
ground, which names this library rather than importing the report)."""

from django import template

from report.agenda import due_work as _due_work
from report.agenda import health as _health

register = template.Library()


@register.simple_tag
def due_work(strategy):
    """``{% due_work strategy as due %}``: ``report.agenda.due_work`` for today."""
    return _due_work(strategy)


@register.simple_tag
def health(strategy):
    """``{% health strategy as health %}``: ``report.agenda.health``."""
    return _health(strategy)
