from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "doorstroom.registers"
    verbose_name = "Import van registers"
    default_auto_field = "django.db.models.BigAutoField"
