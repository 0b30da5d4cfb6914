"""Every write on mandate applications, evidence, receipts, decisions and mandates.

Each service runs in one transaction: it gathers the facts, asks rules/, and stores the outcome
together with the trace it was made with. A failed call changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.common.errors import DateOutOfRange, InvalidInput, RuleViolation, StateConflict
from doorstroom.common.pdf import PdfCheckError, pdf_check
from doorstroom.common.uploads import clean_filename
from doorstroom.mandates.assessment import Assessment, application_assess
from doorstroom.mandates.models import (
    CLOSED_STATUSES,
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
from doorstroom.organisations.partner_facts import stamp_bump
from doorstroom.rules import dates
from doorstroom.rules import mandates as rules
from doorstroom.rules.codes import CONDITIONS, FRAMEWORKS
from doorstroom.rules.params import parameter
from doorstroom.rules.reasons import reason
from doorstroom.signatures.models import SignatureCheck
from doorstroom.signatures.services import signature_check_counts, signature_check_record
from doorstroom.signatures.validation import inspect_pdf

#: What happened to a dossier that the apps above mandates answer in the same transaction
#: (letters writes the acknowledgement and the request for missing items after a receipt, the
#: letter of a decision on the merits or declaring the dossier inadmissible; not after a
#: withdrawal). They register here from their `AppConfig.ready()`: a call up the layers, so it
#: goes through these lists, like `organisations.services.RECOGNITION_ADDED`
#: (docs/architecture.md *Layers*). A callback that raises rolls the whole service back.
RECEIPT_REGISTERED: list[Callable[[Receipt, date], object]] = []
DECISION_TAKEN: list[Callable[[Decision, date], object]] = []


def _decision_taken(decision: Decision, today: date) -> None:
    for callback in DECISION_TAKEN:
        callback(decision, today)


#: What `application_create` says of a bad signatory list (`rules.signatory_list_problem`),
#: in Dutch as every service message; the applicant's page shows the same words, translated
#: through its catalog (web/applicant/locale), on the row concerned.
SIGNATORY_LIST_MESSAGES = {
    "missing": gettext_noop(
        "Geef minstens één ondertekenaar op (een wettelijk vertegenwoordiger), elk met een naam."
    ),
    "duplicate": gettext_noop("Elke ondertekenaar komt maar één keer voor."),
}


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
    target = assessment.decision_target
    application.decision_target = target.as_dict() if target is not None else {}
    if assessment.is_overdue and application.decision_due_on:
        application.overdue_since = application.overdue_since or rules.overdue_from(
            due_on=application.decision_due_on
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
    problem = rules.signatory_list_problem([s.name for s in signatories])
    if problem:
        raise InvalidInput("signatories", SIGNATORY_LIST_MESSAGES[problem[0]])
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
    if application.closed:
        raise StateConflict(
            f"Aanvraag {application.reference} is al beslist of afgesloten ({application.status})."
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
        evidence_id=evidence.pk,
        signatories=_signatories_by_name(application.pk),
        finding=finding,
        received_on=min(received_on or today, today),
    )
    if signature_check_counts(check):
        application_refresh(application=application, today=today)
    return evidence


@transaction.atomic
def evidence_remove(
    *, evidence: Evidence, removed_by: User | None = None, today: date | None = None
) -> None:
    """Remove an evidence PDF while the dossier is still being prepared (pages only).

    Allowed until VDAB registered a first receipt: from then on the evidence belongs to the
    dossier VDAB received and judges (R13, R14), so it is refused (``StateConflict``), as it
    is once the application is closed. The API documents no delete; the history keeps the
    record. The stored file stays (files are named by their SHA-256 and may be shared).
    """
    application = _locked(evidence.application)
    _ensure_open(application)
    if application.receipts.exists():
        raise StateConflict(
            f"Aanvraag {application.reference} is al bij VDAB ontvangen: het bewijs kan niet "
            "meer verwijderd of vervangen worden."
        )
    if removed_by is not None:
        evidence._change_reason = f"verwijderd door {removed_by.pk}"  # type: ignore[attr-defined]
    evidence.delete()
    application_refresh(application=application, today=today or clock.today())


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
        subject_ok = rules.email_subject_matches(subject=subject, received_on=received_on)
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
    for callback in RECEIPT_REGISTERED:
        callback(receipt, today)
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
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("pk")
    ):
        application_refresh(application=application)
        count += 1
    return count


def recognitions_changed(organisation: Organisation) -> None:
    """`organisations.services.recognition_create`'s callback (registered in
    `MandatesConfig.ready()`): reassess the organisation's undecided applications."""
    applications_refresh_for_organisation(organisation=organisation)


