from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """E-mail intake of mandate dossiers (R14) and its reviewer queue."""

    name = "doorstroom.intake"
    verbose_name = _("Binnenkomende post")
    label = "intake"
    default_auto_field = "django.db.models.BigAutoField"
