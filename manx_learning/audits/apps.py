from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "manx_learning.audits"
    label = "audits"
    verbose_name = "Audit tools, programmes and moderation"
