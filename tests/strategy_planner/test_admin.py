import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import BuyerPersonaFactory, GoalFactory, UserFactory

OUR_APPS = {"strategy_planner", "personas", "assets", "content_plan"}
OUR_MODELS = [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_in_the_admin():
    from django.apps import apps

    ours = {
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not model._meta.auto_created
    }
    assert ours == set(OUR_MODELS)


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model._meta.label)
def test_admin_lists_searches_and_opens(client, team, model):
    BuyerPersonaFactory(strategy=team.strategy)
    GoalFactory(strategy=team.strategy)
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "a"}).status_code == 200
    instance = model.objects.first()
    if instance is not None:
        change = reverse("admin:{}_{}_change".format(*info), args=[instance.pk])
        assert client.get(change).status_code == 200
