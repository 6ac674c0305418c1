from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "manx_learning.surveys"
    label = "surveys"
    verbose_name = "Surveys and feedback"
