"""Incoming e-mails of the digital dossier channel (R14) and the reviewer queue.

Every message is kept with its raw bytes, whether it could be matched to an application or not,
so nothing that arrives in the mailbox is ever lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeStatus(models.TextChoices):
    MATCHED = "matched", _("gekoppeld")
    UNMATCHED = "unmatched", _("niet gekoppeld")
    MALFORMED = "malformed", _("onleesbaar")
    ATTACHED_BY_HAND = "attached_by_hand", _("met de hand gekoppeld")


def raw_path(instance: IncomingEmail, filename: str) -> str:
    return f"intake/{instance.sha256}.eml"


class IncomingEmail(models.Model):
    message_id = models.CharField(max_length=500, unique=True, verbose_name=_("Message-ID"))
    from_address = models.CharField(max_length=320, blank=True, verbose_name=_("afzender"))
    subject = models.CharField(max_length=500, blank=True, verbose_name=_("onderwerp"))
    subject_ok = models.BooleanField(null=True, verbose_name=_("onderwerp in orde"))
    received_on = models.DateField(
        help_text=_("Datum uit de Date-kop (Europe/Brussels), anders de dag van ontvangst."),
        verbose_name=_("ontvangen op"),
    )
    raw = models.FileField(
        upload_to=raw_path, max_length=300, verbose_name=_("oorspronkelijk bericht")
    )
    raw_size = models.PositiveIntegerField(verbose_name=_("grootte (bytes)"))
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("SHA-256"))
    status = models.CharField(max_length=20, choices=IntakeStatus.choices, verbose_name=_("stand"))
    reason = models.TextField(blank=True, verbose_name=_("reden"))
    attachments = models.JSONField(default=list, blank=True, verbose_name=_("bijlagen"))
    unclassified_attachments = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("niet-ingedeelde bijlagen")
    )
    application = models.ForeignKey(
        "mandates.MandateApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_emails",
        verbose_name=_("aanvraag"),
    )
    receipt = models.ForeignKey(
        "mandates.Receipt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_emails",
        verbose_name=_("ontvangstmelding"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ontvangen door"),
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gekoppeld door"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("aangemaakt op"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("gewijzigd op"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("binnenkomende e-mail")
        verbose_name_plural = _("binnenkomende e-mails")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"e-mail {self.pk} ({self.status})"
