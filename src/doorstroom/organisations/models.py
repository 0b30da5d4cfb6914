"""Organisations (service providers), their sites, DWSE recognitions and local network."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doorstroom.common.identifiers import enterprise_number_display
from doorstroom.common.models import TimeStamped


class Organisation(TimeStamped):
    enterprise_number = models.CharField(
        _("ondernemingsnummer"), max_length=10, unique=True, help_text=_("10 cijfers, compact")
    )
    name = models.CharField(_("naam"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=4)
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    current_participant = models.BooleanField(
        _("huidige deelnemer"),
        default=False,
        help_text=_("Nam deel aan doorstroombegeleiding vóór de overgangsperiode (R1)."),
    )
    current_participant_motivation = models.TextField(_("motivering huidige deelnemer"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def enterprise_number_display(self) -> str:
        return enterprise_number_display(self.enterprise_number)


class Site(TimeStamped):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("naam"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=4)
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name}"


class Recognition(TimeStamped):
    """A DWSE recognition as service provider: a quality label and a registration (R1)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="recognitions"
    )
    label_number = models.CharField(_("labelnummer"), max_length=50)
    registration_number = models.CharField(_("registratienummer"), max_length=50)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("erkenning")
        verbose_name_plural = _("erkenningen")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                name="recognition_period_ordered",
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label_number}/{self.registration_number}"


class ServedMunicipality(models.Model):
    """One municipality of an organisation's local network (lokaal netwerk)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="local_network"
    )
    municipality = models.ForeignKey("places.Municipality", on_delete=models.PROTECT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gemeente van het lokale netwerk")
        verbose_name_plural = _("lokaal netwerk")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "municipality"], name="served_municipality_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.municipality_id}"
