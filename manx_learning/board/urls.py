from django.urls import path

from manx_learning.board import views

app_name = "board"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit-trail/", views.audit_trail, name="audit-trail"),
]
