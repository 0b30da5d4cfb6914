"""The signature check of an evidence PDF and each signature found in it (R14, eID)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doorstroom.signatures import reasons
from doorstroom.signatures.names import display_name


class DocumentStatus(models.TextChoices):
    SIGNED = "signed", _("ondertekend")
    UNSIGNED = "unsigned", _("niet ondertekend")
    UNREADABLE = "unreadable", _("handtekeningen onleesbaar")


class Coverage(models.TextChoices):
    ENTIRE_FILE = "entire_file", _("het hele document")
    ENTIRE_REVISION = "entire_revision", _("het document tot deze handtekening")
    PARTIAL = "partial", _("een deel van het document")
    UNCLEAR = "unclear", _("onduidelijk")


class SignatureCheck(models.Model):
    """One evidence PDF's signatures as last checked, and the day the PDF arrived."""

    evidence = models.OneToOneField(
        "mandates.Evidence",
        on_delete=models.CASCADE,
        related_name="signature_check",
        verbose_name=_("bewijsstuk"),
    )
    status = models.CharField(
        max_length=12, choices=DocumentStatus.choices, verbose_name=_("stand")
    )
    received_on = models.DateField(
        help_text=_("Dag waarop het ondertekende PDF-bestand binnenkwam (R14)."),
        verbose_name=_("ontvangen op"),
    )
    detail = models.CharField(max_length=200, blank=True, verbose_name=_("toelichting"))
    trust_roots = models.JSONField(
        default=list,
        blank=True,
        help_text=_("SHA-256 van de vertrouwde basiscertificaten."),
        verbose_name=_("vertrouwde basiscertificaten"),
    )
    checked_at = models.DateTimeField(verbose_name=_("gecontroleerd op"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handtekeningcontrole")
        verbose_name_plural = _("handtekeningcontroles")
        constraints = [
            models.CheckConstraint(
                name="signature_check_status_known",
                condition=models.Q(status__in=["signed", "unsigned", "unreadable"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evidence_id}: {self.status}"

    @property
    def reason_code(self) -> str:
        return reasons.UNREADABLE if self.status == DocumentStatus.UNREADABLE else ""

    @property
    def reason_text(self) -> str:
        return reasons.message(self.reason_code)


class Signature(models.Model):
    """One signature in a PDF: who, issued by whom, when, and whether it counts as eID."""

    document = models.ForeignKey(
        SignatureCheck, on_delete=models.CASCADE, related_name="signatures"
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("volgorde"))
    field_name = models.CharField(max_length=200, blank=True, verbose_name=_("veldnaam"))
    common_name = models.CharField(
        max_length=300, blank=True, verbose_name=_("naam in het certificaat")
    )
    given_name = models.CharField(max_length=300, blank=True, verbose_name=_("voornaam"))
    surname = models.CharField(max_length=300, blank=True, verbose_name=_("familienaam"))
    issuer = models.CharField(max_length=300, blank=True, verbose_name=_("uitgever"))
    signed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ondertekend op"))
    timestamped = models.BooleanField(default=False, verbose_name=_("met tijdstempel"))
    intact = models.BooleanField(verbose_name=_("ongewijzigd"))
    coverage = models.CharField(max_length=20, choices=Coverage.choices, verbose_name=_("dekking"))
    modified_after_signing = models.BooleanField(verbose_name=_("gewijzigd na ondertekening"))
    trusted = models.BooleanField(verbose_name=_("vertrouwd"))
    trust_problem = models.CharField(
        max_length=60, blank=True, verbose_name=_("vertrouwensprobleem")
    )
    signatory = models.ForeignKey(
        "mandates.Signatory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("ondertekenaar"),
    )
    counts = models.BooleanField(
        help_text=_("Intact, ongewijzigd, vertrouwd en van een ondertekenaar van de aanvraag."),
        verbose_name=_("telt mee"),
    )
    reason = models.CharField(max_length=40, blank=True, verbose_name=_("reden"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("handtekening")
        verbose_name_plural = _("handtekeningen")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="signature_position_once"
            ),
            models.CheckConstraint(
                name="counted_signature_is_valid",
                condition=models.Q(counts=False)
                | models.Q(intact=True, modified_after_signing=False, trusted=True),
            ),
        ]

    def __str__(self) -> str:
        return self.signer

    @property
    def signer(self) -> str:
        """The signer's name as a person reads it ("Jan Peeters", not "… (Signature)")."""
        return display_name(self.common_name, self.given_name, self.surname)

    @property
    def reason_text(self) -> str:
        return reasons.message(self.reason)
