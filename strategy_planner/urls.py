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
    path("goals/", views.goals, name="goals"),
    path("goals/funnel/", views.funnel, name="funnel"),
    path("goals/funnel/save/", views.funnel_save, name="funnel_save"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:goal_id>/move/", views.goal_move, name="goal_move"),
    path("consolidate/", views.consolidate, name="consolidate"),
    path("consolidate/actions/new/", views.action_create, name="action_create"),
    path("consolidate/actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("consolidate/actions/<int:action_id>/delete/", views.action_delete, name="action_delete"),
    path("document/", views.document_preview, name="document"),
    path("document.pdf", views.document_pdf, name="document_pdf"),
    path("document.pdf/<uuid:job>/", views.document_pdf_progress, name="document_pdf_progress"),
    path("summary/", views.summary, name="summary"),
    path("summary.pdf", views.summary_pdf_view, name="summary_pdf"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("content-plan.xlsx", views.export_plan_xlsx, name="export_plan_xlsx"),
    path("import/", views.import_xlsx, name="import"),
    path("import/apply/", views.import_apply, name="import_apply"),
    path("share/", views.share_links, name="share_links"),
    path("share/<int:link_id>/revoke/", views.share_revoke, name="share_revoke"),
]

app_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("strategies/new/", views.strategy_create, name="create"),
    path("strategies/start/", views.strategy_start, name="start"),
    path("recently-deleted/", views.recently_deleted, name="recently_deleted"),
    path("glossary/", views.glossary, name="glossary"),
    path("calendar/", views.set_calendar, name="set_calendar"),
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

# The apps' own URLs, nested under the strategy they belong to.
strategy_apps = [
    path("personas/", include("personas.urls")),
    path("channels/", include("assets.urls")),
    path("content/", include("content_plan.urls")),
]

urlpatterns = [
    path("", include((app_patterns, app_name))),
    path("strategies/<uuid:strategy_uuid>/", include(strategy_apps)),
    path("shared/<str:token>/", views.share_preview, name="share_preview"),
    path("shared/<str:token>/document.pdf", views.share_pdf, name="share_pdf"),
    path(
        "shared/<str:token>/document.pdf/<uuid:job>/",
        views.share_pdf_progress,
        name="share_pdf_progress",
    ),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
