from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """E-mail intake of mandate dossiers (R14) and its reviewer queue."""

    name = "doorstroom.intake"
    label = "intake"
    default_auto_field = "django.db.models.BigAutoField"
