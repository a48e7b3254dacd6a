"""A strategy's content version: a counter that moves whenever anything in it changes.

The PDF cache is keyed on it, so an unchanged strategy's PDF is found with one
small query instead of reading the whole strategy again. Every model that
belongs to a strategy moves the counter when a row is saved or deleted and
when a many-to-many link changes; code that writes in bulk (``bulk_create``,
``bulk_update``, ``QuerySet.update``) calls :func:`touch` itself.
Saving the strategy itself moves it as well, and a user's name appears in
documents, so renaming a user moves the counter of their strategies too.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

APPS = ("strategy_planner", "personas", "assets", "content_plan")
NAME_FIELDS = {"username", "first_name", "last_name", "email"}


def touch(*strategy_ids) -> None:
    """Move the content version of these strategies (ids; None is ignored)."""
    from strategy_planner.models import Strategy

    ids = {pk for pk in strategy_ids if pk is not None}
    if ids:
        Strategy.objects.filter(pk__in=ids).update(content_version=F("content_version") + 1)


def content_version(strategy) -> int:
    """The strategy's version as saved now (not as the object was loaded): one small query."""
    from strategy_planner.models import Strategy

    return Strategy.objects.values_list("content_version", flat=True).get(pk=strategy.pk)


def _has_strategy(model) -> bool:
    return any(field.name == "strategy" for field in model._meta.concrete_fields)


def _parent_field(model):
    """The foreign key to a row that belongs to a strategy (a step's sequence), or None."""
    return next(
        (
            field
            for field in model._meta.concrete_fields
            if field.many_to_one and _has_strategy(field.related_model)
        ),
        None,
    )


def strategy_id_of(instance) -> int | None:
    """The strategy a row belongs to, directly or through its parent row."""
    if hasattr(instance, "strategy_id"):
        return instance.strategy_id
    parent = _parent_field(type(instance))
    if parent is None:
        return None
    return (
        parent.related_model._base_manager.filter(pk=getattr(instance, parent.attname))
        .values_list("strategy_id", flat=True)
        .first()
    )


def owned_models() -> list[type[models.Model]]:
    """Every model whose rows belong to a strategy (the strategy itself excluded)."""
    from strategy_planner.models import Strategy

    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in APPS
        and model is not Strategy
        and (_has_strategy(model) or _parent_field(model) is not None)
    ]


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(strategy_id_of(instance))


def _deleted(sender, instance, origin=None, **kwargs):
    from strategy_planner.models import Strategy

    # Deleting a whole strategy deletes its rows: nothing is left to version.
    origin_model = getattr(origin, "model", type(origin))
    if origin_model is Strategy:
        return
    strategy_id = strategy_id_of(instance)
    if origin is not None:  # one move per strategy for a delete of many rows
        seen = origin.__dict__.setdefault("_versioned_strategies", set())
        if strategy_id in seen:
            return
        seen.add(strategy_id)
    touch(strategy_id)


def _linked(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        touch(strategy_id_of(instance))


def _strategy_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (created or raw):
        touch(instance.pk)


def _user_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if created or raw or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return  # e.g. the last login time: nothing a document shows
    from strategy_planner.models import Strategy

    Strategy.objects.filter(memberships__user=instance).update(
        content_version=F("content_version") + 1
    )


def connect() -> None:
    from strategy_planner.models import Strategy

    for model in owned_models():
        uid = f"strategy-version:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _linked,
                sender=field.remote_field.through,
                dispatch_uid=f"strategy-version:{model._meta.label}.{field.name}",
            )
    post_save.connect(_strategy_saved, sender=Strategy, dispatch_uid="strategy-version:strategy")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="strategy-version:user")
