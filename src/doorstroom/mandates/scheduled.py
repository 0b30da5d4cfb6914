"""The time-driven part of the mandate procedure, run by `python -m doorstroom tick`.

Each step selects only rows whose state still needs the change, under row locks that skip rows
another host is handling (`skip_locked`), so running tick twice, or on two hosts at once,
changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Prefetch

from doorstroom.common.scheduled import CATCH_UP_DAYS, skip_locked
from doorstroom.mandates.assessment import mandate_renewal_due
from doorstroom.mandates.models import ApplicationStatus, Mandate, MandateApplication
from doorstroom.mandates.selectors import due_not_passed_q, past_due_q
from doorstroom.mandates.services import application_refresh
from doorstroom.outbox.services import notification_queue
from doorstroom.rules import mandates as rules

#: Told for each mandate whose renewal reminder goes out, in the same transaction: letters
#: writes the reminder letter (registered in `LettersConfig.ready()`; a call up the layers,
#: like `services.DECISION_TAKEN`).
RENEWAL_REMINDED: list[Callable[[Mandate, date], object]] = []


@dataclass
class TickReport:
    today: date
    overdue_marked: list[str] = field(default_factory=list)
    mandates_expired: list[int] = field(default_factory=list)
    renewal_reminders: list[int] = field(default_factory=list)
    decision_due_alerts: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"tick {self.today.isoformat()}",
            f"decisions due soon alerted: {len(self.decision_due_alerts)} "
            f"{' '.join(self.decision_due_alerts)}".rstrip(),
            f"overdue dossiers marked: {len(self.overdue_marked)} {' '.join(self.overdue_marked)}",
            f"mandates expired: {len(self.mandates_expired)}",
            f"renewal reminders queued: {len(self.renewal_reminders)}",
        ]


def _target_months(application: MandateApplication) -> int:
    """R15/R16: the decision target stored with the dossier (in force on its completion)."""
    stored = (application.decision_target or {}).get("value")
    if isinstance(stored, int):
        return stored
    completed_on = application.completed_on or application.decision_due_on
    assert completed_on is not None  # noqa: S101 - a dossier with a due date was completed
    return rules.decision_due_on(completed_on=completed_on)[1].as_int()


def queue_decision_due_alerts(*, today: date, report: TickReport) -> None:
    """Complete dossiers whose decision is due within a week alert the reviewers once (R15).

    From ``decision_due_alert_lead_days`` before the due date up to and including the due date;
    the day after, the dossier becomes overdue and ``mark_overdue`` alerts again.
    """
    with transaction.atomic():
        candidates = skip_locked(
            MandateApplication.objects.filter(
                due_not_passed_q(today), status=ApplicationStatus.COMPLETE
            ).select_related("organisation")
        )
        for application in candidates:
            due_on = application.decision_due_on
            if due_on is None:  # pragma: no cover - a complete dossier has a due date
                continue
            alert_on, lead = rules.decision_due_alert_on(due_on=due_on)
            if today < alert_on:
                continue
            _notice, created = notification_queue(
                kind="decision_due_soon",
                dedupe_key=f"decision_due_soon:{application.pk}:{due_on.isoformat()}",
                recipient_role="reviewer",
                organisation=application.organisation,
                subject=f"Beslissing binnenkort verwacht: {application.reference}",
                body=(
                    f"Het dossier {application.reference} van {application.organisation} is "
                    f"volledig sinds {application.completed_on}. De streefdatum voor de "
                    f"beslissing is {due_on} (R15: binnen de {_target_months(application)} "
                    "maanden)."
                ),
                due_on=today,
                payload={"application": application.pk, "lead_days": lead.value},
            )
            if created:
                report.decision_due_alerts.append(application.reference)


def mark_overdue(*, today: date, report: TickReport) -> None:
    """Complete, undecided dossiers past their due date become overdue (R15) and alert reviewers."""
    with transaction.atomic():
        due = skip_locked(
            MandateApplication.objects.filter(
                past_due_q(today), status=ApplicationStatus.COMPLETE
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
    """Mandates past their last day are marked expired (R3); partner and reviewers are told.

    The notice goes out only for mandates that ended in the last ``CATCH_UP_DAYS`` days, so a
    first run on old data marks old mandates without announcing them.
    """
    with transaction.atomic():
        for mandate in skip_locked(
            Mandate.objects.filter(valid_until__lt=today, expired_on__isnull=True).select_related(
                "organisation"
            )
        ):
            mandate.expired_on = mandate.valid_until + timedelta(days=1)
            mandate.save(update_fields=["expired_on", "updated_at"])
            report.mandates_expired.append(mandate.pk)
            if mandate.valid_until < today - timedelta(days=CATCH_UP_DAYS):
                continue
            for role in ("applicant", "reviewer"):
                notification_queue(
                    kind="mandate_expired",
                    dedupe_key=f"mandate_expired:{mandate.pk}:{role}",
                    recipient_role=role,
                    organisation=mandate.organisation,
                    subject=f"Mandaat doorstroombegeleiding verlopen op {mandate.valid_until}",
                    body=(
                        f"Het mandaat van {mandate.organisation} was geldig tot en met "
                        f"{mandate.valid_until}. Zonder geldig mandaat kan VDAB geen werknemers "
                        "meer toeleiden (R4)."
                    ),
                    due_on=today,
                    payload={"mandate": mandate.pk},
                )


def queue_renewal_reminders(*, today: date, report: TickReport) -> None:
    """Remind the partner and the reviewers before a mandate ends (R3; lead time from R16).

    Once, while the mandate still runs, when its renewal is due (``rules.renewal_due``: from
    the reminder day on, unless a renewal is on its way); after the end ``mark_expired`` tells.
    """
    with transaction.atomic():
        candidates = skip_locked(
            Mandate.objects.filter(renewal_reminder_queued_on__isnull=True, valid_until__gte=today)
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "renewal_applications",
                    queryset=MandateApplication.objects.only("id", "renews_id", "status"),
                )
            )
        )
        for mandate in candidates:
            if not mandate_renewal_due(mandate, today=today):
                continue
            _remind_on, lead = rules.renewal_reminder_on(valid_until=mandate.valid_until)
            for role in ("applicant", "reviewer"):
                notification_queue(
                    kind="renewal_reminder",
                    dedupe_key=f"renewal_reminder:{mandate.pk}:{role}",
                    recipient_role=role,
                    organisation=mandate.organisation,
                    subject=f"Mandaat doorstroombegeleiding loopt af op {mandate.valid_until}",
                    body=(
                        f"Het mandaat van {mandate.organisation} is geldig tot en met "
                        f"{mandate.valid_until}. Elk mandaat moet om de "
                        f"{rules.mandate_validity_years(valid_from=mandate.valid_from)} jaar "
                        "vernieuwd worden: dien tijdig een aanvraag tot vernieuwing in."
                    ),
                    due_on=today,
                    payload={"mandate": mandate.pk, "lead_days": lead.value},
                )
            for callback in RENEWAL_REMINDED:
                callback(mandate, today)
            mandate.renewal_reminder_queued_on = today
            mandate.save(update_fields=["renewal_reminder_queued_on", "updated_at"])
            report.renewal_reminders.append(mandate.pk)


def mandates_tick(*, today: date) -> TickReport:
    report = TickReport(today=today)
    queue_decision_due_alerts(today=today, report=report)
    mark_overdue(today=today, report=report)
    mark_expired(today=today, report=report)
    queue_renewal_reminders(today=today, report=report)
    return report
