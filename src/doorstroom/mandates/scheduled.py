"""The time-driven part of the mandate procedure, run by `python -m doorstroom tick`.

Each step selects only rows whose state still needs the change, under row locks that skip rows
another host is handling (`skip_locked`), so running tick twice, or on two hosts at once,
changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from django.db import models, transaction
from django.db.models import QuerySet

from doorstroom.letters.services import letter_create
from doorstroom.mandates.models import ApplicationStatus, Mandate, MandateApplication
from doorstroom.mandates.services import application_refresh
from doorstroom.outbox.services import notification_queue
from doorstroom.rules import mandates as rules

M = TypeVar("M", bound=models.Model)


@dataclass
class TickReport:
    today: date
    overdue_marked: list[str] = field(default_factory=list)
    mandates_expired: list[int] = field(default_factory=list)
    renewal_reminders: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"tick {self.today.isoformat()}",
            f"overdue dossiers marked: {len(self.overdue_marked)} {' '.join(self.overdue_marked)}",
            f"mandates expired: {len(self.mandates_expired)}",
            f"renewal reminders queued: {len(self.renewal_reminders)}",
        ]


def _skip_locked(queryset: QuerySet[M]) -> QuerySet[M]:
    """Lock the rows we change; rows another tick holds are skipped, not waited for."""
    return queryset.select_for_update(skip_locked=True, of=("self",))


def mark_overdue(*, today: date, report: TickReport) -> None:
    """Complete, undecided dossiers past their due date become overdue (R15) and alert reviewers."""
    with transaction.atomic():
        due = _skip_locked(
            MandateApplication.objects.filter(
                status=ApplicationStatus.COMPLETE, decision_due_on__lt=today
            ).select_related("organisation")
        )
        for application in due:
            application_refresh(application=application, today=today)
            if application.status != ApplicationStatus.OVERDUE:
                continue
            report.overdue_marked.append(application.reference)
            notification_queue(
                kind="decision_overdue",
                dedupe_key=f"decision_overdue:{application.pk}",
                recipient_role="reviewer",
                organisation=application.organisation,
                subject=f"Beslissingstermijn overschreden: {application.reference}",
                body=(
                    f"Het dossier {application.reference} van {application.organisation} was "
                    f"volledig op {application.completed_on} en had beslist moeten zijn op "
                    f"{application.decision_due_on} (R15)."
                ),
                due_on=today,
                payload={"application": application.pk},
            )


def mark_expired(*, today: date, report: TickReport) -> None:
    """Mandates past their last day are marked expired (R3)."""
    with transaction.atomic():
        for mandate in _skip_locked(
            Mandate.objects.filter(valid_until__lt=today, expired_on__isnull=True)
        ):
            mandate.expired_on = mandate.valid_until + timedelta(days=1)
            mandate.save(update_fields=["expired_on", "updated_at"])
            report.mandates_expired.append(mandate.pk)


def queue_renewal_reminders(*, today: date, report: TickReport) -> None:
    """Remind the partner and the reviewers before a mandate ends (R3; lead time from R16)."""
    with transaction.atomic():
        candidates = _skip_locked(
            Mandate.objects.filter(
                renewal_reminder_queued_on__isnull=True, valid_until__gte=today
            ).select_related("organisation")
        )
        for mandate in candidates:
            remind_on, lead = rules.renewal_reminder_on(valid_until=mandate.valid_until)
            if today < remind_on:
                continue
            if mandate.renewal_applications.exists():
                continue  # the renewal is on its way already
            for role in ("applicant", "reviewer"):
                notification_queue(
                    kind="renewal_reminder",
                    dedupe_key=f"renewal_reminder:{mandate.pk}:{role}",
                    recipient_role=role,
                    organisation=mandate.organisation,
                    subject=f"Mandaat doorstroombegeleiding loopt af op {mandate.valid_until}",
                    body=(
                        f"Het mandaat van {mandate.organisation} is geldig tot en met "
                        f"{mandate.valid_until}. Elk mandaat moet om de 6 jaar vernieuwd worden: "
                        "dien tijdig een aanvraag tot vernieuwing in."
                    ),
                    due_on=today,
                    payload={"mandate": mandate.pk, "lead_days": lead.value},
                )
            letter_create(kind="renewal_reminder", subject=mandate, today=today)
            mandate.renewal_reminder_queued_on = today
            mandate.save(update_fields=["renewal_reminder_queued_on", "updated_at"])
            report.renewal_reminders.append(mandate.pk)


def mandates_tick(*, today: date) -> TickReport:
    report = TickReport(today=today)
    mark_overdue(today=today, report=report)
    mark_expired(today=today, report=report)
    queue_renewal_reminders(today=today, report=report)
    return report
