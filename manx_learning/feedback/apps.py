from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "manx_learning.feedback"
    label = "feedback"
    verbose_name = "Surveys and feedback"
