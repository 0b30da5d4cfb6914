"""Referrals (toeleidingen) of an employee to a partner, with the ranking as it was shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doorstroom.common.models import TimeStamped


class Referral(TimeStamped):
    evaluation = models.OneToOneField(
        "employees.Evaluation", on_delete=models.PROTECT, related_name="referral"
    )
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="referrals"
    )
    partner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="referrals"
    )
    referred_on = models.DateField(_("toegeleid op"))
    due_on = models.DateField(_("start voorzien op"))
    chosen_rank = models.PositiveIntegerField()
    override_reason = models.TextField(blank=True)
    ranking = models.JSONField(help_text="The ranking as shown to the consultant (R10).")
    due_notified_on = models.DateField(null=True, blank=True)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["partner", "referred_on"]),
            models.Index(fields=["due_on"]),
        ]

    def __str__(self) -> str:
        return f"Toeleiding {self.employee_id} → {self.partner_id} ({self.referred_on})"


class PartnerFactsStamp(models.Model):
    """One row whose ``token`` changes with every committed change of the partner facts the
    ranking reads (R4, R10, R11): mandates, recognitions, ESF projects and decisions, sites,
    local networks, experience and running trajectories.

    Why: each web process caches those facts (`referrals.ranking.PartnerFactsCache`) and
    checks this one row per ranking; the services that change a fact call
    `referrals.partner_facts.stamp_bump()` in their own transaction, so no process serves
    facts older than the last commit. A random token rather than only a counter, so that a database
    restored to an earlier state (or a test database rolled back) never matches a cache of
    other data. No history: it holds no facts, only the sign that they changed.
    """

    number = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("stempel van de partnerfeiten")
        verbose_name_plural = _("stempel van de partnerfeiten")

    def __str__(self) -> str:
        return f"{self.number} {self.token}"
