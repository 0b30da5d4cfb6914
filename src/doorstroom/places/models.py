"""Belgian municipalities and postal codes: reference data, loaded from data/*.csv.

The rows come from the data migration and `python -m doorstroom places_load`, never from users,
so there is no change history here (data/SOURCES.md says where each column comes from).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A municipality as of the 2025 mergers, keyed by its REFNIS (NIS) code."""

    nis_code = models.CharField(_("NIS-code"), max_length=5, primary_key=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100)
    arrondissement_code = models.CharField(
        _("arrondissement (NIS-code)"),
        max_length=5,
        db_index=True,
        help_text=_("Administratief arrondissement: de eerste twee cijfers van de NIS-code + 000."),
    )
    judicial_arrondissement = models.CharField(
        _("gerechtelijk arrondissement"), max_length=50, db_index=True
    )
    judicial_arrondissement_name_nl = models.CharField(
        _("gerechtelijk arrondissement (naam)"), max_length=100
    )
    province_code = models.CharField(
        _("provincie (NIS-code)"),
        max_length=5,
        blank=True,
        help_text=_("Leeg in het Brussels Hoofdstedelijk Gewest, dat geen provincie heeft."),
    )
    province_name_nl = models.CharField(_("provincie"), max_length=100, blank=True)
    region_code = models.CharField(_("gewest (NIS-code)"), max_length=5, db_index=True)
    region_name_nl = models.CharField(_("gewest"), max_length=100)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name_nl


class PostalCode(models.Model):
    """One (postal code, municipality) pair: a code can cover several municipalities."""

    class CoordinatesSource(models.TextChoices):
        COUNTRYSTATECITY = "countrystatecity", _("countrystatecity-postal-codes")
        MUNICIPALITY_MEAN = "municipality_mean", _("gemiddelde van de gemeente")
        NONE = "", _("geen")

    code = models.CharField(_("postcode"), max_length=4, db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="postal_codes",
        verbose_name=_("gemeente"),
    )
    locality_name = models.CharField(_("plaatsnaam"), max_length=100, blank=True)
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    coordinates_source = models.CharField(
        _("bron van de coördinaten"),
        max_length=20,
        blank=True,
        choices=CoordinatesSource.choices,
    )

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code", "municipality_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"], name="places_postal_code_once_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.locality_name}".strip()
