"""Where an application stands, computed from its facts by the rules (R1, R14, R15).

Pure reads: gathers the facts from the database, asks rules/, and returns an `Assessment`.
Services persist it after each write; the detail endpoint shows it fresh for today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from doorstroom.mandates.models import ApplicationStatus, Mandate, MandateApplication
from doorstroom.organisations.models import Recognition
from doorstroom.rules import mandates as rules
from doorstroom.rules.outcome import Outcome
from doorstroom.rules.params import ParameterValue
from doorstroom.signatures.selectors import eid_signature_facts


@dataclass(frozen=True)
class Assessment:
    status: str
    received_on: date | None
    submission: rules.SubmissionOutcome
    admissibility: Outcome | None
    decision_due_on: date | None
    overdue: Outcome | None
    #: R15/R16: the decision target in force on the completion day (None while incomplete).
    decision_target: ParameterValue | None = None

    @property
    def admissible(self) -> bool | None:
        return None if self.admissibility is None else self.admissibility.allowed

    @property
    def is_overdue(self) -> bool:
        return self.overdue is not None and not self.overdue.allowed

    def trace(self) -> dict[str, Any]:
        return {
            "submission": self.submission.outcome.as_trace(),
            "admissibility": self.admissibility.as_trace() if self.admissibility else None,
            "decision_target": self.decision_target.as_dict() if self.decision_target else None,
        }


def receipt_facts(application: MandateApplication) -> list[rules.ReceiptFact]:
    return [
        rules.ReceiptFact(
            channel=r.channel,
            received_on=r.received_on,
            subject=r.subject,
            eid_signed_by=frozenset(r.eid_signed_by or []),
        )
        for r in application.receipts.all()
    ]


def recognition_fact(recognition: Recognition) -> rules.RecognitionFact:
    """A stored recognition as the rules see it (R1, R4: ``rules.recognition_valid_on``)."""
    return rules.RecognitionFact(
        label_number=recognition.label_number,
        registration_number=recognition.registration_number,
        valid_from=recognition.valid_from,
        valid_until=recognition.valid_until,
    )


def mandate_renewal_due(mandate: Mandate, *, today: date) -> bool:
    """R3 ``rules.renewal_due`` for a stored mandate (prefetch ``renewal_applications``)."""
    return rules.renewal_due(
        valid_from=mandate.valid_from,
        valid_until=mandate.valid_until,
        today=today,
        renewal_pending=rules.renewal_pending(
            renewal_statuses=(a.status for a in mandate.renewal_applications.all())
        ),
    )


def recognition_facts(application: MandateApplication) -> list[rules.RecognitionFact]:
    return [recognition_fact(r) for r in application.organisation.recognitions.all()]


def application_assess(
    application: MandateApplication,
    *,
    today: date,
    eid_signatures: Sequence[rules.EidSignatureFact] | None = None,
) -> Assessment:
    """Evaluate R14 (submission), R1 (admissibility on the first arrival) and R15 (due, overdue).

    ``eid_signatures``: the application's eID signature facts when the caller has them
    (``signatures.selectors.eid_signature_facts_of`` its prefetched evidence); else one query.
    """
    receipts = receipt_facts(application)
    signatories = [s.name for s in application.signatories.all()]
    submission = rules.submission(
        receipts=receipts,
        signatories=signatories,
        eid_signatures=eid_signature_facts(application.pk)
        if eid_signatures is None
        else eid_signatures,
    )
    received_on = min((r.received_on for r in receipts), default=None)
    admissibility = None
    if received_on is not None:
        admissibility = rules.admissibility(
            received_on=received_on,
            recognitions=recognition_facts(application),
            current_participant=application.organisation.current_participant,
        )
    due_on = target = None
    if submission.completed_on is not None:
        due_on, target = rules.decision_due_on(completed_on=submission.completed_on)
    decided = hasattr(application, "decision") and application.decision is not None
    overdue = rules.overdue(due_on=due_on, today=today, decided=decided) if due_on else None
    if decided:
        status = application.decision.outcome
    elif received_on is None:
        status = ApplicationStatus.DRAFT
    elif not submission.complete:
        status = ApplicationStatus.INCOMPLETE
    elif overdue is not None and not overdue.allowed:
        status = ApplicationStatus.OVERDUE
    else:
        status = ApplicationStatus.COMPLETE
    return Assessment(
        status=str(status),
        received_on=received_on,
        submission=submission,
        admissibility=admissibility,
        decision_due_on=due_on,
        overdue=overdue,
        decision_target=target,
    )
