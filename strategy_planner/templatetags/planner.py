"""Figures as a marketer reads them, in the language of the page: counts, money in the
strategy's currency, percentages, hours; "—" where missing.

Each filter is one function of strategy_planner/numbers.py, the home of number
formatting for the pages, the document, the charts and the workbook alike. A
number written into CSS, a URL, a data attribute or a form value is not a figure
to read: write it with ``|unlocalize``.
"""

import unicodedata

from django import template
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

from strategy_planner import numbers
from strategy_planner.people import display_name

register = template.Library()

MISSING = numbers.MISSING


@register.filter
def person(user) -> str:
    """A member's name as the app shows it (``strategy_planner.people.display_name``)."""
    return display_name(user)


@register.simple_tag
def forward_arrow() -> str:
    """An arrow from what comes first to what follows it, pointing the way the
    language reads: "100 → 150" in English, "۱۰۰ ← ۱۵۰" in Persian."""
    return numbers.forward_arrow()


@register.filter
def count(value) -> str:
    """A count (leads, visits, pieces): a whole number, never written as money."""
    return numbers.format_count(value)


@register.filter
def number(value) -> str:
    """A figure with decimals only where it has them: 12, 12.5."""
    return numbers.format_number(value)


@register.filter
def money(value, currency: str = "") -> str:
    """An amount with its currency, in the currency's own minor units: €1,234.50, IRR 10,800."""
    if not currency:
        return numbers.format_number(value)
    return numbers.format_money(value, currency)


@register.filter
def amount(value, currency: str) -> str:
    """An amount under a heading that names its currency: 1,234.50, 10,800."""
    return numbers.format_amount(value, currency)


@register.filter
def signed_amount(value, currency: str) -> str:
    """A difference of money under a heading that names its currency: +120.00, -45.50."""
    return numbers.format_signed_amount(value, currency)


@register.filter
def signed_money(value, currency: str) -> str:
    """A difference of money with its currency: +€120.00."""
    return numbers.format_signed_amount(value, currency, with_currency=True)


@register.filter
def percent(value) -> str:
    """A percentage given in percent: 20 → 20%, 20 %, ٪۲۰."""
    return numbers.format_percent(value)


@register.filter
def change(value) -> str:
    """A change in percent with its sign, in order in right-to-left text: +20%."""
    return numbers.format_change(value)


@register.filter
def times(value) -> str:
    """A return on ad spend such as 3.2×, in order in right-to-left text."""
    return numbers.format_times(value)


@register.filter
def hours(value) -> str:
    """Hours of work in the language's words: 12 hours, 12 ore, ۱۲ ساعت."""
    return numbers.format_hours(value)


@register.simple_tag
def figure_range(low, high, currency: str = "") -> str:
    """An age or an income range: 25–40, €30,000–60,000; "—" when both ends are missing."""
    return numbers.format_range(low, high, currency or None)


@register.filter
def in_unit(value, unit: str = "") -> str:
    """A goal's figure in the goal's unit: {{ actual|in_unit:goal.unit }} → 55,900 leads."""
    return numbers.format_in_unit(value, unit)


@register.simple_tag
def goal_figures(goal) -> str:
    """A goal's way from baseline to target in its unit: 2,180 → 2,619 leads a month."""
    return numbers.format_goal_figures(goal.baseline, goal.target, goal.unit)


@register.simple_tag
def comma() -> str:
    """The comma between two parts of a phrase: ", "; Persian "، "."""
    return numbers.list_separator()


@register.filter(is_safe=True, needs_autoescape=True)
def commas(items, autoescape=True) -> str:
    """The items of a list joined as the language joins them: "a, b"; Persian "a، b"."""
    escape = conditional_escape if autoescape else str
    return mark_safe(numbers.list_separator().join(escape(item) for item in items or ()))


@register.filter(is_safe=True, needs_autoescape=True)
def semicolons(items, autoescape=True) -> str:
    """Longer items, each with commas of its own: "a; b"; Persian "a؛ b"."""
    escape = conditional_escape if autoescape else str
    return mark_safe(numbers.semicolon_separator().join(escape(item) for item in items or ()))


@register.simple_tag
def sort_link(current: str, key: str) -> str:
    """The sort parameter a column heading links to: ascending first, then descending."""
    return f"-{key}" if current == key else key


@register.filter
def over_target(asset, target) -> bool:
    """Whether a paid asset's cost per lead is above the strategy's target."""
    return asset.is_over_target_cost(target)


@register.filter
def whole_minutes(value) -> int:
    """A timedelta as whole minutes, rounded up (never "0 minutes")."""
    seconds = int(value.total_seconds()) if value else 0
    return max(1, -(-seconds // 60))


FSI, PDI = numbers.FSI, numbers.PDI


@register.filter(needs_autoescape=True)
def bdi(value, autoescape=True) -> str:
    """User text set apart from the text around it (a list: each item apart, joined
    as the language joins a list), so that a right-to-left name, or a direction
    control character typed into it, cannot reorder what follows.

    The isolation is Unicode's own (FIRST STRONG ISOLATE ... POP DIRECTIONAL
    ISOLATE), which browsers and the PDF renderer both honour: the same effect as
    a ``<bdi>`` element without an inline box per name, which the PDF renderer
    lays out far more slowly (hundreds of them in a long plan)."""
    escape = conditional_escape if autoescape else str
    if value is None or value == "":
        return ""
    items = [value] if isinstance(value, str | Promise) or not hasattr(value, "__iter__") else value
    return mark_safe(numbers.list_separator().join(f"{FSI}{escape(item)}{PDI}" for item in items))


@register.filter
def text_direction(value) -> str:
    """The direction of a reader's text by its first strong character ("rtl" for
    Persian, "ltr" for Latin letters); the page's direction when it has none."""
    for char in str(value or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "rtl" if get_language_bidi() else "ltr"
