from manx_learning.assurance.views import assessments, evidence, overview, priorities

app_name = "assurance"

urlpatterns = (
    overview.urlpatterns + evidence.urlpatterns + priorities.urlpatterns + assessments.urlpatterns
)
