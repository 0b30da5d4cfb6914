"""The outbox: messages written in the same transaction as the change that causes them.

Sending is a later concern (a worker reads unsent rows); what matters here is that a reminder
is never lost and never queued twice: `dedupe_key` is unique. Delivery (delivery.py) retries with
back-off through `next_attempt_at` and gives up, visibly, with `failed_permanently_at`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from doorstroom.common.models import TimeStamped


class Notification(TimeStamped):
    kind = models.CharField(max_length=50, verbose_name=_("soort"))
    dedupe_key = models.CharField(max_length=200, unique=True, verbose_name=_("ontdubbelsleutel"))
    recipient_role = models.CharField(
        max_length=20, blank=True, verbose_name=_("rol van de ontvanger")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("organisatie"),
    )
    subject = models.CharField(max_length=300, verbose_name=_("onderwerp"))
    body = models.TextField(verbose_name=_("tekst"))
    payload = models.JSONField(default=dict, blank=True, verbose_name=_("gegevens"))
    due_on = models.DateField(verbose_name=_("te verzenden op"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("verzonden op"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("pogingen"))
    last_error = models.TextField(blank=True, verbose_name=_("laatste fout"))
    # Delivery state: null next_attempt_at means "as soon as due_on has come".
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("volgende poging om")
    )
    failed_permanently_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("definitief mislukt op")
    )
    # The addresses resolved at the (last) send attempt, kept as evidence of who was told.
    recipients = models.JSONField(default=list, blank=True, verbose_name=_("ontvangers"))

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("uitgaande meldingen")
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_at", "id"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"
