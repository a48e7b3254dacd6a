from django.urls import path

from content_plan import views

app_name = "content_plan"

urlpatterns = [
    path("", views.audit, name="audit"),
    path("audit/<int:piece_id>/edit/", views.audit_edit, name="audit_edit"),
    path("audit/<int:piece_id>/delete/", views.audit_delete, name="audit_delete"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps/<int:gap_id>/plan/", views.gap_plan, name="gap_plan"),
    path("gaps/<int:gap_id>/delete/", views.gap_delete, name="gap_delete"),
    path("plan/", views.plan, name="plan"),
    path("plan/new/", views.piece_create, name="piece_create"),
    path("plan/<int:piece_id>/edit/", views.piece_edit, name="piece_edit"),
    path("plan/<int:piece_id>/duplicate/", views.piece_duplicate, name="piece_duplicate"),
    path("plan/<int:piece_id>/move/", views.piece_move, name="piece_move"),
    path("plan/<int:piece_id>/delete/", views.piece_delete, name="piece_delete"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/link/", views.feed_create, name="feed_create"),
    path("calendar/link/revoke/", views.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("sequences/", views.sequences, name="sequences"),
    path("sequences/<int:sequence_id>/", views.sequence, name="sequence"),
    path("sequences/<int:sequence_id>/delete/", views.sequence_delete, name="sequence_delete"),
    path("sequences/<int:sequence_id>/check/", views.step_check, name="step_check"),
    path("sequences/<int:sequence_id>/steps/new/", views.step_create, name="step_create"),
    path(
        "sequences/<int:sequence_id>/steps/<int:step_id>/edit/",
        views.step_edit,
        name="step_edit",
    ),
    path(
        "sequences/<int:sequence_id>/steps/<int:step_id>/delete/",
        views.step_delete,
        name="step_delete",
    ),
]
