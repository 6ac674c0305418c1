from django.urls import path

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

urlpatterns = [
    # dashboards
    path("data/", dashboards.dashboard_index, name="dashboards"),
    path("data/priorities/<uuid:code>/", dashboards.priority_dashboard, name="priority-dashboard"),
    path("data/agencies/<uuid:code>/", dashboards.agency_dashboard, name="agency-dashboard"),
    # trends
    path("data/trends/", trends.emerging_trends, name="trends"),
    path(
        "data/trends/signals/<int:pk>/evidence/", trends.signal_to_evidence, name="signal-evidence"
    ),
    # catalogue
    path("data/indicators/", catalogue.indicator_list, name="indicators"),
    path("data/indicators/add/", catalogue.indicator_add, name="indicator-add"),
    path("data/indicators/<str:code>/", catalogue.indicator_detail, name="indicator"),
    path("data/indicators/<str:code>/edit/", catalogue.indicator_edit, name="indicator-edit"),
    path(
        "data/indicators/<str:code>/benchmarks/add/", catalogue.reference_add, name="reference-add"
    ),
    path(
        "data/indicators/<str:code>/benchmarks/<int:pk>/remove/",
        catalogue.reference_delete,
        name="reference-delete",
    ),
    path(
        "data/indicators/<str:code>/process-changes/add/",
        catalogue.process_change_add,
        name="process-change-add",
    ),
    path(
        "data/indicators/<str:code>/process-changes/<uuid:change>/remove/",
        catalogue.process_change_delete,
        name="process-change-delete",
    ),
    path(
        "data/indicators/<str:code>/commentary/<str:agency>/<str:period>/",
        catalogue.commentary_edit,
        name="commentary",
    ),
    # opendata
    path("open-data/", opendata.open_data, name="open-data"),
    path("open-data/open-data.csv", opendata.open_data_all_csv, name="open-data-all-csv"),
    path("open-data/<str:code>/", opendata.open_data_indicator, name="open-data-indicator"),
    path("open-data/<str:code>.csv", opendata.open_data_csv, name="open-data-csv"),
    path("open-data/<str:code>.json", opendata.open_data_json, name="open-data-json"),
    # returns
    path("data/returns/", returns.return_list, name="returns"),
    path("data/returns/<uuid:agency>/<str:period>/", returns.return_detail, name="return"),
    path(
        "data/returns/<uuid:agency>/<str:period>/upload/",
        returns.return_upload,
        name="return-upload",
    ),
    path(
        "data/returns/<uuid:agency>/<str:period>/key-in/", returns.return_form, name="return-form"
    ),
    path(
        "data/returns/<uuid:agency>/<str:period>/accept/",
        returns.return_accept,
        name="return-accept",
    ),
    path(
        "data/returns/<uuid:agency>/<str:period>/template.<str:kind>",
        returns.return_template,
        name="return-template",
    ),
    path(
        "data/returns/<uuid:agency>/<str:period>/query/<str:indicator>/",
        returns.query_raise,
        name="query-raise",
    ),
    path("data/queries/<uuid:code>/answer/", returns.query_answer, name="query-answer"),
    # tokens
    path("data/api-tokens/", tokens.token_list, name="tokens"),
    path("data/api-tokens/<uuid:code>/revoke/", tokens.token_revoke, name="token-revoke"),
    # api
    path("api/v1/returns", api.returns_submit, name="api-returns"),
    path("api/v1/indicators", api.indicators, name="api-indicators"),
    path("api/v1/openapi.json", api.openapi, name="api-openapi"),
]
