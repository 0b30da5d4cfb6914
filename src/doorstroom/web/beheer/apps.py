from django.apps import AppConfig


class WebBeheerConfig(AppConfig):
    """The pages of the functional administrator (admin role) under /beheer/."""

    name = "doorstroom.web.beheer"
    label = "web_beheer"

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib import admin
        from django.utils.translation import gettext_lazy as _

        # The Django admin keeps the reference data and the logs; its titles in Dutch, and
        # "Website bekijken" leads to the administrator's own pages, not back into the admin.
        admin.site.site_header = _("Doorstroom: referentiegegevens en logboeken")
        admin.site.site_title = _("Doorstroom-beheer")
        admin.site.index_title = _("Referentiegegevens en logboeken")
        admin.site.site_url = "/beheer/"
        # Third-party apps with an English name of their own (a plain string, no catalog).
        for label, name in (
            ("axes", _("Aanmeldpogingen")),
            ("django_tasks_database", _("Achtergrondtaken")),
        ):
            try:
                apps.get_app_config(label).verbose_name = name
            except LookupError:  # not installed in this configuration
                continue
