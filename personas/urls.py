from django.urls import path

from personas import views

app_name = "personas"

urlpatterns = [
    path("", views.step, name="step"),
    path("new/", views.persona_create, name="create"),
    path("copy/", views.persona_copy, name="copy"),
    path("brand-voice/", views.brand_voice, name="brand_voice"),
    path("<int:persona_id>/edit/", views.persona_edit, name="edit"),
    path("<int:persona_id>/duplicate/", views.persona_duplicate, name="duplicate"),
    path("<int:persona_id>/delete/", views.persona_delete, name="delete"),
    path("<int:persona_id>/move/", views.persona_move, name="move"),
]
