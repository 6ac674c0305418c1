from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "manx_learning.accounts"
    label = "accounts"
    verbose_name = "Agencies and people"

    def ready(self) -> None:
        from manx_learning.accounts import checks  # noqa: F401 - registers the system check
