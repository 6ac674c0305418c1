from django.urls import path  # noqa: F401 - patterns are added as the pages are built

from manx_learning.dataset.views import catalogue, dashboards, opendata, trends

app_name = "dataset"

urlpatterns: list = []
# Analysis pages: dashboards, emerging trends, the indicator catalogue and the public open data.
urlpatterns += (
    dashboards.urlpatterns + trends.urlpatterns + catalogue.urlpatterns + opendata.urlpatterns
)
