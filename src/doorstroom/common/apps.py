from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "doorstroom.common"
    label = "common"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doorstroom.common.api import field_cache

        field_cache.install()
