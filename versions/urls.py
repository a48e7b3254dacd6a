from django.urls import path

from versions import views

app_name = "versions"

urlpatterns = [
    path("", views.version_list, name="list"),
    path("publish/", views.publish, name="publish"),
    path("compare/", views.compare_view, name="compare"),
    path("activity/", views.activity, name="activity"),
    path("<int:number>/", views.version_detail, name="detail"),
    path("<int:number>/document/", views.version_document, name="document"),
    path("<int:number>/document.pdf", views.version_pdf, name="pdf"),
    path("<int:number>/ask/", views.ask, name="ask"),
    path("<int:number>/answer/", views.answer, name="answer"),
]
