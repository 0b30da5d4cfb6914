from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "doorstroom.monitoring"
    label = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doorstroom.monitoring import tally

        tally.connect()
