from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "doorstroom.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doorstroom.accounts.authentication import connect_signals

        connect_signals()
