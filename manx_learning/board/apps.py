from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "manx_learning.board"
    label = "board"
    verbose_name = "The Board"
