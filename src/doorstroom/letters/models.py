"""Letters: the PDF letters the cooperation department sends, kept with their SHA-256.

A letter is written in two steps. `letters.services.letter_create` stores the row with a
snapshot of everything the letter says (`content`: dates, addresses, reasons, motivations, the
parameter values used) in the same transaction as its cause; `letter_render` turns that
snapshot into a PDF once and stores the file with its checksum. The snapshot makes the letter
independent of later changes to the dossier, the organisation's address or the parameters.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doorstroom.common.models import TimeStamped


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("ontvangstbevestiging")
    MISSING_ITEMS = "missing_items", _("vraag om ontbrekende stukken")
    DECISION = "decision", _("beslissing")
    INADMISSIBILITY = "inadmissibility", _("beslissing van onontvankelijkheid")
    REFERRAL_NOTICE = "referral_notice", _("bericht van toeleiding")
    RENEWAL_REMINDER = "renewal_reminder", _("herinnering vernieuwing mandaat")


def letter_path(instance: Letter, filename: str) -> str:
    """letters/<id>/<kind>-<reference>.pdf: no personal data in the path or the name."""
    return f"letters/{instance.pk}/{instance.download_name}"


class Letter(TimeStamped):
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    # One letter per cause: "acknowledgement:<application>:<channel>:<day>", "decision:<id>"…
    dedupe_key = models.CharField(max_length=200, unique=True)
    application = models.ForeignKey(
        "mandates.MandateApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )
    decision = models.ForeignKey(
        "mandates.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("bestemmeling"),
    )
    reference = models.CharField(_("kenmerk"), max_length=20)
    letter_date = models.DateField(_("datum van de brief"))
    content = models.JSONField(help_text="Everything the letter says, as of its date.")
    file = models.FileField(upload_to=letter_path, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "letter_date"])]
        constraints = [
            models.CheckConstraint(
                name="letter_has_subject",
                condition=models.Q(application__isnull=False) | models.Q(referral__isnull=False),
            ),
            models.CheckConstraint(
                name="letter_kind_known",
                condition=models.Q(
                    kind__in=[
                        "acknowledgement",
                        "missing_items",
                        "decision",
                        "inadmissibility",
                        "referral_notice",
                        "renewal_reminder",
                    ]
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference} ({self.letter_date})"

    @property
    def download_name(self) -> str:
        """The file name offered on download: kind, reference and date, never a person's name."""
        return f"brief-{self.kind.replace('_', '-')}-{self.reference}-{self.letter_date}.pdf"

    @property
    def rendered(self) -> bool:
        return bool(self.file) and bool(self.sha256)
