from django.urls import path

from results import views

app_name = "results"

urlpatterns = [
    path("", views.page, name="page"),
    path("check-ins/<int:check_in_id>/edit/", views.check_in_edit, name="check_in_edit"),
    path("check-ins/<int:check_in_id>/delete/", views.check_in_delete, name="check_in_delete"),
    path("check-ins/import/", views.check_ins_import, name="check_ins_import"),
    path("goals/<int:goal_id>/milestones/", views.milestones, name="milestones"),
]
