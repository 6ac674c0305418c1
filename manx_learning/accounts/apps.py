from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "manx_learning.accounts"
    label = "accounts"
    verbose_name = "Agencies and people"
