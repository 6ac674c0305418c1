from manx_learning.actions.views import plans, register

app_name = "actions"

urlpatterns = register.urlpatterns + plans.urlpatterns
