from django.urls import path

from assets import views

app_name = "assets"

urlpatterns = [
    path("", views.inventory, name="inventory"),
    path("period/", views.audit_period, name="period"),
    path("<int:asset_id>/edit/", views.asset_edit, name="edit"),
    path("<int:asset_id>/row/", views.asset_row, name="row"),
    path("<int:asset_id>/delete/", views.asset_delete, name="delete"),
    path("earned/", views.earned, name="earned"),
    path("<int:asset_id>/move/", views.asset_move, name="move"),
    path("<int:asset_id>/why/", views.why_it_works, name="why"),
    path("paid/", views.paid, name="paid"),
    path("<int:asset_id>/decide/", views.decide, name="decide"),
]
