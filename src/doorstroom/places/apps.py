from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "doorstroom.places"
    verbose_name = _("Plaatsen (referentiegegevens)")
    label = "places"
    default_auto_field = "django.db.models.BigAutoField"
