from manx_learning.publishing.views import gate, public

app_name = "publishing"

urlpatterns = gate.urlpatterns + public.urlpatterns
