"""The interface languages as the language menu offers them."""

from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()


@register.simple_tag
def language_menu() -> list[dict]:
    """Every language of ``LANGUAGES``, named in itself ("فارسی", "Română",
    "English (UK)"), so that a reader finds theirs whatever the page's language."""
    menu = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            menu.append({"code": code, "name": str(name)})
    return menu
