"""Every write on mandate applications, evidence, receipts, decisions and mandates.

Each service runs in one transaction: it gathers the facts, asks rules/, and stores the outcome
together with the trace it was made with. A failed call changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.common.errors import InvalidInput, RuleViolation, StateConflict
from doorstroom.common.pdf import PdfCheckError, pdf_check
from doorstroom.common.uploads import clean_filename
from doorstroom.letters.services import letter_create, letters_after_receipt
from doorstroom.mandates.assessment import Assessment, application_assess
from doorstroom.mandates.models import (
    ApplicationKind,
    ConditionJudgement,
    Decision,
    DecisionOutcome,
    Evidence,
    Frameworks,
    Mandate,
    MandateApplication,
    Receipt,
    Signatory,
)
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.partner_facts import stamp_bump
from doorstroom.rules import mandates as rules
from doorstroom.rules.codes import CONDITIONS, FRAMEWORKS
from doorstroom.rules.params import parameter
from doorstroom.signatures.services import counted as signatures_counted
from doorstroom.signatures.services import signature_check_record
from doorstroom.signatures.validation import inspect_pdf


@dataclass(frozen=True)
class SignatoryInput:
    name: str
    function: str = ""


def _locked(application: MandateApplication) -> MandateApplication:
    """Re-read the application under a row lock (PostgreSQL) so concurrent writers queue.

    Only the application's row (`of=self`): locking the joined organisation too would block
    every insert that refers to it (recognitions) and could deadlock with their reassessment.
    """
    return (
        MandateApplication.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=application.pk)
    )


def _store_assessment(application: MandateApplication, assessment: Assessment) -> None:
    application.status = assessment.status
    application.received_on = assessment.received_on
    application.completed_on = assessment.submission.completed_on
    application.decision_due_on = assessment.decision_due_on
    application.admissible = assessment.admissible
    application.submission_trace = assessment.submission.outcome.as_trace()
    application.admissibility_trace = (
        assessment.admissibility.as_trace() if assessment.admissibility else {}
    )
    if assessment.is_overdue and application.decision_due_on:
        # R15: overdue from the day after the due date.
        application.overdue_since = application.overdue_since or (
            application.decision_due_on + timedelta(days=1)
        )
    elif not assessment.is_overdue:
        application.overdue_since = None
    application.save()


def application_refresh(
    *, application: MandateApplication, today: date | None = None
) -> Assessment:
    """Recompute and store where the application stands (after any fact changed)."""
    assessment = application_assess(application, today=today or clock.today())
    _store_assessment(application, assessment)
    return assessment


@transaction.atomic
def application_create(
    *,
    organisation: Organisation,
    kind: str,
    frameworks: Sequence[str],
    signatories: Sequence[SignatoryInput],
    renews: Mandate | None = None,
    created_by: User | None = None,
) -> MandateApplication:
    """Start a mandate application (status draft) with its frameworks and signatories."""
    if kind not in ApplicationKind.values:
        raise InvalidInput("kind", f"Onbekende soort '{kind}': kies new of renewal.")
    unknown = sorted(set(frameworks) - set(FRAMEWORKS))
    if unknown or not frameworks:
        raise InvalidInput(
            "frameworks",
            f"Kies een of meer kaders uit {', '.join(FRAMEWORKS)}"
            + (f" (onbekend: {', '.join(unknown)})." if unknown else "."),
        )
    names = [s.name.strip() for s in signatories]
    if not names or any(not n for n in names):
        raise InvalidInput("signatories", "Geef minstens één ondertekenaar met een naam op.")
    if len({n.casefold() for n in names}) != len(names):
        raise InvalidInput("signatories", "Elke ondertekenaar komt maar één keer voor.")
    renews = _renewed_mandate(organisation=organisation, kind=kind, renews=renews)
    application = MandateApplication.objects.create(
        organisation=organisation,
        kind=kind,
        renews=renews,
        frameworks=Frameworks.to_db(frameworks),
        created_by=created_by,
    )
    for position, signatory in enumerate(signatories):
        Signatory.objects.create(
            application=application,
            name=signatory.name.strip(),
            function=signatory.function.strip(),
            position=position,
        )
    return application


def _renewed_mandate(
    *, organisation: Organisation, kind: str, renews: Mandate | None
) -> Mandate | None:
    """A renewal renews a mandate of the same organisation (by default its latest one)."""
    if kind == ApplicationKind.NEW:
        if renews is not None:
            raise InvalidInput("renews", "Een nieuwe aanvraag vernieuwt geen mandaat.")
        return None
    if renews is None:
        renews = organisation.mandates.order_by("-valid_until").first()
    if renews is None:
        raise InvalidInput("kind", "Deze organisatie heeft geen mandaat om te vernieuwen.")
    if renews.organisation_id != organisation.pk:
        raise InvalidInput("renews", "Dit mandaat hoort bij een andere organisatie.")
    return renews


def _ensure_open(application: MandateApplication) -> None:
    if application.decided:
        raise StateConflict(
            f"Aanvraag {application.reference} is al beslist ({application.status})."
        )


@transaction.atomic
def evidence_add(
    *,
    application: MandateApplication,
    condition: str,
    file: IO[bytes],
    original_name: str,
    description: str = "",
    uploaded_by: User | None = None,
    received_on: date | None = None,
    today: date | None = None,
) -> Evidence:
    """Attach a PDF as evidence for one condition; PDF checked by content, SHA-256 kept.

    Its signatures are checked in the same transaction (``signatures``): a valid eID signature
    of a listed signatory counts for R14 from ``received_on`` (the e-mail's day for the
    intake; default today), and the application is reassessed when one does.
    """
    if condition not in CONDITIONS:
        raise InvalidInput(
            "condition", f"Onbekende voorwaarde '{condition}'. Kies uit: {', '.join(CONDITIONS)}."
        )
    limit = settings.EVIDENCE_MAX_BYTES
    data = file.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(
            "file", f"Het bestand is te groot: maximaal {limit // (1024 * 1024)} MB."
        )
    try:
        pdf_check(data)
    except PdfCheckError as exc:
        raise InvalidInput("file", str(exc)) from exc
    finding = inspect_pdf(data)  # never raises: an unreadable signature is a finding
    today = today or clock.today()
    application = _locked(application)
    _ensure_open(application)
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(
        application=application,
        condition=condition,
        original_name=clean_filename(original_name, "bewijs.pdf"),
        description=description.strip()[:500],
        size=len(data),
        sha256=digest,
        uploaded_by=uploaded_by,
    )
    evidence.file.save(f"{digest}.pdf", ContentFile(data), save=False)
    evidence.save()
    check = signature_check_record(
        evidence=evidence, finding=finding, received_on=min(received_on or today, today)
    )
    if signatures_counted(check):
        application_refresh(application=application, today=today)
    return evidence


def _eid_names(application: MandateApplication, names: Sequence[str]) -> list[str]:
    """Map the given names onto the application's signatories (case and spacing ignored)."""
    by_key = {s.name.casefold(): s.name for s in application.signatories.all()}
    matched, unknown = [], []
    for name in names:
        key = " ".join(name.split()).casefold()
        if key in by_key:
            matched.append(by_key[key])
        else:
            unknown.append(name)
    if unknown:
        raise InvalidInput(
            "eid_signed_by",
            f"Geen ondertekenaar van deze aanvraag: {', '.join(unknown)}. "
            f"Ondertekenaars: {', '.join(by_key.values())}.",
        )
    return sorted(set(matched))


