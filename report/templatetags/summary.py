"""``{% load summary %}``: the one-page summary's shortening, which always says so."""

from dataclasses import dataclass

from django import template
from django.utils.text import Truncator

register = template.Library()


@dataclass(frozen=True)
class Part:
    text: str
    cut: bool  # words were left out: the page says where the rest is


@register.simple_tag
def shorten(value, words: int) -> Part:
    """``{% shorten text 70 as part %}``: at most ``words`` words of ``value``
    ("…" where it stops), and whether any were left out."""
    value = str(value or "")
    short = Truncator(value).words(words, truncate="…")
    return Part(short, short != value)
