from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "manx_learning.publishing"
    label = "publishing"
    verbose_name = "Anonymise, publish and disseminate"
