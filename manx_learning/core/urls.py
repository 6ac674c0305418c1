from django.urls import path

from manx_learning.core import views

app_name = "core"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("jobs/<uuid:code>/", views.job_page, name="job"),
    path("jobs/<uuid:code>/download", views.job_download, name="job-download"),
]
