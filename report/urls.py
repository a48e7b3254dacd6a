from django.urls import path

from report import views

app_name = "report"

urlpatterns = [
    path("consolidate/", views.consolidate, name="consolidate"),
    path("consolidate/actions/new/", views.action_create, name="action_create"),
    path("consolidate/actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("consolidate/actions/<int:action_id>/delete/", views.action_delete, name="action_delete"),
    path("document/", views.document_preview, name="document"),
    path("document/look/", views.document_look, name="document_look"),
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
