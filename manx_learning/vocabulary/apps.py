from django.apps import AppConfig


class VocabularyConfig(AppConfig):
    name = "manx_learning.vocabulary"
    label = "vocabulary"
    verbose_name = "The Board's vocabulary"
