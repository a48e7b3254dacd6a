"""Keeping each strategy's content version (``Strategy.content_version``) moving.

Whatever is drawn from a strategy (the PDF, the document preview, the step
completeness) is kept per content version, so an unchanged strategy's PDF is
found with one small query instead of reading the whole strategy again. Every
model whose rows belong to a strategy moves the version when a row is saved
or deleted and when a many-to-many link changes; these receivers are connected
in ``StrategyPlannerConfig.ready()``. Code that writes in bulk (``bulk_create``,
``bulk_update``, ``QuerySet.update``) sends no signals, and calls
``Strategy.objects.filter(...).bump_content_version()`` itself. Saving the
strategy itself moves it as well, and a member's name appears in documents,
so renaming a user moves the version of their strategies too.

A row's own edit version (``EditVersioned.edit_version``), which catches two
people editing the same row, is a different counter.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from strategy_planner.models import (
    SecretLink,
    Strategy,
    has_strategy,
    owning_strategy_id,
    parent_field,
)

NAME_FIELDS = {"username", "first_name", "last_name", "email"}


def owned_models() -> list[type[models.Model]]:
    """Every model whose rows are content of a strategy, whichever app it comes
    from: the strategy itself and its secret links left out (a link is not content),
    and so are models that say ``is_strategy_content = False`` (talk about it, such as
    comments)."""
    return [
        model
        for model in apps.get_models()
        if model is not Strategy
        and not issubclass(model, SecretLink)
        and getattr(model, "is_strategy_content", True)
        and (has_strategy(model) or parent_field(model) is not None)
    ]


def _bump(strategy_id) -> None:
    if strategy_id is not None:
        Strategy.objects.filter(pk=strategy_id).bump_content_version()


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _bump(owning_strategy_id(instance))


def _deleted(sender, instance, origin=None, **kwargs):
    # Deleting a whole strategy deletes its rows: nothing is left to version.
    origin_model = getattr(origin, "model", type(origin))
    if origin_model is Strategy:
        return
    strategy_id = owning_strategy_id(instance)
    if origin is not None:  # one move per strategy for a delete of many rows
        seen = origin.__dict__.setdefault("_versioned_strategies", set())
        if strategy_id in seen:
            return
        seen.add(strategy_id)
    _bump(strategy_id)


def _linked(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _bump(owning_strategy_id(instance))


def _strategy_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (created or raw):
        _bump(instance.pk)


def _user_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if created or raw or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return  # e.g. the last login time: nothing a document shows
    Strategy.objects.filter(memberships__user=instance).bump_content_version()


def connect() -> None:
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
