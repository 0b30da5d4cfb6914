"""Queue a notification once; the caller's transaction makes it atomic with the change."""

from __future__ import annotations

from datetime import date
from typing import Any

from doorstroom.organisations.models import Organisation
from doorstroom.outbox.models import Notification


def notification_queue(
    *,
    kind: str,
    dedupe_key: str,
    subject: str,
    body: str,
    due_on: date,
    recipient_role: str = "",
    organisation: Organisation | None = None,
    payload: dict[str, Any] | None = None,
) -> tuple[Notification, bool]:
    """Queue unless a notification with the same key exists; returns (row, created)."""
    return Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "subject": subject,
            "body": body,
            "due_on": due_on,
            "recipient_role": recipient_role,
            "organisation": organisation,
            "payload": payload or {},
        },
    )
