from django.apps import AppConfig


class EsfConfig(AppConfig):
    name = "doorstroom.esf"
    label = "esf"
    default_auto_field = "django.db.models.BigAutoField"
