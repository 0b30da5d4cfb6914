"""Postponed referrals coming due (R9), for `tick`: the partner is told the day the start is due."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from doorstroom.common.scheduled import skip_locked
from doorstroom.outbox.services import notification_queue
from doorstroom.referrals.models import Referral


def referrals_coming_due(*, today: date) -> list[int]:
    """Queue one notice per referral whose planned start has come and that has no trajectory."""
    due: list[int] = []
    with transaction.atomic():
        rows = skip_locked(
            Referral.objects.filter(
                due_on__lte=today, due_notified_on__isnull=True, trajectory__isnull=True
            ).select_related("partner")
        )
        for referral in rows:
            notification_queue(
                kind="referral_due",
                dedupe_key=f"referral_due:{referral.pk}",
                recipient_role="applicant",
                organisation=referral.partner,
                subject=f"Toeleiding {referral.pk}: het traject kan starten",
                body=(
                    f"De uitgestelde start van toeleiding {referral.pk} valt op "
                    f"{referral.due_on}. Start het doorstroomtraject."
                ),
                due_on=today,
                payload={"referral": referral.pk},
            )
            referral.due_notified_on = today
            referral.save(update_fields=["due_notified_on", "updated_at"])
            due.append(referral.pk)
    return due
