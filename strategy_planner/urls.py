from django.contrib import admin
from django.urls import include, path

from strategy_planner import views

app_name = "strategy_planner"

strategy_patterns = [
    path("", views.overview, name="overview"),
    path("basics/", views.basics, name="basics"),
    path("delete/", views.strategy_delete, name="delete"),
    path("members/", views.members, name="members"),
    path("members/<int:member_id>/role/", views.member_update, name="member_update"),
    path("members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
]

app_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("strategies/new/", views.strategy_create, name="create"),
    path("strategies/<uuid:strategy_uuid>/", include(strategy_patterns)),
]

urlpatterns = [
    path("", include((app_patterns, app_name))),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
