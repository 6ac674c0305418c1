from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "manx_learning.actions"
    label = "actions"
    verbose_name = "Recommendations and action plans"
