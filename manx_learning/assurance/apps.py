from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "manx_learning.assurance"
    label = "assurance"
    verbose_name = "Quality assurance and scrutiny"
