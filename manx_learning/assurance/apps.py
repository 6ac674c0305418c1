from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "manx_learning.assurance"
    label = "assurance"
    verbose_name = "Quality assurance and scrutiny"

    def ready(self) -> None:
        # Assessments' retest dates join the QA calendar (and so the daily QA reminders).
        from manx_learning.assurance import calendar, reminders

        calendar.register(reminders.assessment_items)
