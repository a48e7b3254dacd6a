"""``{% once_token %}``: a fresh one-time token for a form that adds a row, so that
the same form sent twice adds it once (``strategy_planner.views.inline_add``)."""

import secrets

from django import template

register = template.Library()


@register.simple_tag
def once_token() -> str:
    return secrets.token_urlsafe(18)
