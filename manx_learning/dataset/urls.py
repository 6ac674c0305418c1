from django.urls import path  # noqa: F401 - patterns are added as the pages are built

from manx_learning.dataset.views import (
    api,
    catalogue,
    dashboards,
    opendata,
    returns,
    tokens,
    trends,
)

app_name = "dataset"

urlpatterns: list = []
# Analysis pages: dashboards, emerging trends, the indicator catalogue and the public open data.
urlpatterns += (
    dashboards.urlpatterns + trends.urlpatterns + catalogue.urlpatterns + opendata.urlpatterns
)
# Data in: returns, API tokens and the agency-system API.
urlpatterns += returns.urlpatterns + tokens.urlpatterns + api.urlpatterns
