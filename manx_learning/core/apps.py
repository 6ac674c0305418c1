from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "manx_learning.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from manx_learning.core import checks  # noqa: F401 - registers the system checks
