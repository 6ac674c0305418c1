from manx_learning.audits.views import programmes, tools

app_name = "audits"

urlpatterns = tools.urlpatterns + programmes.urlpatterns
