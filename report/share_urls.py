"""What a share link opens, for readers without an account: under shared/<token>/."""

from django.urls import path

from report import views

urlpatterns = [
    path("", views.share_preview, name="share_preview"),
    path("document.pdf", views.share_pdf, name="share_pdf"),
    path("document.pdf/<uuid:job>/", views.share_pdf_progress, name="share_pdf_progress"),
]