@dataclass(frozen=True)
class Judgements:
    """The reviewer's judgements as R13 takes them: four conditions, expertise per framework.

    ``per_framework`` says whether expertise was judged per framework (stored as one row per
    framework) or once for every asked framework (one row without framework).
    """

    others: dict[str, rules.Judgement]
    expertise: dict[str, rules.Judgement]
    per_framework: bool


def _judgement(value: Mapping[str, Any]) -> rules.Judgement:
    return rules.Judgement(met=bool(value["met"]), motivation=str(value.get("motivation") or ""))


def _judgements(conditions: Mapping[str, Mapping[str, Any]], frameworks: list[str]) -> Judgements:
    """Check that the five conditions are judged; expertise once or per asked framework."""
    missing = [c for c in CONDITIONS if c not in conditions]
    unknown = sorted(set(conditions) - set(CONDITIONS))
    errors: dict[str, list[str]] = {}
    for code in missing:
        errors[f"conditions.{code}"] = ["Beoordeel deze voorwaarde (voldaan en motivering)."]
    for code in unknown:
        errors[f"conditions.{code}"] = [f"Onbekende voorwaarde '{code}'."]
    for code, value in conditions.items():
        if code != "expertise" and code in CONDITIONS and "met" not in value:
            errors[f"conditions.{code}"] = ["Geef 'met' en 'motivation' op."]
    expertise = conditions.get("expertise") or {}
    per_framework = "met" not in expertise and bool(expertise)
    if per_framework:
        for framework in frameworks:
            if framework not in expertise:
                errors[f"conditions.expertise.{framework}"] = [
                    "Beoordeel de deskundigheid voor elk gevraagd kader."
                ]
        for framework in sorted(set(expertise) - set(frameworks)):
            errors[f"conditions.expertise.{framework}"] = [
                f"De aanvraag vraagt het kader '{framework}' niet."
            ]
    if errors:
        raise InvalidInput.many(errors)
    return Judgements(
        others={c: _judgement(conditions[c]) for c in CONDITIONS if c != "expertise"},
        expertise={f: _judgement(expertise[f] if per_framework else expertise) for f in frameworks},
        per_framework=per_framework,
    )


def decision_check(
    *, application: MandateApplication, conditions: Mapping[str, Mapping[str, Any]]
) -> rules.Grant:
    """What :func:`decision_create` would judge (R13), without writing: the pages' confirm step.

    Raises ``InvalidInput`` like ``decision_create`` for judgements that are not complete.
    """
    frameworks = application.framework_list
    judgements = _judgements(conditions, frameworks)
    return rules.mandate_grant(
        frameworks=frameworks,
        judgements=judgements.others,
        expertise=judgements.expertise,
        evidence_conditions=set(application.evidence.values_list("condition", flat=True)),
    )


def _earliest_day(field: str, on: date) -> None:
    """R16: the system holds no procedure before the first value of its parameters."""
    if not dates.in_range(on):
        raise DateOutOfRange(dates.date_out_of_range(on), field=field)


def _closing_day(*, field: str, on: date, received_on: date | None, today: date, what: str) -> None:
    """The day a dossier ends: not in the future, not before its first arrival, not before the
    system's first day (``date_out_of_range``)."""
    if on > today:
        raise InvalidInput(field, f"De datum van {what} mag niet in de toekomst liggen.")
    _earliest_day(field, on)
    if received_on is not None and on < received_on:
        raise InvalidInput(
            field,
            f"De datum van {what} ligt vóór de eerste ontvangst van het dossier "
            f"({received_on.isoformat()}).",
        )


def _ensure_not_ended(application: MandateApplication) -> None:
    """One ending per dossier (R15): a second one of any kind is a conflict (409)."""
    ended = Decision.objects.filter(application=application).first()
    if ended is not None or application.closed:
        outcome = ended.outcome if ended is not None else application.status
        raise StateConflict(
            f"Aanvraag {application.reference} is al afgesloten ({outcome}); dat kan niet meer "
            "ongedaan gemaakt of gewijzigd worden."
        )


