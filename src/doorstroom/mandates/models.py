"""Mandate applications and what they hold decisions; mandates."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doorstroom.common.models import TimeStamped
from doorstroom.rules.codes import CONDITIONS


class Frameworks:
    """Frameworks are stored as a sorted comma list ("lde,maatwerk"): portable and indexable."""

    @staticmethod
    def to_db(values: Iterable[str]) -> str:
        return ",".join(sorted(set(values)))

    @staticmethod
    def from_db(value: str) -> list[str]:
        return [v for v in value.split(",") if v]


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    INCOMPLETE = "incomplete", _("onvolledig")
    COMPLETE = "complete", _("volledig")
    OVERDUE = "overdue", _("termijn overschreden")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")
    INADMISSIBLE = "inadmissible", _("onontvankelijk")
    WITHDRAWN = "withdrawn", _("ingetrokken")


#: The four ways a dossier ends (R15): after any of them it is closed for good.
CLOSED_STATUSES = ("approved", "rejected", "inadmissible", "withdrawn")


class ApplicationKind(models.TextChoices):
    NEW = "new", _("nieuwe aanvraag")
    RENEWAL = "renewal", _("vernieuwing")


class MandateApplication(TimeStamped):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(max_length=10, choices=ApplicationKind.choices)
    renews = models.ForeignKey(
        "mandates.Mandate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal_applications",
    )
    frameworks = models.CharField(max_length=40)
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # Derived by services from the receipts and the rules; stored so lists can filter and sort.
    received_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    decision_due_on = models.DateField(null=True, blank=True)
    overdue_since = models.DateField(null=True, blank=True)
    admissible = models.BooleanField(null=True, blank=True)
    submission_trace = models.JSONField(default=dict, blank=True)
    admissibility_trace = models.JSONField(default=dict, blank=True)
    # R15/R16: the decision target in force on the completion day (the parameter as a dict).
    decision_target = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandaataanvraag")
        verbose_name_plural = _("mandaataanvragen")
        indexes = [
            models.Index(fields=["status", "decision_due_on"]),
            models.Index(fields=["organisation", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="application_kind_known", condition=models.Q(kind__in=["new", "renewal"])
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The dossier reference applicants quote in letters and e-mails."""
        return f"MDB-{self.pk:06d}" if self.pk else "MDB-nieuw"

    @property
    def framework_list(self) -> list[str]:
        return Frameworks.from_db(self.frameworks)

    @property
    def closed(self) -> bool:
        """Approved, rejected, declared inadmissible or withdrawn (R15): nothing more to do."""
        return self.status in CLOSED_STATUSES

    @property
    def decided(self) -> bool:
        """Closed in one of the four ways (kept for the callers that ask "decided?")."""
        return self.closed


class Signatory(models.Model):
    """A person who must sign the application (at least one legal representative)."""

    application = models.ForeignKey(
        MandateApplication, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(max_length=200)
    function = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "name"], name="signatory_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.application_id}/{instance.sha256}.pdf"


class Evidence(TimeStamped):
    """A PDF that shows one formal condition (R13); checked by content, kept with its SHA-256."""

    application = models.ForeignKey(
        MandateApplication, on_delete=models.CASCADE, related_name="evidence"
    )
    condition = models.CharField(max_length=30, choices=[(c, c) for c in CONDITIONS])
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    description = models.CharField(max_length=500, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["condition", "id"]


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    REGISTERED_LETTER = "registered_letter", _("aangetekende brief")


class Receipt(TimeStamped):
    """One arrival of the dossier through one channel (R14)."""

    application = models.ForeignKey(
        MandateApplication, on_delete=models.CASCADE, related_name="receipts"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received_on = models.DateField()
    subject = models.CharField(max_length=500, blank=True)
    subject_ok = models.BooleanField(null=True)
    tracking_number = models.CharField(max_length=100, blank=True)
    eid_signed_by = models.JSONField(default=list, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="receipt_channel_known",
                condition=models.Q(channel__in=["email", "registered_letter"]),
            ),
        ]


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")
    INADMISSIBLE = "inadmissible", _("onontvankelijk")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class Decision(TimeStamped):
    """How a dossier ended: one per application, in the database too (R15).

    A decision on the merits (approved, rejected), a declaration of inadmissibility by a
    reviewer, or a withdrawal by the applicant (``decided_on`` is then the withdrawal day and
    ``motivation`` its reason). One row per application makes every ending final: a second
    ending of any kind is refused, also under concurrency.
    """

    application = models.OneToOneField(
        MandateApplication, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(max_length=12, choices=DecisionOutcome.choices)
    decided_on = models.DateField()
    starts_on = models.DateField(null=True, blank=True)
    motivation = models.TextField(blank=True, default="")
    reasons = models.JSONField(default=list)
    trace = models.JSONField(default=dict, help_text="Rule outcomes and parameter values used.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslissing")
        verbose_name_plural = _("beslissingen")


class ConditionJudgement(models.Model):
    """The judgement and motivation for one of the five formal conditions (R13)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="judgements")
    condition = models.CharField(max_length=30, choices=[(c, c) for c in CONDITIONS])
    # Blank: the judgement holds for every asked framework. Set only for `expertise` judged per
    # framework (R13: "Expertise is defined per framework").
    framework = models.CharField(max_length=10, blank=True, default="")
    met = models.BooleanField()
    motivation = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "condition", "framework"], name="one_judgement_per_condition"
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.framework})" if self.framework else ""
        return f"{self.condition}{where}: {'voldaan' if self.met else 'niet voldaan'}"


class Mandate(TimeStamped):
    """A granted mandate for transition guidance, valid six years (R3)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="mandates"
    )
    application = models.OneToOneField(
        MandateApplication, on_delete=models.PROTECT, related_name="mandate"
    )
    frameworks = models.CharField(max_length=40)
    valid_from = models.DateField()
    valid_until = models.DateField()
    expired_on = models.DateField(
        null=True, blank=True, help_text="Set by tick the day after valid_until."
    )
    renewal_reminder_queued_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")
        indexes = [models.Index(fields=["organisation", "valid_from", "valid_until"])]
        constraints = [
            models.CheckConstraint(
                name="mandate_period_ordered",
                condition=models.Q(valid_until__gt=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"Mandaat {self.organisation} {self.valid_from}–{self.valid_until}"

    @property
    def framework_list(self) -> list[str]:
        return Frameworks.from_db(self.frameworks)