@transaction.atomic
def receipt_register(
    *,
    application: MandateApplication,
    channel: str,
    received_on: date,
    subject: str = "",
    tracking_number: str = "",
    eid_signed_by: Sequence[str] = (),
    registered_by: User | None = None,
    today: date | None = None,
) -> tuple[Receipt, Assessment]:
    """Record that the dossier arrived by e-mail or registered letter (R14), then reassess."""
    today = today or clock.today()
    if received_on > today:
        raise InvalidInput("received_on", "De ontvangstdatum mag niet in de toekomst liggen.")
    if channel == "registered_letter" and eid_signed_by:
        raise InvalidInput(
            "eid_signed_by", "eID-handtekeningen horen bij het digitale dossier (e-mail)."
        )
    if channel == "registered_letter" and subject:
        raise InvalidInput("subject", "Een aangetekende brief heeft geen e-mailonderwerp.")
    if channel == "email" and tracking_number:
        raise InvalidInput("tracking_number", "Een e-mail heeft geen zendingsnummer.")
    application = _locked(application)
    _ensure_open(application)
    names = _eid_names(application, eid_signed_by)
    subject_ok = None
    if channel == "email":
        expected = parameter("email_subject", received_on).value
        subject_ok = subject.strip() == expected
    receipt = Receipt.objects.create(
        application=application,
        channel=channel,
        received_on=received_on,
        subject=subject,
        subject_ok=subject_ok,
        tracking_number=tracking_number.strip(),
        eid_signed_by=names,
        registered_by=registered_by,
    )
    assessment = application_refresh(application=application, today=today)
    letters_after_receipt(receipt=receipt, today=today)
    return receipt, assessment


