from django.urls import path

from manx_learning.actions.views import plans, register

app_name = "actions"

urlpatterns = [
    # register
    path("recommendations/", register.register, name="register"),
    path("recommendations/add/", register.recommendation_add, name="recommendation-add"),
    path("recommendations/similar/", register.similar, name="similar"),
    path("recommendations/clusters/", register.clusters, name="clusters"),
    path("recommendations/annual/", register.annual, name="annual"),
    # plans
    path("recommendations/<uuid:code>/", plans.recommendation_detail, name="recommendation"),
    path("recommendations/<uuid:code>/actions/add/", plans.action_add, name="action-add"),
    path("actions/", plans.my_actions, name="my-actions"),
    path("actions/<uuid:code>/", plans.action_detail, name="action"),
    path("actions/<uuid:code>/evidence/add/", plans.evidence_add, name="evidence-add"),
    path(
        "actions/evidence/<uuid:code>/download/", plans.evidence_download, name="evidence-download"
    ),
    path("actions/<uuid:code>/assure/", plans.assure, name="assure"),
    path("actions/<uuid:code>/send-back/", plans.send_back, name="send-back"),
    path("panel/pack/", plans.pack, name="pack"),
    path("panel/meetings/add/", plans.meeting_add, name="meeting-add"),
]
