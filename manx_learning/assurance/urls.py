from django.urls import path

from manx_learning.assurance.views import assessments, evidence, overview, priorities

app_name = "assurance"

urlpatterns = [
    # overview
    path("qa/", overview.home, name="home"),
    path("qa/calendar/", overview.qa_calendar, name="calendar"),
    path("qa/scrutiny/", overview.scrutiny_choose, name="scrutiny"),
    path(
        "qa/scrutiny/priorities/<uuid:code>/", overview.scrutiny_priority, name="scrutiny-priority"
    ),
    path("qa/scrutiny/themes/<uuid:code>/", overview.scrutiny_theme, name="scrutiny-theme"),
    path(
        "qa/briefings/<uuid:code>/record-reach/",
        overview.briefing_reach_record,
        name="briefing-reach-record",
    ),
    # evidence
    path("qa/evidence/", evidence.evidence_list, name="evidence-list"),
    path("qa/evidence/add/", evidence.evidence_add, name="evidence-add"),
    path("qa/evidence/<uuid:code>/", evidence.evidence_detail, name="evidence-detail"),
    path("qa/evidence/<uuid:code>/edit/", evidence.evidence_edit, name="evidence-edit"),
    path(
        "qa/evidence/<uuid:code>/attachments/add/", evidence.attachment_add, name="attachment-add"
    ),
    path(
        "qa/evidence/attachments/<uuid:code>/download/",
        evidence.attachment_download,
        name="attachment-download",
    ),
    # priorities
    path("qa/priorities/", priorities.priority_list, name="priority-list"),
    path("qa/priorities/add/", priorities.priority_add, name="priority-add"),
    path("qa/priorities/<uuid:code>/", priorities.priority_detail, name="priority-detail"),
    path("qa/priorities/<uuid:code>/edit/", priorities.priority_edit, name="priority-edit"),
    path("qa/priorities/<uuid:code>/retire/", priorities.priority_retire, name="priority-retire"),
    # assessments
    path("qa/assessments/", assessments.assessment_list, name="assessment-list"),
    path("qa/assessments/add/", assessments.assessment_add, name="assessment-add"),
    path("qa/assessments/<uuid:code>/", assessments.assessment_detail, name="assessment-detail"),
    path("qa/assessments/<uuid:code>/edit/", assessments.assessment_edit, name="assessment-edit"),
    path(
        "qa/assessments/<uuid:code>/evidence/",
        assessments.assessment_evidence,
        name="assessment-evidence",
    ),
    path(
        "qa/assessments/<uuid:code>/judgement/",
        assessments.assessment_judge,
        name="assessment-judge",
    ),
    path("qa/assessments/<uuid:code>/measures/add/", assessments.measure_add, name="measure-add"),
    path(
        "qa/assessments/measures/<uuid:code>/remove/",
        assessments.measure_remove,
        name="measure-remove",
    ),
    path(
        "qa/assessments/<uuid:code>/actions/add/",
        assessments.action_add,
        name="assessment-action-add",
    ),
    path(
        "qa/assessments/<uuid:code>/retest/",
        assessments.assessment_retest,
        name="assessment-retest",
    ),
]
