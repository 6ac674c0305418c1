from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "manx_learning.briefings"
    label = "briefings"
    verbose_name = "7-minute briefings and their reach"
