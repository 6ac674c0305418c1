from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "manx_learning.feedback"
    label = "feedback"
    verbose_name = "Surveys and feedback"

    def ready(self) -> None:
        # Surveys join the QA framework's baseline-vs-retest comparisons and its calendar.
        from manx_learning.assurance import calendar, measures
        from manx_learning.feedback import retest, schedule

        measures.register("feedback.Survey", retest.comparison)
        calendar.register(schedule.calendar_items)
