"""Open comment counts on the pages of the lower layers, which load this library
instead of importing the comments app: beside each step in the navigation and
on each item of the lists. One query per page (the counts by target, kept on
the request); nothing at all for a reader without a membership (a share link)."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from comments.forms import MENTION
from comments.models import Thread

register = template.Library()


def open_counts(context) -> dict[str, int] | None:
    access = context.get("access")
    strategy = getattr(access, "strategy", None)
    if strategy is None or getattr(access, "membership", None) is None:
        return None
    request = context.get("request")
    kept = getattr(request, "_open_comment_counts", None) if request is not None else None
    if kept is None:
        kept = {}
        if request is not None:
            request._open_comment_counts = kept
    if strategy.pk not in kept:
        kept[strategy.pk] = Thread.objects.open_counts(strategy)
    return kept[strategy.pk]


@register.inclusion_tag("comments/_step_count.html", takes_context=True)
def step_comments(context, slug: str) -> dict:
    """The open threads of a step and its items, beside the step in the navigation."""
    counts = open_counts(context)
    return {"n": (counts or {}).get(f"steps:{slug}", 0), "slug": slug}


@register.inclusion_tag("comments/_item_link.html", takes_context=True)
def comments_on(context, kind: str, pk=None) -> dict:
    """A link to the comments on one item (``kind`` and its pk), a step
    (``"step"`` and its slug) or the kernel, with its count of open threads."""
    counts = open_counts(context)
    if counts is None:
        return {"shown": False}
    key = kind if pk in (None, "") else f"{kind}-{pk}"
    return {
        "shown": True,
        "n": counts.get(key, 0),
        "key": key,
        "strategy": context["access"].strategy,
    }


@register.filter
def comment_text(text: str) -> str:
    """A comment as typed, escaped, its line breaks kept and each @mention isolated
    (``<bdi>``), so that a Latin username keeps its @ in a Persian sentence."""
    escaped = str(conditional_escape(text))
    marked = MENTION.sub(lambda found: f'<bdi class="mention">@{found.group(1)}</bdi>', escaped)
    return mark_safe(linebreaksbr(marked, autoescape=False))
