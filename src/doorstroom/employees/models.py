"""Target-group employees, their versioned support packages, and their evaluations (R6–R9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doorstroom.common.models import TimeStamped


class Employee(TimeStamped):
    """A target-group employee (doelgroepwerknemer). The national number is never stored whole."""

    national_number_hash = models.CharField(max_length=64, unique=True)
    national_number_masked = models.CharField(_("rijksregisternummer"), max_length=20)
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("familienaam"), max_length=100)
    postal_code = models.CharField(_("postcode"), max_length=4)
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("maatwerkbedrijf of LDE-werkgever"),
    )
    framework = models.CharField(_("kader"), max_length=10)
    target_groups = models.JSONField(
        _("doelgroepen"),
        default=list,
        help_text="Codes of the framework's target groups, one or more, in catalogue order.",
    )
    hired_on = models.DateField(_("in dienst sinds"))
    history = HistoricalRecords(excluded_fields=["national_number_hash"])

    class Meta:
        verbose_name = _("doelgroepwerknemer")
        verbose_name_plural = _("doelgroepwerknemers")
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["employer"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.national_number_masked})"


class GuidanceLevel(models.TextChoices):
    LOW = "low", _("laag")
    MEDIUM = "medium", _("midden")
    HIGH = "high", _("hoog")


class SupportPackage(TimeStamped):
    """One version of a work support package (werkondersteuningspakket); never overwritten."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="packages")
    version = models.PositiveIntegerField()
    wage_premium_percent = models.PositiveSmallIntegerField(_("loonpremie (%)"))
    guidance_level = models.CharField(
        _("begeleidingspremie"), max_length=10, choices=GuidanceLevel.choices
    )
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    trace = models.JSONField(
        default=dict, blank=True, help_text="The parameter values the package was checked with."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "version"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "version"], name="package_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.wage_premium_percent}% {self.guidance_level} (v{self.version})"


class Decision(models.TextChoices):
    TRANSITION = "transition", _("doorstroom")
    NO_TRANSITION = "no_transition", _("geen doorstroom")


class Evaluation(TimeStamped):
    """The evaluation on the work floor: support still needed? chances favourable? (R6–R8)."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField()
    needs_support = models.BooleanField()
    package_still_correct = models.BooleanField()
    adjusted_package = models.OneToOneField(
        SupportPackage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=15, choices=Decision.choices)
    reasons = models.JSONField(default=list)
    transition_starts_on = models.DateField(null=True, blank=True)
    employer_in_trajectory = models.PositiveIntegerField(
        default=0, help_text="Employees of the same employer in a trajectory on evaluation day."
    )
    trace = models.JSONField(default=dict)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-evaluated_on", "-id"]
        indexes = [models.Index(fields=["employee", "evaluated_on"])]

    def __str__(self) -> str:
        return f"Evaluatie {self.employee_id} {self.evaluated_on}: {self.decision}"


class CriterionJudgement(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(max_length=30)
    favourable = models.BooleanField()
    motivation = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="one_judgement_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {'gunstig' if self.favourable else 'ongunstig'}"
