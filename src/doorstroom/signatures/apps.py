from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    """Electronic (eID) signatures found in evidence PDFs, checked with pyHanko (R14)."""

    name = "doorstroom.signatures"
    verbose_name = _("Handtekeningen")
    label = "signatures"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doorstroom.signatures import checks  # noqa: F401  (registers the system check)
