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


class PartnerFactsStamp(models.Model):
    """One row whose ``token`` changes with every committed change of the partner facts the
    ranking reads (R4, R10, R11): mandates, recognitions, ESF projects and decisions, sites,
    local networks, experience and running trajectories.

    Why: each web process caches those facts (`referrals.ranking.PartnerFactsCache`) and
    checks this one row per ranking; the services that change a fact call
    `organisations.partner_facts.stamp_bump()` in their own transaction, so no process serves
    facts older than the last commit. A random token rather than only a counter, so that a database
    restored to an earlier state (or a test database rolled back) never matches a cache of
    other data. No history: it holds no facts, only the sign that they changed. It lives here,
    with the partners, below every app that changes their facts (docs/architecture.md *Layers*).
    """

    number = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("stempel van de partnerfeiten")
        verbose_name_plural = _("stempel van de partnerfeiten")

    def __str__(self) -> str:
        return f"{self.number} {self.token}"


class PartnerExperience(models.Model):
    """Completed trajectories of a partner per set of target groups (R10 "ervaring"), current.

    One row per (partner, the employee's set of target groups, written as the codes in catalogue
    order joined by commas): ``completed`` counts the outcomes, ``hired`` those of kind
    ``hired``. Each trajectory is in exactly one row, so the rows add up to the partner's
    totals, and "trajectories with any of these groups" is the sum of the rows whose set meets
    the employee's (exact, also for employees in several groups). `outcome_record`
    (trajectories) adds to it in the transaction that records the outcome, so the ranking
    reads a few hundred rows instead of aggregating every outcome per request
    (docs/performance.md).
    `trajectories.experience.rebuild` recounts it from the outcomes (migration, bulk-loaded
    benchmark data). It lives here, with the partners and their stamp, below the trajectories
    that count it and the ranking that reads it (docs/architecture.md *Layers*); no history:
    derived, recomputable rows.
    """

    partner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    target_groups = models.CharField(max_length=120)
    completed = models.PositiveIntegerField(default=0)
    hired = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "target_groups"], name="one_experience_row_per_partner_groups"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}/{self.target_groups}: {self.completed} ({self.hired} hired)"
