from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "manx_learning.audits"
    label = "audits"
    verbose_name = "Audit tools, programmes and moderation"

    def ready(self) -> None:
        # Audit programmes take part in baseline-against-retest and in the QA calendar.
        from manx_learning.assurance import calendar, measures
        from manx_learning.audits.results import calendar_items, programme_comparison

        measures.register("audits.AuditProgramme", programme_comparison)
        calendar.register(calendar_items)
