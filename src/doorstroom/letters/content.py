"""What each letter says: a snapshot of the facts as of the letter's date (reads only).

Every builder returns plain JSON (strings, lists, booleans): the Dutch text pieces, dates
already written out ("1 maart 2022"), the addresses and the parameter values used with their
reference. `render.py` only lays this out; the letter never reads the database again, so a
letter rendered later says exactly what it would have said on its date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from doorstroom.mandates.assessment import Assessment
from doorstroom.mandates.models import Decision, Mandate, MandateApplication, Receipt
from doorstroom.organisations.models import Organisation
from doorstroom.places.selectors import municipality_for_postal_code
from doorstroom.referrals.models import Referral
from doorstroom.rules import mandates as rules
from doorstroom.rules.codes import (
    CHANNEL_LABELS_NL,
    CONDITION_LABELS_NL,
    CONDITIONS,
    FRAMEWORK_LABELS_NL,
)
from doorstroom.rules.outcome import Reason
from doorstroom.rules.params import ParameterValue, parameter

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_date(day: date | None) -> str:
    """1 maart 2022: the date as a Belgian letter writes it (independent of the locale)."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}" if day else ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _frameworks(codes: Iterable[str]) -> list[str]:
    return [FRAMEWORK_LABELS_NL.get(code, code) for code in codes]


def recipient(organisation: Organisation) -> list[str]:
    """The organisation's postal address as of today (kept in the snapshot)."""
    municipality = municipality_for_postal_code(organisation.postal_code)
    town = f"{organisation.postal_code} {municipality.name_nl if municipality else ''}".strip()
    return [line for line in (organisation.name, organisation.street, town) if line]


def header(*, on: date, reference: str, organisation: Organisation, title: str) -> dict[str, Any]:
    """Sender (the department's address block), recipient, date, reference and signature."""
    used: list[ParameterValue] = [
        parameter("cooperation_department_address", on),
        parameter("cooperation_department_email", on),
        parameter("letter_signature", on),
    ]
    address, email, signature = used
    return {
        "title": title,
        "date": dutch_date(on),
        "reference": reference,
        "sender": _lines(address.as_str()),
        "sender_email": email.as_str(),
        "recipient": recipient(organisation),
        "signature": _lines(signature.as_str()),
        "parameters": [p.as_dict() for p in used],
    }


def acknowledgement(*, receipt: Receipt, assessment: Assessment, on: date) -> dict[str, Any]:
    application = receipt.application
    target = parameter("decision_target_months", on)
    return {
        **header(
            on=on,
            reference=application.reference,
            organisation=application.organisation,
            title="Ontvangstbevestiging",
        ),
        "received_on": dutch_date(receipt.received_on),
        "channel": CHANNEL_LABELS_NL.get(receipt.channel, receipt.channel),
        "subject_mismatch": receipt.subject_ok is False,
        "expected_subject": parameter("email_subject", receipt.received_on).as_str(),
        "complete": assessment.submission.complete,
        "completed_on": dutch_date(assessment.submission.completed_on),
        "due_on": dutch_date(assessment.decision_due_on),
        "target_months": target.as_int(),
        "frameworks": _frameworks(application.framework_list),
    }


def missing_reasons(
    application: MandateApplication, assessment: Assessment
) -> tuple[list[Reason], list[Reason]]:
    """(what blocks the submission (R14), conditions without uploaded evidence (R13))."""
    blocking = list(assessment.submission.outcome.blocking_reasons)
    shown = {e.condition for e in application.evidence.all()}
    return blocking, rules.evidence_missing(evidence_conditions=shown)


def missing_items(
    *, application: MandateApplication, blocking: list[Reason], evidence: list[Reason], on: date
) -> dict[str, Any]:
    return {
        **header(
            on=on,
            reference=application.reference,
            organisation=application.organisation,
            title="Vraag om ontbrekende stukken",
        ),
        "items": [r.message_nl for r in blocking],
        "evidence_items": [r.message_nl for r in evidence],
        "reasons": [r.as_dict("nl") for r in (*blocking, *evidence)],
        "email_subject": parameter("email_subject", on).as_str(),
    }


