from manx_learning.briefings import views

app_name = "briefings"

urlpatterns = views.urlpatterns
