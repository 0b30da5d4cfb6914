"""ESF Vlaanderen calls, project proposals and their decisions (R2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doorstroom.common.models import TimeStamped


class Call(TimeStamped):
    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    opens_on = models.DateField(_("opent op"))
    closes_on = models.DateField(_("sluit op"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ESF-oproep")
        verbose_name_plural = _("ESF-oproepen")
        constraints = [
            models.CheckConstraint(
                name="call_period_ordered", condition=models.Q(closes_on__gte=models.F("opens_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProjectStatus(models.TextChoices):
    SUBMITTED = "submitted", _("ingediend")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")


class Project(TimeStamped):
    """A partner's project proposal in an ESF call: may be recorded before the mandate exists."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="esf_projects"
    )
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="projects")
    submitted_on = models.DateField(_("ingediend op"))
    status = models.CharField(
        max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.SUBMITTED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ESF-project")
        verbose_name_plural = _("ESF-projecten")
        indexes = [models.Index(fields=["organisation", "status"])]


class ProjectDecision(TimeStamped):
    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="decision")
    approved = models.BooleanField()
    decided_on = models.DateField()
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    trace = models.JSONField(default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="project_period_ordered",
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]
