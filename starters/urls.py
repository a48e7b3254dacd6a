from django.urls import path

from starters import views

app_name = "starters"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("strategies/new/", views.strategy_create, name="create"),
    path("strategies/start/", views.strategy_start, name="start"),
]
