from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "doorstroom.outbox"
    verbose_name = _("Uitgaande meldingen")
    label = "outbox"
    default_auto_field = "django.db.models.BigAutoField"
