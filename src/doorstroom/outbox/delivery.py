"""Deliver queued notifications by e-mail: once, with back-off, and visibly when it gives up.

Rules:
- Recipients are resolved at send time (`recipients_for`) and stored on the row as evidence.
- `notification_send` locks the row, re-checks it and sends one e-mail; `sent_at` is written in
  the same transaction, so sending twice delivers once. (If the commit itself fails after the mail
  server accepted the message, the next run sends it again: delivery is at-least-once.)
- A failed attempt counts `attempts`, keeps `last_error` and waits 1, 5, 25, 125… minutes before
  the next one; after OUTBOX_MAX_ATTEMPTS (default 6) `failed_permanently_at` is set. Such rows
  stay, for administrators, until someone retries them in the admin ("opnieuw proberen").
- A notification without any recipient is not marked sent (nothing was delivered, and saying so
  would hide it): it fails permanently at once with last_error "geen ontvangers", so an
  administrator sees it and can retry once the organisation or the role has an e-mail address.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus

from doorstroom.accounts.models import Role, User
from doorstroom.outbox.models import Notification

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 6
BACKOFF_BASE_MINUTES = 1
BACKOFF_FACTOR = 5
NO_RECIPIENTS = "geen ontvangers"

# Outcomes of notification_send.
SENT = "sent"
ALREADY_SENT = "already_sent"
NOT_DUE = "not_due"
MISSING = "missing"
RETRY_LATER = "retry_later"
FAILED_PERMANENTLY = "failed_permanently"
SKIPPED_FAILED = "skipped_failed_permanently"


def max_attempts() -> int:
    return int(getattr(settings, "OUTBOX_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 5, 25, 125… minutes."""
    return timedelta(minutes=BACKOFF_BASE_MINUTES * BACKOFF_FACTOR ** max(attempts - 1, 0))


def recipients_for(notification: Notification) -> list[str]:
    """Active users of the notification's role with an e-mail address, sorted and unique.

    For applicant notices only the users of the notification's organisation, plus the
    organisation's own e-mail address. A notification without a role has no recipients.
    """
    role = notification.recipient_role
    if not role:
        return []
    users = User.objects.filter(role=role, is_active=True).exclude(email="")
    addresses: set[str] = set()
    if role == Role.APPLICANT:
        organisation = notification.organisation
        if organisation is None:
            return []
        users = users.filter(organisation=organisation)
        if organisation.email:
            addresses.add(organisation.email.strip())
    addresses.update(email.strip() for email in users.values_list("email", flat=True))
    return sorted(a for a in addresses if a)


def _is_due(notification: Notification, now: datetime) -> bool:
    if notification.due_on > timezone.localdate(now):
        return False
    return notification.next_attempt_at is None or notification.next_attempt_at <= now


def notification_send(*, notification_id: int, now: datetime | None = None) -> str:
    """Send one notification if it is due and unsent; returns the outcome (see the constants)."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return MISSING
        if notification.sent_at is not None:
            return ALREADY_SENT
        if notification.failed_permanently_at is not None:
            return SKIPPED_FAILED
        if not _is_due(notification, now):
            return NOT_DUE
        recipients = recipients_for(notification)
        notification.recipients = recipients
        fields = ["recipients", "attempts", "last_error", "next_attempt_at", "updated_at"]
        if not recipients:
            notification.attempts += 1
            notification.last_error = NO_RECIPIENTS
            notification.next_attempt_at = None
            notification.failed_permanently_at = now
            notification.save(update_fields=[*fields, "failed_permanently_at"])
            logger.warning("notification %s: %s", notification.pk, NO_RECIPIENTS)
            return FAILED_PERMANENTLY
        try:
            EmailMessage(
                subject=notification.subject,
                body=notification.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=recipients,
            ).send(fail_silently=False)
        except Exception as exc:  # any backend error is a failed attempt, recorded, not raised
            return _record_failure(notification, exc=exc, now=now, fields=fields)
        notification.attempts += 1
        notification.last_error = ""
        notification.next_attempt_at = None
        notification.sent_at = now
        notification.save(update_fields=[*fields, "sent_at"])
        return SENT


def _record_failure(
    notification: Notification, *, exc: Exception, now: datetime, fields: list[str]
) -> str:
    notification.attempts += 1
    notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if notification.attempts >= max_attempts():
        notification.next_attempt_at = None
        notification.failed_permanently_at = now
        notification.save(update_fields=[*fields, "failed_permanently_at"])
        logger.error(
            "notification %s failed permanently after %s attempts: %s",
            notification.pk,
            notification.attempts,
            notification.last_error,
        )
        return FAILED_PERMANENTLY
    notification.next_attempt_at = now + backoff(notification.attempts)
    notification.save(update_fields=fields)
    logger.warning(
        "notification %s attempt %s failed, next at %s: %s",
        notification.pk,
        notification.attempts,
        notification.next_attempt_at,
        notification.last_error,
    )
    return RETRY_LATER


def due_notifications(*, now: datetime) -> QuerySet[Notification]:
    """Unsent, not permanently failed rows whose day has come and whose back-off is over."""
    return Notification.objects.filter(
        sent_at__isnull=True,
        failed_permanently_at__isnull=True,
        due_on__lte=timezone.localdate(now),
    ).filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def outbox_send_due(
    *, now: datetime | None = None, limit: int = 100, inline: bool = False
) -> dict[str, Any]:
    """Pick up to `limit` due notifications and enqueue a delivery task for each (or send inline).

    Rows locked by a concurrent run are skipped. Enqueueing happens after the picking transaction
    has committed; a row enqueued twice (say by two ticks before the worker ran) is still
    delivered once, because `notification_send` re-checks it under a lock.
    """
    from doorstroom.outbox.tasks import deliver_notification

    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            due_notifications(now=now)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("id")
            .values_list("id", flat=True)[:limit]
        )
    report: dict[str, Any] = {"due": len(ids), "enqueued": 0, "outcomes": {}}
    outcomes: dict[str, int] = report["outcomes"]
    for notification_id in ids:
        if inline:
            outcome = notification_send(notification_id=notification_id, now=now)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            continue
        result = deliver_notification.enqueue(notification_id=notification_id)
        report["enqueued"] += 1
        if result.status == TaskResultStatus.SUCCESSFUL:
            outcome = str(result.return_value)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return report