def _create_ending(**fields: Any) -> Decision:
    application: MandateApplication = fields["application"]
    try:
        with transaction.atomic():
            return Decision.objects.create(**fields)
    except IntegrityError as exc:  # a concurrent ending won the race
        raise StateConflict(f"Aanvraag {application.reference} is al afgesloten.") from exc


def _close(application: MandateApplication, status: str) -> None:
    """The dossier ends: its status follows the ending and the R15 clock stops."""
    application.status = status
    application.overdue_since = None
    application.save(update_fields=["status", "overdue_since", "updated_at"])


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
    """Decide on a complete, admissible application (R13); an approval grants a mandate (R3).

    Expertise may be judged per asked framework: the mandate covers only the frameworks whose
    expertise is met. The mandate starts as R3 bis says; ``starts_on`` may be omitted, any
    other day than that start is refused (``start_date_invalid``).
    """
    today = today or clock.today()
    frameworks = application.framework_list
    judgements = _judgements(conditions, frameworks)
    if decided_on > today:
        raise InvalidInput("decided_on", "De beslissingsdatum mag niet in de toekomst liggen.")
    application = _locked(application)
    _ensure_not_ended(application)
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
    renews = application.renews
    start = rules.mandate_start(
        decided_on=decided_on,
        previous_valid_until=renews.valid_until if renews is not None else None,
        starts_on=starts_on,
    )
    if not start.outcome.allowed:
        raise RuleViolation(
            f"De startdatum van het mandaat van {application.reference} kan niet.",
            reasons=start.outcome.blocking_reasons,
        )
    evidence_conditions = set(application.evidence.values_list("condition", flat=True))
    grant = rules.mandate_grant(
        frameworks=frameworks,
        judgements=judgements.others,
        expertise=judgements.expertise,
        evidence_conditions=evidence_conditions,
    )
    judged = grant.outcome
    outcome = DecisionOutcome.APPROVED if judged.allowed else DecisionOutcome.REJECTED
    period = rules.mandate_period(starts_on=start.starts_on) if judged.allowed else None
    trace = {
        "assessment": assessment.trace(),
        "conditions": judged.as_trace(),
        "frameworks": {"asked": frameworks, "granted": list(grant.frameworks)},
        "mandate_start": {
            "rule": "R3 bis",
            "starts_on": start.starts_on.isoformat(),
            "asked": starts_on.isoformat() if starts_on else None,
            "renews": renews.pk if renews is not None else None,
            "previous_valid_until": renews.valid_until.isoformat() if renews else None,
        },
        "mandate_period": _period_trace(period),
    }
    decision = _create_ending(
        application=application,
        outcome=outcome,
        decided_on=decided_on,
        starts_on=start.starts_on if period else None,
        reasons=[r.as_dict() for r in judged.reasons],
        trace=trace,
        decided_by=decided_by,
    )
    for code, judgement in judgements.others.items():
        _judgement_store(decision, code, "", judgement)
    if judgements.per_framework:
        for framework, judgement in judgements.expertise.items():
            _judgement_store(decision, "expertise", framework, judgement)
    else:
        _judgement_store(decision, "expertise", "", judgements.expertise[frameworks[0]])
    if period is not None:
        Mandate.objects.create(
            organisation=application.organisation,
            application=application,
            frameworks=Frameworks.to_db(grant.frameworks),
            valid_from=period.valid_from,
            valid_until=period.valid_until,
        )
        stamp_bump()  # R4 reads the mandates, R10 the years mandated
    _close(application, outcome)
    _decision_taken(decision, today)
    return decision


def _judgement_store(
    decision: Decision, condition: str, framework: str, judgement: rules.Judgement
) -> None:
    ConditionJudgement.objects.create(
        decision=decision,
        condition=condition,
        framework=framework,
        met=judgement.met,
        motivation=judgement.motivation.strip(),
    )


