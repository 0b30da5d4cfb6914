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
