from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("", views.comment_list, name="list"),
    path("on/<str:target>/", views.target, name="target"),
    path("threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("threads/<int:thread_id>/resolve/", views.resolve, name="resolve"),
    path("threads/<int:thread_id>/reopen/", views.reopen, name="reopen"),
    path("<int:comment_id>/edit/", views.comment_edit, name="edit"),
    path("<int:comment_id>/delete/", views.comment_delete, name="delete"),
]
