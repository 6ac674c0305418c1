from django.urls import path

from manx_learning.audits.views import programmes, tools

app_name = "audits"

urlpatterns = [
    # tools
    path("audits/tools/", tools.tool_list, name="tool-list"),
    path("audits/tools/add/", tools.tool_add, name="tool-add"),
    path("audits/tools/<uuid:code>/", tools.tool_detail, name="tool"),
    path("audits/tools/<uuid:code>/copy/", tools.tool_copy, name="tool-copy"),
    path("audits/sections/<uuid:code>/remove/", tools.section_remove, name="section-remove"),
    path("audits/scales/add/", tools.scale_add, name="scale-add"),
    # programmes
    path("audits/", programmes.programme_list, name="programme-list"),
    path("audits/programmes/add/", programmes.programme_add, name="programme-add"),
    path("audits/programmes/<uuid:code>/", programmes.programme_detail, name="programme"),
    path("audits/programmes/<uuid:code>/close/", programmes.close_auditing, name="close-auditing"),
    path("audits/programmes/<uuid:code>/retest/", programmes.plan_retest, name="plan-retest"),
    path("audits/programmes/<uuid:code>/cases/add/", programmes.case_add, name="case-add"),
    path("audits/programmes/<uuid:code>/moderation/", programmes.moderation_add, name="moderation"),
    path(
        "audits/programmes/<uuid:code>/recommendations/add/",
        programmes.recommendation_add,
        name="recommendation-add",
    ),
    path("audits/programmes/<uuid:code>/results/", programmes.results, name="results"),
    path("audits/programmes/<uuid:code>/results.csv", programmes.results_csv, name="results-csv"),
    path(
        "audits/programmes/<uuid:code>/moderation.pdf",
        programmes.moderation_pdf,
        name="moderation-pdf",
    ),
    path("audits/cases/<uuid:code>/", programmes.case_detail, name="case"),
    path("audits/cases/<uuid:code>/moderate/", programmes.case_moderate, name="case-moderate"),
]
