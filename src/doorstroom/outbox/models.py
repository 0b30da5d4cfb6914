"""The outbox: messages written in the same transaction as the change that causes them.

Sending is a later concern (a worker reads unsent rows); what matters here is that a reminder
is never lost and never queued twice: `dedupe_key` is unique. Delivery (delivery.py) retries with
back-off through `next_attempt_at` and gives up, visibly, with `failed_permanently_at`.
"""

from django.db import models

from doorstroom.common.models import TimeStamped


class Notification(TimeStamped):
    kind = models.CharField(max_length=50)
    dedupe_key = models.CharField(max_length=200, unique=True)
    recipient_role = models.CharField(max_length=20, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    payload = models.JSONField(default=dict, blank=True)
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Delivery state: null next_attempt_at means "as soon as due_on has come".
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    failed_permanently_at = models.DateTimeField(null=True, blank=True)
    # The addresses resolved at the (last) send attempt, kept as evidence of who was told.
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_at", "id"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"