@transaction.atomic
def applications_refresh_for_organisation(*, organisation: Organisation) -> int:
    """Reassess the undecided applications of an organisation (its recognitions changed).

    Each row is locked, like every other writer of an application, so a decision taken
    meanwhile is waited for (and its application then no longer matches) instead of being
    overwritten with the status read before it.
    """
    count = 0
    for application in (
        MandateApplication.objects.select_for_update(of=("self",))
        .filter(organisation=organisation, received_on__isnull=False)
        .exclude(status__in=["approved", "rejected"])
        .order_by("pk")
    ):
        application_refresh(application=application)
        count += 1
    return count


def _judgements(conditions: Mapping[str, Mapping[str, Any]]) -> dict[str, rules.Judgement]:
    missing = [c for c in CONDITIONS if c not in conditions]
    unknown = sorted(set(conditions) - set(CONDITIONS))
    errors: dict[str, list[str]] = {}
    for code in missing:
        errors[f"conditions.{code}"] = ["Beoordeel deze voorwaarde (voldaan en motivering)."]
    for code in unknown:
        errors[f"conditions.{code}"] = [f"Onbekende voorwaarde '{code}'."]
    if errors:
        raise InvalidInput.many(errors)
    return {
        code: rules.Judgement(
            met=bool(conditions[code]["met"]),
            motivation=str(conditions[code].get("motivation") or ""),
        )
        for code in CONDITIONS
    }


@transaction.atomic
def decision_create(
    *,
    application: MandateApplication,
    decided_on: date,
    starts_on: date | None,
    conditions: Mapping[str, Mapping[str, Any]],
    decided_by: User | None = None,
    today: date | None = None,
) -> Decision:
    """Decide on a complete, admissible application (R13); an approval grants a mandate (R3)."""
    today = today or clock.today()
    judgements = _judgements(conditions)
    if decided_on > today:
        raise InvalidInput("decided_on", "De beslissingsdatum mag niet in de toekomst liggen.")
    application = _locked(application)
    if Decision.objects.filter(application=application).exists():
        raise StateConflict(f"Over aanvraag {application.reference} is al beslist.")
    assessment = application_assess(application, today=today)
    blocking = list(assessment.submission.outcome.blocking_reasons)
    if assessment.admissibility is not None:
        blocking += list(assessment.admissibility.blocking_reasons)
    if blocking:
        raise RuleViolation(
            f"Aanvraag {application.reference} kan nog niet beslist worden.", reasons=blocking
        )
    if assessment.submission.completed_on and decided_on < assessment.submission.completed_on:
        raise InvalidInput(
            "decided_on",
            "De beslissingsdatum ligt vóór de dag waarop het dossier volledig was "
            f"({assessment.submission.completed_on.isoformat()}).",
        )
    evidence_conditions = set(application.evidence.values_list("condition", flat=True))
    judged = rules.condition_judgements(
        judgements=judgements, evidence_conditions=evidence_conditions
    )
    outcome = DecisionOutcome.APPROVED if judged.allowed else DecisionOutcome.REJECTED
    period = rules.mandate_period(starts_on=starts_on or decided_on) if judged.allowed else None
    trace = {
        "assessment": assessment.trace(),
        "conditions": judged.as_trace(),
        "mandate_period": _period_trace(period),
    }
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                application=application,
                outcome=outcome,
                decided_on=decided_on,
                starts_on=(starts_on or decided_on) if period else None,
                reasons=[r.as_dict() for r in judged.reasons],
                trace=trace,
                decided_by=decided_by,
            )
    except IntegrityError as exc:  # a concurrent decision won the race
        raise StateConflict(f"Over aanvraag {application.reference} is al beslist.") from exc
    for code in CONDITIONS:
        ConditionJudgement.objects.create(
            decision=decision,
            condition=code,
            met=judgements[code].met,
            motivation=judgements[code].motivation.strip(),
        )
    if period is not None:
        Mandate.objects.create(
            organisation=application.organisation,
            application=application,
            frameworks=application.frameworks,
            valid_from=period.valid_from,
            valid_until=period.valid_until,
        )
        stamp_bump()  # R4 reads the mandates, R10 the years mandated
    application.status = outcome
    application.overdue_since = None
    application.save(update_fields=["status", "overdue_since", "updated_at"])
    letter_create(kind="decision", subject=decision, today=today)
    return decision


def _period_trace(period: rules.MandatePeriod | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {
        "valid_from": period.valid_from.isoformat(),
        "valid_until": period.valid_until.isoformat(),
        "parameters": [
            {
                "name": p.name,
                "value": p.value if not isinstance(p.value, date) else p.value.isoformat(),
                "in_force_from": p.in_force_from.isoformat(),
                "reference": p.reference,
            }
            for p in period.parameters
        ],
    }
