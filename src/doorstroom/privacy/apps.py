from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "doorstroom.privacy"
    verbose_name = _("Privacy")
    label = "privacy"
    default_auto_field = "django.db.models.BigAutoField"