def _judgement_rows(decision: Decision) -> list[dict[str, Any]]:
    """One row per condition, expertise once or per framework (R13), in the source's order."""
    rows = []
    for code in CONDITIONS:
        for j in decision.judgements.all():
            if j.condition != code:
                continue
            label = CONDITION_LABELS_NL[code]
            if j.framework:
                label = f"{label} ({FRAMEWORK_LABELS_NL.get(j.framework, j.framework)})"
            rows.append(
                {"condition": code, "label": label, "met": j.met, "motivation": j.motivation}
            )
    return rows


def decision(*, decision: Decision, mandate: Mandate | None) -> dict[str, Any]:
    application = decision.application
    on = decision.decided_on
    asked = application.framework_list
    granted = mandate.framework_list if mandate is not None else []
    content: dict[str, Any] = {
        **header(
            on=on,
            reference=application.reference,
            organisation=application.organisation,
            title="Beslissing over uw aanvraag voor een mandaat doorstroombegeleiding",
        ),
        "approved": decision.outcome == "approved",
        "decided_on": dutch_date(on),
        "frameworks": _frameworks(granted or asked),
        "frameworks_asked": _frameworks(asked),
        "frameworks_not_granted": _frameworks(f for f in asked if mandate and f not in granted),
        "judgements": _judgement_rows(decision),
        "reasons": [r.get("message_nl", r.get("message", "")) for r in decision.reasons],
        "not_granted_reasons": [
            r.get("message_nl", r.get("message", ""))
            for r in decision.reasons
            if r.get("code") == "framework_not_granted"
        ],
    }
    if mandate is not None:
        years = parameter("mandate_validity_years", mandate.valid_from)
        content.update(
            valid_from=dutch_date(mandate.valid_from),
            valid_until=dutch_date(mandate.valid_until),
            validity_years=years.as_int(),
        )
        content["parameters"].append(years.as_dict())
    return content


def inadmissibility(*, decision: Decision) -> dict[str, Any]:
    """The letter declaring the dossier inadmissible: the R1/R14 reasons and the motivation."""
    application = decision.application
    on = decision.decided_on
    content: dict[str, Any] = {
        **header(
            on=on,
            reference=application.reference,
            organisation=application.organisation,
            title="Beslissing: uw aanvraag voor een mandaat doorstroombegeleiding is "
            "onontvankelijk",
        ),
        "decided_on": dutch_date(on),
        "received_on": dutch_date(application.received_on),
        "frameworks": _frameworks(application.framework_list),
        "reasons": [r.get("message_nl", r.get("message", "")) for r in decision.reasons],
        "codes": [r.get("code", "") for r in decision.reasons],
        "motivation": decision.motivation,
        "email_subject": parameter("email_subject", on).as_str(),
    }
    content["parameters"] += list((decision.trace or {}).get("parameters", []))
    return content


def referral_notice(*, referral: Referral) -> dict[str, Any]:
    """To the partner: who is referred (name only, never the national number) and when."""
    employee = referral.employee
    consultant = referral.consultant
    return {
        **header(
            on=referral.referred_on,
            reference=referral_reference(referral),
            organisation=referral.partner,
            title="Bericht van toeleiding voor een doorstroomtraject",
        ),
        "employee": f"{employee.given_name} {employee.family_name}",
        "framework": FRAMEWORK_LABELS_NL.get(employee.framework, employee.framework),
        "referred_on": dutch_date(referral.referred_on),
        "due_on": dutch_date(referral.due_on),
        "postponed": referral.due_on > referral.referred_on,
        "consultant": (consultant.get_full_name() if consultant else "") or "",
    }


def referral_reference(referral: Referral) -> str:
    return f"TL-{referral.pk:06d}"


def renewal_reminder(*, mandate: Mandate, on: date, lead_days: int) -> dict[str, Any]:
    application = mandate.application
    years = parameter("mandate_validity_years", mandate.valid_from)
    return {
        **header(
            on=on,
            reference=application.reference,
            organisation=mandate.organisation,
            title="Herinnering: vernieuw uw mandaat doorstroombegeleiding",
        ),
        "valid_from": dutch_date(mandate.valid_from),
        "valid_until": dutch_date(mandate.valid_until),
        "validity_years": years.as_int(),
        "lead_days": lead_days,
        "frameworks": _frameworks(mandate.framework_list),
        "target_months": parameter("decision_target_months", on).as_int(),
    }
