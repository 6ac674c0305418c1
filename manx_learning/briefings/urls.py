from django.urls import path

from manx_learning.briefings import views

app_name = "briefings"

urlpatterns = [
    path("briefings/", views.briefing_list, name="briefings"),
    path("briefings/<uuid:code>/", views.briefing_detail, name="briefing"),
    path("briefings/<uuid:code>/edit/", views.briefing_edit, name="briefing-edit"),
    path("briefings/<uuid:code>/briefing.pdf", views.briefing_pdf, name="briefing-pdf"),
    path("briefings/<uuid:code>/publish/", views.briefing_publish, name="briefing-publish"),
    path("briefings/<uuid:code>/send/", views.briefing_send, name="briefing-send"),
    path("briefings/<uuid:code>/sessions/add/", views.briefing_session, name="briefing-session"),
    path(
        "briefings/<uuid:code>/acknowledge/",
        views.briefing_acknowledge,
        name="briefing-acknowledge",
    ),
    path("briefings/<uuid:code>/changes/", views.briefing_changes, name="briefing-changes"),
    path("briefings/<uuid:code>/reach/", views.briefing_reach, name="briefing-reach"),
]
