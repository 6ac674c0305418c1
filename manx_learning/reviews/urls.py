from django.urls import path

from manx_learning.reviews.views import chronology, conduct, lifecycle

app_name = "reviews"

urlpatterns = [
    # lifecycle
    path("reviews/", lifecycle.review_list, name="list"),
    path("reviews/refer/", lifecycle.refer, name="refer"),
    path("reviews/timescales/", lifecycle.timescales, name="timescales"),
    path("reviews/<uuid:code>/", lifecycle.detail, name="detail"),
    path("reviews/<uuid:code>/subjects/add/", lifecycle.subject_add, name="subject-add"),
    path(
        "reviews/<uuid:code>/parallel-processes/add/", lifecycle.parallel_add, name="parallel-add"
    ),
    path(
        "reviews/<uuid:code>/summaries/request/",
        lifecycle.request_summaries,
        name="request-summaries",
    ),
    path(
        "reviews/<uuid:code>/requests/<uuid:request_code>/",
        lifecycle.request_submit,
        name="request-submit",
    ),
    path(
        "reviews/<uuid:code>/requests/<uuid:request_code>/document/",
        lifecycle.request_document,
        name="request-document",
    ),
    path("reviews/<uuid:code>/screening/", lifecycle.screening, name="screening"),
    path("reviews/<uuid:code>/decision/", lifecycle.decision, name="decision"),
    path("reviews/<uuid:code>/terms-of-reference/", lifecycle.terms, name="terms"),
    path("reviews/<uuid:code>/reviewers/add/", lifecycle.reviewer_add, name="reviewer-add"),
    path("reviews/<uuid:code>/commission/", lifecycle.commission, name="commission"),
    path("themes/", lifecycle.themes, name="themes"),
    path("themes/add/", lifecycle.theme_add, name="theme-add"),
    path("themes/<uuid:code>/edit/", lifecycle.theme_edit, name="theme-edit"),
    # conduct
    path("reviews/<uuid:code>/requests/add/", conduct.request_reports, name="request-reports"),
    path(
        "reviews/<uuid:code>/learning-events/add/",
        conduct.learning_event_add,
        name="learning-event-add",
    ),
    path(
        "reviews/<uuid:code>/family-contact/add/",
        conduct.family_contact_add,
        name="family-contact-add",
    ),
    path("reviews/<uuid:code>/analysis/start/", conduct.analysis_start, name="analysis-start"),
    path("reviews/<uuid:code>/findings/", conduct.findings, name="findings"),
    path("reviews/<uuid:code>/findings/add/", conduct.finding_add, name="finding-add"),
    path(
        "reviews/<uuid:code>/recommendations/add/",
        conduct.recommendation_add,
        name="recommendation-add",
    ),
    path(
        "reviews/<uuid:code>/recommendations/<uuid:rec_code>/respond/",
        conduct.recommendation_respond,
        name="recommendation-respond",
    ),
    path("reviews/<uuid:code>/report/", conduct.report, name="report"),
    path(
        "reviews/<uuid:code>/report/<uuid:version_code>/download/",
        conduct.report_download,
        name="report-download",
    ),
    path("reviews/<uuid:code>/submit/", conduct.submit, name="submit"),
    path("reviews/<uuid:code>/sign-off/", conduct.sign_off, name="sign-off"),
    path("reviews/<uuid:code>/approve/", conduct.approve, name="approve"),
    path("reviews/<uuid:code>/register/", conduct.register, name="register"),
    path(
        "reviews/<uuid:code>/register/people/add/",
        conduct.register_person_add,
        name="register-person-add",
    ),
    path(
        "reviews/<uuid:code>/register/identifiers/add/",
        conduct.register_identifier_add,
        name="register-identifier-add",
    ),
    path("reviews/<uuid:code>/register.json", conduct.register_export, name="register-export"),
    # chronology
    path("reviews/<uuid:code>/chronology/", chronology.chronology_view, name="chronology"),
    path(
        "reviews/<uuid:code>/chronology/import/",
        chronology.chronology_import,
        name="chronology-import",
    ),
    path(
        "reviews/<uuid:code>/chronology/export.xlsx",
        chronology.chronology_export,
        {"fmt": "xlsx"},
        name="chronology-xlsx",
    ),
    path(
        "reviews/<uuid:code>/chronology/export.pdf",
        chronology.chronology_export,
        {"fmt": "pdf"},
        name="chronology-pdf",
    ),
    path(
        "reviews/<uuid:code>/chronology/<uuid:entry_code>/",
        chronology.chronology_entry,
        name="chronology-entry",
    ),
]
