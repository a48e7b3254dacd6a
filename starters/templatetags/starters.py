"""Template tags of the starting points, for the wizard's pages."""

from django import template

from starters.templates import TEMPLATES_BY_KEY

register = template.Library()


@register.simple_tag
def step_example(strategy, step: str) -> dict | None:
    """An example for this step from the template the strategy was started from:
    the template's name and the example, or None."""
    template = TEMPLATES_BY_KEY.get(getattr(strategy, "template", ""))
    text = template.example(step) if template else ""
    return {"template": template.title, "text": text} if text else None
