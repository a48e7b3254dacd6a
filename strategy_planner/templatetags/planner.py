"""Figures as a marketer reads them: grouped in the user's locale, "—" where missing."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

register = template.Library()

MISSING = "—"


@register.simple_tag
def forward_arrow() -> str:
    """An arrow from what comes first to what follows it, pointing the way the
    language reads: "100 → 150" in English, "۱۰۰ ← ۱۵۰" in Persian (the arrow
    characters are not mirrored by the bidi algorithm)."""
    return "←" if get_language_bidi() else "→"


@register.filter
def count(value) -> str:
    return MISSING if value is None else floatformat(value, "0g")


@register.filter
def money(value) -> str:
    return MISSING if value is None else floatformat(value, "2g")


@register.filter
def percent(value) -> str:
    return MISSING if value is None else f"{floatformat(value, '-1g')}%"


@register.filter
def times(value) -> str:
    """A return on ad spend such as 3.2×."""
    return MISSING if value is None else f"{floatformat(value, '-2g')}×"


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


FSI, PDI = "\u2068", "\u2069"


@register.filter(needs_autoescape=True)
def bdi(value, autoescape=True) -> str:
    """User text set apart from the text around it (a list: each item apart), so that
    a right-to-left name, or a direction control character typed into it, cannot
    reorder what follows.

    The isolation is Unicode's own (FIRST STRONG ISOLATE ... POP DIRECTIONAL
    ISOLATE), which browsers and the PDF renderer both honour: the same effect as
    a ``<bdi>`` element without an inline box per name, which the PDF renderer
    lays out far more slowly (hundreds of them in a long plan)."""
    escape = conditional_escape if autoescape else str
    if value is None or value == "":
        return ""
    items = value if isinstance(value, list | tuple) else [value]
    return mark_safe(", ".join(f"{FSI}{escape(item)}{PDI}" for item in items))
