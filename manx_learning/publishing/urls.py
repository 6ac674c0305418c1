from django.urls import path

from manx_learning.publishing.feeds import LearningFeed
from manx_learning.publishing.views import gate, public

app_name = "publishing"

urlpatterns = [
    # gate
    path("reviews/<uuid:code>/anonymise/", gate.anonymise, name="anonymise"),
    path("anonymisation/<uuid:code>/", gate.run_detail, name="run"),
    path("anonymisation/<uuid:code>/progress/", gate.run_progress, name="run-progress"),
    path("anonymisation/<uuid:code>/approve/", gate.approve, name="approve"),
    path("anonymisation/<uuid:code>/publish/", gate.publish, name="publish"),
    # public
    path("learning/", public.library, name="library"),
    path("learning/about/", public.about, name="about"),
    path("learning/digest/", public.digest, name="digest"),
    path("learning/digest.txt", public.digest_text, name="digest-text"),
    path("learning/feed.atom", LearningFeed(), name="feed"),
    path("learning/<slug:slug>/", public.item, name="item"),
    path("learning/<slug:slug>/report.pdf", public.pdf, name="pdf"),
]
