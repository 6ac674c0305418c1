from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "manx_learning.assurance"
    label = "assurance"
    verbose_name = "Quality assurance and scrutiny"

    def ready(self) -> None:
        # The QA framework sits above every source it weighs, so it wires them in here:
        # evidence offered by audits, surveys, signals, reviews and briefings enters the
        # register; programmes, surveys and indicators are compared baseline against retest;
        # audits, surveys and assessments' retests fill the QA calendar (and its reminders).
        from manx_learning.assurance import calendar, measures, reminders, services
        from manx_learning.audits.results import calendar_items, programme_comparison
        from manx_learning.core.evidence import evidence_offered, evidence_requested
        from manx_learning.dataset.trends import indicator_comparison
        from manx_learning.surveys import retest, schedule

        evidence_offered.connect(services.record_offered_evidence, dispatch_uid="qa-evidence")
        evidence_requested.connect(services.evidence_entries_for, dispatch_uid="qa-entries")
        measures.register("audits.AuditProgramme", programme_comparison)
        measures.register("surveys.Survey", retest.comparison)
        measures.register("dataset.Indicator", indicator_comparison)
        calendar.register(reminders.assessment_items)
        calendar.register(calendar_items)
        calendar.register(schedule.calendar_items)
