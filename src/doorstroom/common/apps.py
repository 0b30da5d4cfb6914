from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "doorstroom.common"
    label = "common"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doorstroom.common import converters
        from doorstroom.common.hostile import install_log_masking

        converters.register()  # <id:…> in the URL confs: ids within the database's range
        install_log_masking()  # national numbers masked in the request loggers
