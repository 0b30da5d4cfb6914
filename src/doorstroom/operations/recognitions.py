"""DWSE recognitions coming to their end (R1, R4), for `python -m doorstroom tick`.

Without a valid recognition an organisation cannot apply for a mandate (R1) and VDAB cannot
refer employees to it (R4), so the organisation and the reviewers are reminded before the last
day (``recognition_expiry_reminder_lead_days``) and told when it has passed, unless a later
recognition follows on without a gap.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from doorstroom.common.scheduled import CATCH_UP_DAYS, JobResult, skip_locked
from doorstroom.organisations.models import Recognition
from doorstroom.outbox.services import notification_queue
from doorstroom.rules import mandates as rules

#: Recognitions ending further ahead than this are not read (any sensible lead time is less).
HORIZON_DAYS = 366


def _followed_on(recognition: Recognition) -> bool:
    """Does another complete recognition of the organisation carry on after this one ends?"""
    end = recognition.valid_until
    if end is None:  # pragma: no cover - only ending recognitions are read
        return True
    return any(
        other.pk != recognition.pk
        and other.label_number.strip()
        and other.registration_number.strip()
        and other.valid_from <= end + timedelta(days=1)
        and (other.valid_until is None or other.valid_until > end)
        for other in recognition.organisation.recognitions.all()
    )


def recognitions_expiring(*, today: date) -> tuple[JobResult, JobResult]:
    """Queue the reminders (before the last day) and the notices (after it), each once."""
    expiring = JobResult("recognition reminders queued")
    expired = JobResult("recognitions expired notices queued")
    with transaction.atomic():
        candidates = skip_locked(
            Recognition.objects.filter(
                valid_until__isnull=False,
                valid_until__gte=today - timedelta(days=CATCH_UP_DAYS),
                valid_until__lte=today + timedelta(days=HORIZON_DAYS),
            )
            .select_related("organisation")
            .prefetch_related("organisation__recognitions")
            .order_by("valid_until", "id")
        )
        for recognition in candidates:
            end = recognition.valid_until
            assert end is not None  # noqa: S101 (filtered above)
            if _followed_on(recognition):
                continue
            organisation = recognition.organisation
            if end >= today:
                remind_on, lead = rules.recognition_reminder_on(valid_until=end)
                if today < remind_on:
                    continue
                kind, result = "recognition_expiring", expiring
                subject = f"Erkenning als dienstverlener loopt af op {end}"
                body = (
                    f"De erkenning (label {recognition.label_number}, registratie "
                    f"{recognition.registration_number}) van {organisation} is geldig tot en met "
                    f"{end}. Zonder geldige erkenning bij DWSE kan geen mandaat aangevraagd worden "
                    "(R1) en kan VDAB niet toeleiden (R4): vraag tijdig de verlenging aan."
                )
                payload = {"recognition": recognition.pk, "lead_days": lead.value}
            else:
                kind, result = "recognition_expired", expired
                subject = f"Erkenning als dienstverlener verlopen op {end}"
                body = (
                    f"De erkenning (label {recognition.label_number}, registratie "
                    f"{recognition.registration_number}) van {organisation} was geldig tot en met "
                    f"{end}. Er is geen nieuwe erkenning geregistreerd: VDAB kan niet meer "
                    "toeleiden (R4)."
                )
                payload = {"recognition": recognition.pk}
            created_any = False
            for role in ("applicant", "reviewer"):
                _notice, created = notification_queue(
                    kind=kind,
                    dedupe_key=f"{kind}:{recognition.pk}:{end.isoformat()}:{role}",
                    recipient_role=role,
                    organisation=organisation,
                    subject=subject,
                    body=body,
                    due_on=today,
                    payload=payload,
                )
                created_any = created_any or created
            if created_any:
                result.done.append(str(recognition.pk))
    return expiring, expired
