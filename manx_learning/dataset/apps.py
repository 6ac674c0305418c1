from django.apps import AppConfig


class DatasetConfig(AppConfig):
    name = "manx_learning.dataset"
    label = "dataset"
    verbose_name = "Performance dataset"
