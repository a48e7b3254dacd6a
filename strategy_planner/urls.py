"""The root URL configuration: every app's URLs, those of one strategy nested under it."""

from django.contrib import admin
from django.urls import include, path

from strategy_planner import accounts, errors, views

app_name = "strategy_planner"

strategy_patterns = [
    path("", views.overview, name="overview"),
    path("basics/", views.basics, name="basics"),
    path("delete/", views.strategy_delete, name="delete"),
    path("members/", views.members, name="members"),
    path("members/<int:member_id>/role/", views.member_update, name="member_update"),
    path("members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("goals/", views.goals, name="goals"),
    path("goals/funnel/", views.funnel, name="funnel"),
    path("goals/funnel/save/", views.funnel_save, name="funnel_save"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:goal_id>/move/", views.goal_move, name="goal_move"),
]

app_patterns = [
    path("recently-deleted/", views.recently_deleted, name="recently_deleted"),
    path("glossary/", views.glossary, name="glossary"),
    path("calendar/", views.set_calendar, name="set_calendar"),
    path("digits/", views.set_digits, name="set_digits"),
    path(
        "recently-deleted/<uuid:strategy_uuid>/restore/",
        views.strategy_restore,
        name="restore",
    ),
    path(
        "recently-deleted/<uuid:strategy_uuid>/delete/",
        views.strategy_purge,
        name="purge",
    ),
    path("strategies/<uuid:strategy_uuid>/", include(strategy_patterns)),
]

# The apps' own URLs of one strategy, nested under it.
strategy_apps = [
    path("personas/", include("personas.urls")),
    path("channels/", include("assets.urls")),
    path("content/", include("content_plan.urls")),
    path("budget/", include("budget.urls")),
    path("results/", include("results.urls")),
    path("versions/", include("versions.urls")),
    path("comments/", include("comments.urls")),
    path("", include("report.urls")),
]

urlpatterns = [
    path("", include("starters.urls")),
    path("", include((app_patterns, app_name))),
    path("strategies/<uuid:strategy_uuid>/", include(strategy_apps)),
    path("shared/<str:token>/", include("report.share_urls")),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    # Before Django's own: the same form, with password-reset mails throttled.
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# The error pages (strategy_planner/errors.py), in the layout and the reader's
# language. A 400 keeps Django's view, which renders templates/400.html with the
# request. The 500 view is our own rather than Django's (which renders 500.html
# with no context at all, so the layout could not mirror for Persian nor offer a
# way back): it draws the page from a small context that needs neither the
# database nor the session, and falls back to a plain page if even that fails.
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
