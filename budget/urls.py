from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.grid, name="grid"),
    path("start/", views.start, name="start"),
    path("lines/<int:line_id>/months/", views.line_months, name="line_months"),
    path("lines/<int:line_id>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
]
