from manx_learning.reviews.views import chronology, lifecycle, work

app_name = "reviews"

urlpatterns = lifecycle.urlpatterns + work.urlpatterns + chronology.urlpatterns
