from manx_learning.publishing.views import briefings, gate, public

app_name = "publishing"

urlpatterns = gate.urlpatterns + public.urlpatterns + briefings.urlpatterns
