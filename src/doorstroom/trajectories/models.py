"""Trajectories (doorstroomtrajecten) and what they hold: activities, internships, suspensions,
and one outcome (R12)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doorstroom.common.models import TimeStamped


class Trajectory(TimeStamped):
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="trajectory"
    )
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="trajectories"
    )
    partner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="trajectories"
    )
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    # Derived (`trajectories.totals`): recounted from the activities, internships and
    # suspensions on every write of one of those, so the export reads them from this row.
    hours_total = models.DecimalField(max_digits=10, decimal_places=2, default=0, db_default=0)
    internship_count = models.PositiveIntegerField(default=0, db_default=0)
    suspended_days = models.PositiveIntegerField(default=0, db_default=0)
    history = HistoricalRecords(
        excluded_fields=["hours_total", "internship_count", "suspended_days"]
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["partner", "started_on"]),
            models.Index(fields=["ended_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_trajectory_per_employee",
            ),
            models.CheckConstraint(
                name="trajectory_period_ordered",
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Traject {self.pk} ({self.employee_id} bij {self.partner_id})"


class Activity(TimeStamped):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="activities")
    on = models.DateField()
    kind = models.CharField(max_length=30)
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                name="activity_hours_positive",
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.kind} {self.hours} u"


class InternshipResult(models.TextChoices):
    HIRED = "hired", _("aangeworven")
    NOT_HIRED = "not_hired", _("niet aangeworven")
    STOPPED_EARLY = "stopped_early", _("vroegtijdig gestopt")


class Internship(TimeStamped):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="internships")
    employer_enterprise_number = models.CharField(max_length=10)
    employer_name = models.CharField(max_length=200)
    vacancy = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField()
    result = models.CharField(
        max_length=20, blank=True, choices=InternshipResult.choices, default=""
    )
    result_on = models.DateField(null=True, blank=True)
    trace = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="internship_period_ordered",
                condition=models.Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(
                name="internship_result_dated",
                condition=models.Q(result="", result_on__isnull=True)
                | (~models.Q(result="") & models.Q(result_on__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"Stage bij {self.employer_name} ({self.starts_on}–{self.ends_on})"


class Suspension(TimeStamped):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="suspensions")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="suspension_period_ordered",
                condition=models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Schorsing {self.starts_on}–{self.ends_on}"


class OutcomeKind(models.TextChoices):
    HIRED = "hired", _("aangeworven")
    RETURNED = "returned", _("terug naar maatwerk/LDE")
    STOPPED = "stopped", _("stopgezet")


class Outcome(TimeStamped):
    """How a trajectory ended: one per trajectory, enforced by the database (R12)."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.PROTECT, related_name="outcome")
    kind = models.CharField(max_length=10, choices=OutcomeKind.choices)
    on = models.DateField()
    employer_enterprise_number = models.CharField(max_length=10, blank=True)
    employer_name = models.CharField(max_length=200, blank=True)
    first_working_day = models.DateField(
        null=True, blank=True, help_text="First day in the regular job (hired only)."
    )
    reason = models.TextField(blank=True)
    beyond_employee = models.BooleanField(
        default=False, help_text="Ended for reasons beyond the employee (package falls back)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    trace = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["kind", "on"])]

    def __str__(self) -> str:
        return f"{self.kind} op {self.on}"
