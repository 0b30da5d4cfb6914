"""Rules of the mandate procedure: R1, R3, R3 bis, R13, R14 and R15.

Why plain dataclasses in and :class:`Outcome` out: the rules must be testable in milliseconds
without a database, and the Django services must be able to store exactly what a rule saw and
said. The evaluation date is always an argument (never ``date.today()``) so that a rule gives
the same answer when a case is re-examined later, and so that parameters are taken "in force on
the relevant date" (R16).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from doorstroom.rules.calendar import ONE_DAY, add_months, add_years, is_within
from doorstroom.rules.codes import CHANNELS, CONDITIONS
from doorstroom.rules.outcome import Outcome, Reason
from doorstroom.rules.params import ParameterValue, parameter
from doorstroom.rules.reasons import reason

MandateStatus = Literal["future", "active", "expired"]


# --------------------------------------------------------------------------------------------
# R1 Recognition first
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecognitionFact:
    """A DWSE recognition (label and registration) of the applicant, as recorded."""

    label_number: str
    registration_number: str
    valid_from: date
    valid_until: date | None


def recognition_valid_on(recognition: RecognitionFact, on: date) -> bool:
    """Whether ``recognition`` is a full DWSE recognition valid on ``on`` (R1, R4).

    "label en registratie": both numbers are needed; a blank one means only half a recognition.
    """
    complete = bool(recognition.label_number.strip() and recognition.registration_number.strip())
    return complete and is_within(on, recognition.valid_from, recognition.valid_until)


def admissibility(
    *, received_on: date, recognitions: Sequence[RecognitionFact], current_participant: bool
) -> Outcome:
    """R1: is a mandate application admissible on the day it was received?

    Source: "De eerste stap en voorwaarde in het mogen opnemen van de effectieve
    doorstroombegeleiding is de erkenning als dienstverlener bij DWSE (label en registratie).
    Voor de huidige deelnemers geldt een overgangsregeling van twee jaar die afloopt op
    1 september 2021. Vanaf 2 september 2021 is dit een vereiste voor elke aanvraag."

    Admissible when a recognition with both a label and a registration number is valid on
    ``received_on``. Otherwise a current participant is still admissible up to and including
    the last day of the transitional period (parameter ``transitional_period_end`` in force on
    ``received_on``), with the informative reason ``transitional_regime_applied``. Otherwise the
    blocking reason ``recognition_missing``.

    A valid recognition always suffices, so a current participant that is also recognised gets
    no transitional reason. ``transitional_period_end`` is listed in the outcome's parameters in
    every case: it decides whether a recognition is required at all on that day, so it is part
    of the law applied even when a recognition was found.
    """
    period_end = parameter("transitional_period_end", received_on)
    used = (period_end,)
    if any(recognition_valid_on(r, received_on) for r in recognitions):
        return Outcome.from_reasons((), used)
    if current_participant and received_on <= period_end.as_date():
        applied = reason(
            "transitional_regime_applied",
            received_on=received_on,
            transitional_period_end=period_end.as_date(),
        )
        return Outcome.from_reasons((applied,), used)
    return Outcome.from_reasons((reason("recognition_missing", received_on=received_on),), used)


# --------------------------------------------------------------------------------------------
# R14 Two channels, or one with eID
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptFact:
    """One registered receipt: an e-mail with the scanned dossier or a registered letter.

    ``eid_signed_by`` holds the signatories (same identifiers as the application's signatory
    list) whose eID signature is on the dossier received with this e-mail.
    """

    channel: str  # "email" | "registered_letter"
    received_on: date
    subject: str = ""
    eid_signed_by: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"Unknown channel {self.channel!r}; use one of {', '.join(CHANNELS)}")


@dataclass(frozen=True)
class EidSignatureFact:
    """A valid eID signature of a listed signatory, found in a PDF of the digital dossier.

    ``signatory`` uses the same identifiers as the application's signatory list; ``received_on``
    is the day the signed PDF arrived (the e-mail's day, or the day it was uploaded). Only
    signatures that are intact, unchanged since signing and chain to the trusted eID roots are
    facts: whoever checks the PDF decides that, this rule only counts them.
    """

    signatory: str
    received_on: date


def signatory_list_problem(names: Sequence[str]) -> tuple[str, int] | None:
    """R14: the list of who signs, as the submission's eID count needs it, or what is wrong.

    "Indien alle partijen via eID kunnen tekenen, is een papieren versie niet nodig": every
    listed party is counted by name, so the list names at least one party, every entry has a
    name, and each party is listed once (names compared without case and surrounding spaces,
    as signers are matched). Returns ``("missing", i)`` for an empty list (``i`` = 0) or the
    first entry without a name, ``("duplicate", i)`` for the first name listed again, or
    ``None`` for a good list. The service refuses a bad list; the page uses the position to
    put the message on that row.
    """
    if not names:
        return ("missing", 0)
    seen: set[str] = set()
    for position, name in enumerate(names):
        key = name.strip().casefold()
        if not key:
            return ("missing", position)
        if key in seen:
            return ("duplicate", position)
        seen.add(key)
    return None


@dataclass(frozen=True)
class SubmissionOutcome:
    """R14 result: whether the submission is complete, since when, and why (not)."""

    complete: bool
    completed_on: date | None
    outcome: Outcome


def expected_email_subject(*, on: date) -> ParameterValue:
    """R14: the exact subject ("titel") an e-mail received on ``on`` must carry.

    Source: "mail je het naar mandaatdoorstroom@vdab.be met als titel 'Aanvraag mandaat
    doorstroombegeleiding'". The parameter ``email_subject`` in force on ``on`` (R16).
    """
    return parameter("email_subject", on)


def email_subject_matches(*, subject: str, received_on: date) -> bool:
    """R14: whether an e-mail's subject is the one asked for on the day it was received.

    Source: "mail je het naar mandaatdoorstroom@vdab.be met als titel 'Aanvraag mandaat
    doorstroombegeleiding'". Surrounding whitespace is ignored; case and inner spacing count
    (the source asks for that exact title). A mismatch is only flagged, never blocking.
    """
    return subject.strip() == expected_email_subject(on=received_on).as_str()


def _signatories_without_eid(
    receipts: Sequence[ReceiptFact],
    signatories: Sequence[str],
    eid_signatures: Sequence[EidSignatureFact] = (),
) -> list[str]:
    signed: set[str] = {s.signatory for s in eid_signatures}
    for receipt in receipts:
        if receipt.channel == "email":
            signed |= receipt.eid_signed_by
    return [s for s in dict.fromkeys(signatories) if s not in signed]


def _paper_needed(
    receipts: Sequence[ReceiptFact],
    signatories: Sequence[str],
    eid_signatures: Sequence[EidSignatureFact] = (),
) -> bool:
    # Nobody listed means nobody can be shown to have signed with eID: paper is needed.
    return not signatories or bool(_signatories_without_eid(receipts, signatories, eid_signatures))


def _requirements_met(
    receipts: Sequence[ReceiptFact],
    signatories: Sequence[str],
    eid_signatures: Sequence[EidSignatureFact] = (),
) -> bool:
    has_email = any(r.channel == "email" for r in receipts)
    has_letter = any(r.channel == "registered_letter" for r in receipts)
    return has_email and (has_letter or not _paper_needed(receipts, signatories, eid_signatures))


def submission(
    *,
    receipts: Sequence[ReceiptFact],
    signatories: Sequence[str],
    eid_signatures: Sequence[EidSignatureFact] = (),
) -> SubmissionOutcome:
    """R14: is the submission complete, and on which day did it become complete?

    Source: "1) stuur eerst per brief (origineel exemplaar en aangetekend) naar: VDAB Centrale
    diensten, Dienst samenwerking, Keizerslaan 11, 1000 Brussel en 2) scan daarna je je volledig
    dossier in en mail je het naar mandaatdoorstroom@vdab.be met als titel 'Aanvraag mandaat
    doorstroombegeleiding'" and "Indien alle partijen via eID kunnen tekenen, is een papieren
    versie niet nodig en een digitaal dossier voldoende. Indien niet alle partijen via eID
    kunnen tekenen is zowel een digitaal dossier als papieren versie nodig."

    The digital dossier is any e-mail receipt. The paper original is needed unless every listed
    signatory appears among the eID signers of the e-mails or among ``eid_signatures`` (valid
    eID signatures found in the dossier's PDFs); an empty list needs paper. The completion date
    is the first day on which the receipts and signatures received up to and including that
    day meet the requirements: the day the last required channel (or the last missing eID
    signature) arrived, which starts the two-month clock of R15.

    Reasons: blocking ``digital_dossier_missing`` and ``paper_original_missing``; informative
    ``email_subject_mismatch`` for every e-mail whose subject, stripped of surrounding
    whitespace, is not exactly the ``email_subject`` parameter in force on that e-mail's day.
    Case and inner spacing count: the source asks for that exact title, and a mismatch is only
    flagged, never blocking. ``outcome.allowed`` equals ``complete``.
    """
    ordered = sorted(receipts, key=lambda r: r.received_on)
    completed_on: date | None = None
    days = {r.received_on for r in ordered} | {s.received_on for s in eid_signatures}
    for day in sorted(days):
        if _requirements_met(
            [r for r in ordered if r.received_on <= day],
            signatories,
            [s for s in eid_signatures if s.received_on <= day],
        ):
            completed_on = day
            break

    reasons: list[Reason] = []
    used: list[ParameterValue] = []
    if not any(r.channel == "email" for r in ordered):
        reasons.append(reason("digital_dossier_missing"))
    has_letter = any(r.channel == "registered_letter" for r in ordered)
    if _paper_needed(ordered, signatories, eid_signatures) and not has_letter:
        without_eid = _signatories_without_eid(ordered, signatories, eid_signatures)
        reasons.append(
            reason(
                "paper_original_missing",
                signatories=len(set(signatories)),
                signatories_without_eid=len(without_eid),
            )
        )
    for receipt in ordered:
        if receipt.channel != "email":
            continue
        expected = expected_email_subject(on=receipt.received_on)
        used.append(expected)
        if not email_subject_matches(subject=receipt.subject, received_on=receipt.received_on):
            reasons.append(
                reason(
                    "email_subject_mismatch",
                    received_on=receipt.received_on,
                    subject=receipt.subject.strip(),
                    expected_subject=expected.as_str(),
                )
            )

    outcome = Outcome.from_reasons(reasons, used)
    complete = completed_on is not None
    # Same facts, two views: the day-by-day replay and the final reasons must agree.
    assert outcome.allowed == complete, "R14 completion and reasons disagree"  # noqa: S101
    return SubmissionOutcome(complete=complete, completed_on=completed_on, outcome=outcome)


# --------------------------------------------------------------------------------------------
# R15 Two-month target
# --------------------------------------------------------------------------------------------


def decision_due_on(*, completed_on: date) -> tuple[date, ParameterValue]:
    """R15: the target date for deciding on a complete dossier.

    Source: "We streven ernaar om het dossier binnen de 2 maanden te beoordelen."

    ``decision_target_months`` (in force on ``completed_on``, the day the clock starts) calendar
    months after completion, clamped to the month's end: 2025-12-31 → 2026-02-28. The
    parameter value is returned so the caller can store it with the case.
    """
    months = parameter("decision_target_months", completed_on)
    return add_months(completed_on, months.as_int()), months


def decision_due_alert_on(*, due_on: date) -> tuple[date, ParameterValue]:
    """R15: the day the reviewers are alerted that a dossier's decision is due soon.

    Source: "We streven ernaar om het dossier binnen de 2 maanden te beoordelen."

    ``due_on`` minus ``decision_due_alert_lead_days`` (7, in force on ``due_on``): due
    2026-02-28 → alert from 2026-02-21. A choice of this system, not of the law.
    """
    lead = parameter("decision_due_alert_lead_days", due_on)
    return due_on - timedelta(days=lead.as_int()), lead


def overdue_from(*, due_on: date) -> date:
    """R15: the first day a dossier due on ``due_on`` is overdue (while undecided): the next day.

    Source: "We streven ernaar om het dossier binnen de 2 maanden te beoordelen."
    """
    return due_on + ONE_DAY


def past_due(*, due_on: date | None, today: date) -> bool:
    """R15: whether ``today`` lies after the due date ``due_on`` (the due date itself is not).

    Source: "We streven ernaar om het dossier binnen de 2 maanden te beoordelen."

    Without a due date (the submission is not complete) a dossier is never past due. The SQL
    twin is ``doorstroom.mandates.selectors.past_due_q``.
    """
    return due_on is not None and today >= overdue_from(due_on=due_on)


def decided_within_target(*, decided_on: date, due_on: date | None) -> bool:
    """R15: whether a decision taken on ``decided_on`` met the target due on ``due_on``.

    Source: "We streven ernaar om het dossier binnen de 2 maanden te beoordelen."

    Timely when decided on or before the due date. A dossier without a due date (its
    submission never became complete) has no target and so is never decided within it.
    """
    return due_on is not None and not past_due(due_on=due_on, today=decided_on)


def overdue(*, due_on: date | None, today: date, decided: bool) -> Outcome:
    """R15: is the dossier past its target date while still undecided?

    Source: "We streven ernaar om het dossier binnen de 2 maanden te beoordelen."

    Overdue from the day after ``due_on`` while not decided; a dossier without a due date
    (submission not complete yet) is never overdue. Here ``allowed`` means "not overdue" and is
    set explicitly: the reason ``decision_overdue`` is not blocking, because the two months are
    a target and not a legal deadline (nothing is refused because of it), yet the outcome is
    flagged (allowed=False) so that lists and reports can pick it out.
    """
    is_overdue = not decided and past_due(due_on=due_on, today=today)
    if not is_overdue or due_on is None:
        return Outcome(allowed=True, reasons=())
    return Outcome(allowed=False, reasons=(reason("decision_overdue", due_on=due_on),))


# --------------------------------------------------------------------------------------------
# R13 Five formal conditions
# --------------------------------------------------------------------------------------------


def conditions_without_evidence(*, evidence_conditions: AbstractSet[str]) -> tuple[str, ...]:
    """R13: the conditions (in the source's order) for which no evidence file was uploaded.

    Source: "In het bijgevoegde dossier vertaal je daarom deze ervaring zo concreet en zo
    objectief mogelijk". Raises ``ValueError`` for an unknown condition among
    ``evidence_conditions``.
    """
    unknown = sorted(set(evidence_conditions) - set(CONDITIONS))
    if unknown:
        raise ValueError(f"Unknown evidence conditions {unknown}; use {', '.join(CONDITIONS)}")
    return tuple(c for c in CONDITIONS if c not in evidence_conditions)


def evidence_missing(*, evidence_conditions: AbstractSet[str]) -> list[Reason]:
    """R13: the informative ``evidence_missing`` reason for each condition without evidence.

    Source: "In het bijgevoegde dossier vertaal je daarom deze ervaring zo concreet en zo
    objectief mogelijk". What the applicant's pages and the missing-items letter list before
    any judgement; :func:`condition_judgements` flags the same only for conditions judged met.
    """
    return [
        reason("evidence_missing", condition=c)
        for c in conditions_without_evidence(evidence_conditions=evidence_conditions)
    ]


@dataclass(frozen=True)
class Judgement:
    """A reviewer's judgement on one formal condition, with its written motivation."""

    met: bool
    motivation: str


def condition_judgements(
    *, judgements: Mapping[str, Judgement], evidence_conditions: AbstractSet[str]
) -> Outcome:
    """R13: may the mandate be granted on these five judgements?

    Source ("Formele voorwaarden"): "de onderneming voert een kwaliteitsvolle bedrijfsvoering;
    de onderneming beschikt over de nodige faciliteiten om de dienstverlening uit te voeren; de
    onderneming toont haar professionele deskundigheid op het vlak van begeleiding van
    doelgroepwerknemers aan; de onderneming heeft aantoonbare resultaten wat betreft de
    inschakeling van doelgroepwerknemers in het normaal economisch circuit; de onderneming heeft
    een methodische aanpak van de dienstverlening" and "In het bijgevoegde dossier vertaal je
    daarom deze ervaring zo concreet en zo objectief mogelijk".

    Allowed (approve) only if all five conditions are judged met and every judgement has a
    non-blank motivation. Reasons, in the source's order of conditions: blocking
    ``condition_not_met`` and ``motivation_missing``; informative ``evidence_missing`` for a
    condition judged met without an uploaded evidence file, informative because the evidence
    may be in the e-mailed or paper dossier and the reviewer has judged it.

    Raises ``ValueError`` when the judgements are not exactly the five condition codes, or the
    evidence names an unknown condition: the API validates this first, so it is a programming
    error here.
    """
    missing = [c for c in CONDITIONS if c not in judgements]
    unknown = sorted(set(judgements) - set(CONDITIONS))
    unknown_evidence = sorted(set(evidence_conditions) - set(CONDITIONS))
    if missing or unknown or unknown_evidence:
        raise ValueError(
            "R13 needs a judgement for exactly the conditions "
            f"{', '.join(CONDITIONS)}: missing {missing}, unknown {unknown}, "
            f"unknown evidence conditions {unknown_evidence}"
        )
    without_evidence = conditions_without_evidence(evidence_conditions=evidence_conditions)
    reasons: list[Reason] = []
    for condition in CONDITIONS:
        judgement = judgements[condition]
        if not judgement.met:
            reasons.append(reason("condition_not_met", condition=condition))
        if not judgement.motivation.strip():
            reasons.append(reason("motivation_missing", condition=condition))
        if judgement.met and condition in without_evidence:
            reasons.append(reason("evidence_missing", condition=condition))
    return Outcome.from_reasons(reasons)


@dataclass(frozen=True)
class Grant:
    """R13 with expertise per framework: the outcome and the frameworks the mandate covers."""

    outcome: Outcome
    frameworks: tuple[str, ...]


def mandate_grant(
    *,
    frameworks: Sequence[str],
    judgements: Mapping[str, Judgement],
    expertise: Mapping[str, Judgement],
    evidence_conditions: AbstractSet[str],
) -> Grant:
    """R13: may the mandate be granted, and for which of the asked frameworks?

    Source: "de onderneming toont haar professionele deskundigheid op het vlak van begeleiding
    van doelgroepwerknemers aan" with, per framework, the target groups "Maatwerk: personen met
    een arbeidsbeperking … LDE: werkzoekenden met een grote afstand tot de arbeidsmarkt".

    ``judgements`` holds the four conditions other than ``expertise``; ``expertise`` holds one
    judgement per asked framework (the same judgement for each when it was given once). The
    expertise condition counts as met when it is met for at least one framework; the mandate
    then covers only the frameworks whose expertise is met, and each asked framework that is
    not covered gets the informative reason ``framework_not_granted`` (a partial approval).
    Otherwise the reasons of :func:`condition_judgements` decide, with ``motivation_missing``
    for expertise when any framework's motivation is blank. ``frameworks`` of the result is
    empty when the outcome is not allowed.

    Raises ``ValueError`` when ``judgements`` holds ``expertise`` or ``expertise`` does not
    name exactly the asked frameworks (the service validates this first).
    """
    asked = list(dict.fromkeys(frameworks))
    if "expertise" in judgements or set(expertise) != set(asked) or not asked:
        raise ValueError(
            f"R13 expertise needs one judgement per asked framework {asked}, "
            f"got {sorted(expertise)} (and no 'expertise' among {sorted(judgements)})"
        )
    met = [f for f in asked if expertise[f].met]
    motivated = all(expertise[f].motivation.strip() for f in asked)
    combined = Judgement(met=bool(met), motivation="ok" if motivated else "")
    outcome = condition_judgements(
        judgements={**judgements, "expertise": combined}, evidence_conditions=evidence_conditions
    )
    extra: list[Reason] = []
    if len(asked) > 1:
        extra = [reason("framework_not_granted", framework=f) for f in asked if f not in met]
    full = Outcome.from_reasons((*outcome.reasons, *extra), outcome.parameters)
    return Grant(outcome=full, frameworks=tuple(met) if full.allowed else ())


# --------------------------------------------------------------------------------------------
# R1 + R14 → R15: declaring a dossier inadmissible
# --------------------------------------------------------------------------------------------


def dossier_admissible(*, submission: SubmissionOutcome, admissibility: Outcome | None) -> Outcome:
    """R15 (with R1 and R14): may the dossier be decided on the merits, or only declared
    inadmissible?

    Source: "De eerste stap en voorwaarde … is de erkenning als dienstverlener bij DWSE (label
    en registratie)" (R1) and "Indien niet alle partijen via eID kunnen tekenen is zowel een
    digitaal dossier als papieren versie nodig" (R14).

    Allowed (admissible, to be decided on the five conditions) when neither R1 nor R14 has a
    blocking reason. Otherwise the blocking R1 reasons (as of the first arrival) and R14
    reasons (as of the receipts registered) are the grounds on which a reviewer may declare the
    dossier inadmissible; declaring an admissible dossier inadmissible is refused with
    ``not_inadmissible``. An application with nothing received (``admissibility`` None) has
    no R1 outcome yet: only its R14 reasons count. The parameters of both rules are kept.
    """
    reasons = list(admissibility.blocking_reasons) if admissibility is not None else []
    reasons += list(submission.outcome.blocking_reasons)
    used = [*(admissibility.parameters if admissibility else ()), *submission.outcome.parameters]
    return Outcome.from_reasons(reasons, used)


# --------------------------------------------------------------------------------------------
# R3 bis Mandate dates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MandateStart:
    """R3 bis: the start date a mandate must have, and whether the asked one fits."""

    starts_on: date
    outcome: Outcome


def mandate_start(
    *, decided_on: date, previous_valid_until: date | None, starts_on: date | None = None
) -> MandateStart:
    """R3 bis: the day a granted mandate starts.

    Source: "Elk mandaat doorstroombegeleiding moet om de 6 jaar vernieuwd worden."

    A mandate starts on its decision date (no backdating, no postponement). A renewal whose
    previous mandate (last day ``previous_valid_until``, inclusive) still runs on the decision
    date starts the day after that last day: no gap and no overlap. Decided after the previous
    mandate ended, the renewal starts on its decision date. ``previous_valid_until`` is None
    for a new application. ``starts_on`` is the start asked for, None to have it computed; any
    other day than the computed one gives the blocking reason ``start_date_invalid``.
    """
    expected = decided_on
    if previous_valid_until is not None and decided_on <= previous_valid_until:
        expected = previous_valid_until + ONE_DAY
    reasons: list[Reason] = []
    if starts_on is not None and starts_on != expected:
        reasons.append(
            reason("start_date_invalid", starts_on=starts_on, expected_starts_on=expected)
        )
    return MandateStart(starts_on=expected, outcome=Outcome.from_reasons(reasons))


# --------------------------------------------------------------------------------------------
# R3 Six-year validity
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MandatePeriod:
    """The validity of a mandate (closed interval) and the parameters that fixed it."""

    valid_from: date
    valid_until: date
    parameters: tuple[ParameterValue, ...]


def mandate_period(*, starts_on: date) -> MandatePeriod:
    """R3: from the start date to the day before the anniversary ``mandate_validity_years`` on.

    Source: "Elk mandaat doorstroombegeleiding moet om de 6 jaar vernieuwd worden."

    The number of years is the value in force on ``starts_on``. The anniversary of 29 February
    is 28 February, so 2024-02-29 → last day 2030-02-27; 2022-03-01 → 2028-02-29.
    """
    years = parameter("mandate_validity_years", starts_on)
    valid_until = mandate_last_day(starts_on=starts_on, years=years.as_int())
    return MandatePeriod(valid_from=starts_on, valid_until=valid_until, parameters=(years,))


def mandate_last_day(*, starts_on: date, years: int) -> date:
    """R3: the last day of a mandate starting on ``starts_on`` that runs ``years`` years.

    Source: "Elk mandaat doorstroombegeleiding moet om de 6 jaar vernieuwd worden."

    The day before the anniversary; the anniversary of 29 February is 28 February, so
    2024-02-29 with 6 years → 2030-02-27. ``years`` is given (not looked up) so that a check of
    a stored decision can use the value that decision was made with (R16).
    """
    return add_years(starts_on, years) - ONE_DAY


def mandate_validity_years(*, valid_from: date) -> int:
    """R3: the number of years a mandate starting on ``valid_from`` runs (value in force then).

    Source: "Elk mandaat doorstroombegeleiding moet om de 6 jaar vernieuwd worden."
    """
    return parameter("mandate_validity_years", valid_from).as_int()


def renewal_reminder_on(*, valid_until: date) -> tuple[date, ParameterValue]:
    """R3: the day to remind partner and reviewers that the mandate must be renewed.

    Source: "Elk mandaat doorstroombegeleiding moet om de 6 jaar vernieuwd worden."

    ``valid_until`` minus ``renewal_reminder_lead_days``. The lead time is the value in force on
    ``valid_until`` (not on the day of computation): the answer then depends only on the
    mandate, is the same whenever it is computed, and a dated change of the lead time applies
    to every mandate expiring after that change. The lead time is a choice of this system, not
    of the law.
    """
    lead = parameter("renewal_reminder_lead_days", valid_until)
    return valid_until - timedelta(days=lead.as_int()), lead


def recognition_reminder_on(*, valid_until: date) -> tuple[date, ParameterValue]:
    """R1/R4: the day to remind the organisation and the reviewers that a recognition ends.

    Source: "De eerste stap en voorwaarde … is de erkenning als dienstverlener bij DWSE (label
    en registratie)."

    ``valid_until`` minus ``recognition_expiry_reminder_lead_days``, the lead time in force on
    ``valid_until`` (as :func:`renewal_reminder_on`). A choice of this system, not of the law.
    """
    lead = parameter("recognition_expiry_reminder_lead_days", valid_until)
    return valid_until - timedelta(days=lead.as_int()), lead


def mandate_status(*, valid_from: date, valid_until: date, today: date) -> MandateStatus:
    """R3: "future", "active" or "expired" on ``today`` (closed interval, both ends active).

    Source: "Elk mandaat doorstroombegeleiding moet om de 6 jaar vernieuwd worden."
    """
    if today < valid_from:
        return "future"
    if today > valid_until:
        return "expired"
    return "active"


#: Statuses of a renewal application that ended without a decision on the merits: such a
#: renewal is not on its way, so the mandate still needs one (R3, R15).
RENEWAL_LAPSED_STATUSES = frozenset({"inadmissible", "withdrawn"})


def renewal_pending(*, renewal_statuses: Iterable[str]) -> bool:
    """R3: whether a renewal of the mandate is on its way, given its renewals' statuses.

    Source: "Elk mandaat doorstroombegeleiding moet om de 6 jaar vernieuwd worden."

    Any renewal application counts except one that ended without a decision on the merits
    (``RENEWAL_LAPSED_STATUSES``: declared inadmissible or withdrawn).
    """
    return any(status not in RENEWAL_LAPSED_STATUSES for status in renewal_statuses)


def renewal_due(*, valid_from: date, valid_until: date, today: date, renewal_pending: bool) -> bool:
    """R3: whether the organisation should be asked to renew this mandate on ``today``.

    Source: "Elk mandaat doorstroombegeleiding moet om de 6 jaar vernieuwd worden."

    Due from the renewal reminder day (:func:`renewal_reminder_on`, inclusive) on, also after
    the mandate ended, as long as the mandate has started and no renewal is on its way
    (``renewal_pending``, see :func:`renewal_pending`).
    """
    if renewal_pending:
        return False
    if mandate_status(valid_from=valid_from, valid_until=valid_until, today=today) == "future":
        return False
    remind_on, _lead = renewal_reminder_on(valid_until=valid_until)
    return today >= remind_on