@transaction.atomic
def application_declare_inadmissible(
    *,
    application: MandateApplication,
    decided_on: date,
    motivation: str,
    decided_by: User | None = None,
    today: date | None = None,
) -> Decision:
    """Declare a dossier inadmissible on its R1/R14 reasons (R15: one of the four endings).

    Refused when the dossier is complete and admissible (422 ``not_inadmissible``: decide on
    the merits), when nothing has been received yet or the dossier ended already (409). The
    reasons, the assessment and the parameter values used are kept with the ending; the
    letter is written in the same transaction; the dossier is closed and no longer overdue.
    """
    today = today or clock.today()
    motivation = motivation.strip()
    if not motivation:
        raise InvalidInput("motivation", "Motiveer waarom het dossier onontvankelijk is.")
    application = _locked(application)
    _ensure_not_ended(application)
    assessment = application_assess(application, today=today)
    if assessment.received_on is None:
        raise StateConflict(
            f"Van aanvraag {application.reference} is nog niets ontvangen: er is niets om "
            "onontvankelijk te verklaren (de aanvrager kan het ontwerp intrekken)."
        )
    _closing_day(
        field="decided_on",
        on=decided_on,
        received_on=assessment.received_on,
        today=today,
        what="de beslissing",
    )
    grounds = rules.dossier_admissible(
        submission=assessment.submission, admissibility=assessment.admissibility
    )
    if grounds.allowed:
        raise RuleViolation(
            f"Aanvraag {application.reference} is volledig en ontvankelijk.",
            reasons=[reason("not_inadmissible")],
        )
    target = parameter("decision_target_months", decided_on)
    decision = _create_ending(
        application=application,
        outcome=DecisionOutcome.INADMISSIBLE,
        decided_on=decided_on,
        motivation=motivation,
        reasons=[r.as_dict() for r in grounds.blocking_reasons],
        trace={
            "assessment": assessment.trace(),
            "inadmissibility": grounds.as_trace(),
            "parameters": [target.as_dict()],
        },
        decided_by=decided_by,
    )
    _close(application, DecisionOutcome.INADMISSIBLE)
    _decision_taken(decision, today)
    return decision


@transaction.atomic
def application_withdraw(
    *,
    application: MandateApplication,
    withdrawn_on: date,
    reason_text: str = "",
    withdrawn_by: User | None = None,
    today: date | None = None,
) -> Decision:
    """The applicant withdraws the application (R15: one of the four endings).

    Possible until the dossier ended (409 afterwards, and no decision after it); a draft may be
    withdrawn too. The day is not in the future, not before the first arrival and not before
    the system's first day. The reason is optional. The dossier is closed, no longer overdue,
    and does not count as a decision in monitoring.
    """
    today = today or clock.today()
    application = _locked(application)
    _ensure_not_ended(application)
    assessment = application_assess(application, today=today)
    _closing_day(
        field="withdrawn_on",
        on=withdrawn_on,
        received_on=assessment.received_on,
        today=today,
        what="de intrekking",
    )
    decision = _create_ending(
        application=application,
        outcome=DecisionOutcome.WITHDRAWN,
        decided_on=withdrawn_on,
        motivation=reason_text.strip(),
        reasons=[],
        trace={"assessment": assessment.trace(), "status_before": assessment.status},
        decided_by=withdrawn_by,
    )
    _close(application, DecisionOutcome.WITHDRAWN)
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


def _signatories_by_name(application_id: int) -> dict[str, int]:
    """The application's signatories, name → id, as signatures/ matches signers against."""
    rows = Signatory.objects.filter(application=application_id).values_list("name", "pk")
    return dict(rows)


@transaction.atomic
def evidence_signatures_recheck(*, evidence: Evidence) -> SignatureCheck:
    """Check a stored evidence PDF again (new trust roots); keeps the day it arrived."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    previous = SignatureCheck.objects.filter(evidence=evidence).first()
    with evidence.file.open("rb") as handle:
        data = handle.read()
    received_on = previous.received_on if previous else timezone.localdate(evidence.created_at)
    return signature_check_record(
        evidence_id=evidence.pk,
        signatories=_signatories_by_name(evidence.application_id),
        finding=inspect_pdf(data),
        received_on=received_on,
    )


def signatures_recheck(*, application_ids: list[int] | None = None) -> tuple[int, int]:
    """Check stored evidence PDFs again and reassess the undecided applications they belong to.

    For after EID_TRUST_ROOTS changed. Returns (PDFs checked, applications reassessed).
    Decided applications keep their signatures as they were decided on.
    """
    undecided = MandateApplication.objects.exclude(status__in=CLOSED_STATUSES)
    if application_ids is not None:
        undecided = undecided.filter(pk__in=application_ids)
    checked = refreshed = 0
    for application in undecided.order_by("id"):
        with transaction.atomic():
            for evidence in Evidence.objects.filter(application=application).order_by("id"):
                evidence_signatures_recheck(evidence=evidence)
                checked += 1
            if application.received_on is not None:
                application_refresh(application=application)
                refreshed += 1
    return checked, refreshed
