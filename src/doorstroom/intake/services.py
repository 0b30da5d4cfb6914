"""E-mail intake (R14): store every message, match it to an application, register the receipt.

The checks on receipts and evidence live in mandates.services; this module only decides which
application a message belongs to and which attachments can serve as evidence.

One message never stops the intake: an attachment that fails in any way is listed with its
reason (its own savepoint), and a message whose processing fails in any way is still stored,
raw bytes and SHA-256, with the reason in the reviewer's queue (`_ingest_failed`). Only an
unreachable database stops a run: then nothing can be stored at all.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, transaction

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.common.errors import DomainError, StateConflict
from doorstroom.common.identifiers import enterprise_number_compact
from doorstroom.intake.models import IncomingEmail, IntakeStatus
from doorstroom.intake.parser import Attachment, MalformedEmail, ParsedEmail, parse_email
from doorstroom.intake.parser import synthetic_message_id as _synthetic_id
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import CLOSED_STATUSES, MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.rules import mandates as mandate_rules
from doorstroom.rules.codes import CONDITION_LABELS_EN, CONDITION_LABELS_NL, CONDITIONS

REFERENCE = re.compile(r"\bMDB-(\d{6,9})\b", re.IGNORECASE)
ENTERPRISE_NUMBER = re.compile(r"(?<![\d.])(?:\d{4}\.\d{3}\.\d{3}|\d{10})(?![\d.])")

# Words that name a condition in a filename or description, besides its code and its labels.
CONDITION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "quality_management": ("kwaliteit", "bedrijfsvoering"),
    "facilities": ("faciliteit",),
    "expertise": ("deskundig",),
    "results": ("resultat", "resultaten"),
    "methodology": ("methodisch", "methodiek", "methodology", "aanpak"),
}
PDF_TYPES = ("application/pdf", "application/x-pdf")
ATTACHMENT_FAILED = (
    "De bijlage kon niet verwerkt worden (technische fout {error}): voeg het bewijs met de hand "
    "toe."
)
logger = logging.getLogger(__name__)


def _database_unavailable(exc: BaseException) -> bool:
    """Not the message's fault, and nothing could be stored: let the caller stop."""
    return isinstance(exc, OperationalError | InterfaceError)


@dataclass(frozen=True)
class Match:
    application: MandateApplication
    how: str


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[_\-./\\]+", " ", text.casefold()).split())


def condition_from_text(text: str) -> str | None:
    """The one condition named in a filename or description, or None (none or several)."""
    words = _normalise(text)
    found = set()
    for code in CONDITIONS:
        names = (
            _normalise(code),
            _normalise(CONDITION_LABELS_NL[code]),
            _normalise(CONDITION_LABELS_EN[code]),
            *CONDITION_KEYWORDS.get(code, ()),
        )
        if any(name and name in words for name in names):
            found.add(code)
    return found.pop() if len(found) == 1 else None


def _undecided(organisation: Organisation) -> MandateApplication | None:
    return (
        MandateApplication.objects.filter(organisation=organisation)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("-created_at", "-id")
        .first()
    )


def _match_reference(parsed: ParsedEmail, notes: list[str]) -> Match | None:
    for where, text in (("onderwerp", parsed.subject), ("tekst", parsed.body)):
        for number in REFERENCE.findall(text):
            application = MandateApplication.objects.filter(pk=int(number)).first()
            if application is not None:
                return Match(application, f"dossiernummer {application.reference} in {where}")
            notes.append(f"Dossiernummer MDB-{int(number):06d} bestaat niet.")
    return None


def _match_enterprise_number(parsed: ParsedEmail, notes: list[str]) -> Match | None:
    texts = [
        ("onderwerp", parsed.subject),
        ("tekst", parsed.body),
        *(("bestandsnaam", a.filename) for a in parsed.attachments),
    ]
    seen: set[str] = set()
    for where, text in texts:
        for candidate in ENTERPRISE_NUMBER.findall(text):
            compact = enterprise_number_compact(candidate)
            if compact is None or compact in seen:
                continue
            seen.add(compact)
            organisation = Organisation.objects.filter(enterprise_number=compact).first()
            if organisation is None:
                continue
            application = _undecided(organisation)
            if application is not None:
                return Match(application, f"ondernemingsnummer in {where}")
            notes.append(f"Organisatie {organisation.name} heeft geen lopende aanvraag.")
    return None


def _match_sender(parsed: ParsedEmail, notes: list[str]) -> Match | None:
    if not parsed.sender:
        return None
    organisations = list(Organisation.objects.filter(email__iexact=parsed.sender)[:2])
    if len(organisations) > 1:
        notes.append("Het afzenderadres hoort bij meer dan één organisatie.")
        return None
    if not organisations:
        return None
    application = _undecided(organisations[0])
    if application is None:
        notes.append(f"Organisatie {organisations[0].name} heeft geen lopende aanvraag.")
        return None
    return Match(application, "e-mailadres van de afzender")


def _match(parsed: ParsedEmail, notes: list[str]) -> Match | None:
    """By reference, then enterprise number, then the sender's address (in that order)."""
    return (
        _match_reference(parsed, notes)
        or _match_enterprise_number(parsed, notes)
        or _match_sender(parsed, notes)
    )


def _is_pdf(attachment: Attachment) -> bool:
    return (
        attachment.content_type in PDF_TYPES
        or attachment.filename.lower().endswith(".pdf")
        or attachment.data[:5] == b"%PDF-"
    )


def _store_attachments(
    *,
    parsed: ParsedEmail,
    application: MandateApplication,
    user: User | None,
    received_on: date,
    today: date,
) -> tuple[list[dict[str, Any]], int]:
    """Each PDF that names a condition becomes evidence; every other one is listed with why not.

    Evidence arrives on the e-mail's day, so its eID signatures count for R14 from that day.
    """
    results: list[dict[str, Any]] = []
    unclassified = 0
    for attachment in parsed.attachments:
        entry: dict[str, Any] = {
            "name": attachment.filename,
            "stored": False,
            "reason": "",
            "condition": None,
            "evidence": None,
        }
        results.append(entry)
        if not _is_pdf(attachment):
            entry["reason"] = f"Geen PDF ({attachment.content_type}): niet als bewijs opgeslagen."
            continue
        condition = condition_from_text(f"{attachment.filename} {attachment.description}")
        if condition is None:
            unclassified += 1
            entry["reason"] = (
                "Geen (eenduidige) voorwaarde herkend in bestandsnaam of beschrijving: "
                "voeg het bewijs met de hand toe."
            )
            continue
        entry["condition"] = condition
        try:
            with transaction.atomic():
                evidence = mandates.evidence_add(
                    application=application,
                    condition=condition,
                    file=io.BytesIO(attachment.data),
                    original_name=attachment.filename,
                    description=attachment.description or "Bijlage van e-mail",
                    uploaded_by=user,
                    received_on=received_on,
                    today=today,
                )
        except DomainError as exc:
            entry["reason"] = exc.detail
            continue
        except Exception as exc:  # one attachment must not stop the message
            if _database_unavailable(exc):
                raise
            logger.warning("intake: attachment not stored (%s)", type(exc).__name__, exc_info=True)
            entry["reason"] = ATTACHMENT_FAILED.format(error=type(exc).__name__)
            continue
        entry["stored"] = True
        entry["evidence"] = evidence.pk
    return results, unclassified


def _summary(head: str, attachments: list[dict[str, Any]], notes: list[str]) -> str:
    lines = [head, *notes]
    skipped = [a for a in attachments if not a["stored"]]
    if skipped:
        lines.append(f"{len(skipped)} bijlage(n) niet als bewijs opgeslagen:")
        lines += [f"- {a['name']}: {a['reason']}" for a in skipped]
    return "\n".join(lines)


def _process(
    *,
    email: IncomingEmail,
    parsed: ParsedEmail,
    match: Match,
    user: User | None,
    status: str,
    today: date,
    notes: list[str],
) -> None:
    """Register the receipt and the evidence; a DomainError leaves the message in the queue."""
    try:
        with transaction.atomic():
            receipt, _assessment = mandates.receipt_register(
                application=match.application,
                channel="email",
                received_on=email.received_on,
                subject=parsed.subject[:500],
                registered_by=user,
                today=today,
            )
            attachments, unclassified = _store_attachments(
                parsed=parsed,
                application=match.application,
                user=user,
                received_on=email.received_on,
                today=today,
            )
    except DomainError as exc:
        email.status = IntakeStatus.UNMATCHED
        email.reason = f"{match.application.reference} ({match.how}): {exc.detail}"
        email.attachments = _not_linked(parsed, "Bericht niet gekoppeld.")
        return
    email.status = status
    email.application = match.application
    email.receipt = receipt
    email.subject_ok = receipt.subject_ok
    email.attachments = attachments
    email.unclassified_attachments = unclassified
    head = f"Gekoppeld aan {match.application.reference} ({match.how})."
    if not receipt.subject_ok:
        expected = mandate_rules.expected_email_subject(on=email.received_on).as_str()
        notes = [*notes, f"Onderwerp wijkt af van '{expected}' (email_subject_mismatch)."]
    email.reason = _summary(head, attachments, notes)


def _received_on(parsed: ParsedEmail | None, today: date) -> date:
    return parsed.date if parsed and parsed.date and parsed.date <= today else today


def _not_linked(parsed: ParsedEmail, reason: str) -> list[dict[str, Any]]:
    return [{"name": a.filename, "stored": False, "reason": reason} for a in parsed.attachments]


def email_ingest_new_or_seen(
    *, raw: bytes, received_by: User | None, today: date | None = None
) -> tuple[IncomingEmail, bool]:
    """Like email_ingest, and whether the message was new (False: seen before, unchanged).

    Whatever goes wrong while matching or registering, the message is stored for a reviewer.
    """
    today = today or clock.today()
    try:
        return _ingest(raw=raw, received_by=received_by, today=today)
    except Exception as exc:
        if _database_unavailable(exc):
            raise
        logger.warning(
            "intake: message %s could not be processed (%s)",
            hashlib.sha256(raw).hexdigest()[:12],
            type(exc).__name__,
            exc_info=True,
        )
        return _ingest_failed(raw=raw, received_by=received_by, today=today, error=exc)


def _store(email: IncomingEmail, raw: bytes) -> tuple[IncomingEmail, bool]:
    """Save the row and its raw bytes; a concurrent copy of the same message wins."""
    email.raw.save(f"{email.sha256}.eml", ContentFile(raw), save=False)
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:  # the same message arrived concurrently
        email.raw.delete(save=False)
        return IncomingEmail.objects.get(message_id=email.message_id), False
    return email, True


@transaction.atomic
def _ingest_failed(
    *, raw: bytes, received_by: User | None, today: date, error: Exception
) -> tuple[IncomingEmail, bool]:
    """The message could not be processed: keep it, with why, in the reviewer's queue.

    Its own transaction: what the failed attempt wrote was rolled back with it. Readable
    messages wait as unmatched (a reviewer can attach them by hand), others as malformed.
    """
    try:
        parsed: ParsedEmail | None = parse_email(raw)
    except MalformedEmail:
        parsed = None
    message_id = parsed.message_id if parsed else _synthetic_id(raw)
    existing = IncomingEmail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing, False
    email = IncomingEmail(
        message_id=message_id,
        from_address=parsed.sender if parsed else "",
        subject=(parsed.subject if parsed else "")[:500],
        received_on=_received_on(parsed, today),
        raw_size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        received_by=received_by,
        status=IntakeStatus.UNMATCHED if parsed else IntakeStatus.MALFORMED,
        reason=(
            f"Verwerking mislukt (technische fout {type(error).__name__}): het bericht is "
            "bewaard maar niet gekoppeld. Bekijk het en koppel het met de hand."
        ),
        attachments=_not_linked(parsed, "Bericht niet verwerkt.") if parsed else [],
    )
    return _store(email, raw)


@transaction.atomic
def _ingest(*, raw: bytes, received_by: User | None, today: date) -> tuple[IncomingEmail, bool]:
    digest = hashlib.sha256(raw).hexdigest()
    try:
        parsed: ParsedEmail | None = parse_email(raw)
        problem = ""
    except MalformedEmail as exc:
        parsed, problem = None, exc.detail
    message_id = parsed.message_id if parsed else _synthetic_id(raw)
    existing = IncomingEmail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing, False
    received_on = _received_on(parsed, today)
    email = IncomingEmail(
        message_id=message_id,
        from_address=parsed.sender if parsed else "",
        subject=(parsed.subject if parsed else "")[:500],
        received_on=received_on,
        raw_size=len(raw),
        sha256=digest,
        received_by=received_by,
    )
    if parsed is None:
        email.status = IntakeStatus.MALFORMED
        email.reason = f"Onleesbaar bericht: {problem} Het ruwe bericht is bewaard."
    else:
        notes: list[str] = []
        match = _match(parsed, notes)
        if match is None:
            email.status = IntakeStatus.UNMATCHED
            email.subject_ok = mandate_rules.email_subject_matches(
                subject=parsed.subject, received_on=received_on
            )
            email.attachments = _not_linked(parsed, "Bericht niet gekoppeld.")
            email.reason = "\n".join(
                [
                    "Geen aanvraag gevonden: geen bestaand dossiernummer (MDB-…), geen "
                    "ondernemingsnummer of afzenderadres van een organisatie met een lopende "
                    "aanvraag. Koppel het bericht met de hand.",
                    *notes,
                ]
            )
        else:
            _process(
                email=email,
                parsed=parsed,
                match=match,
                user=received_by,
                status=IntakeStatus.MATCHED,
                today=today,
                notes=notes,
            )
    return _store(email, raw)


def email_ingest(
    *, raw: bytes, received_by: User | None, today: date | None = None
) -> IncomingEmail:
    """Store one raw message and, when it can be matched, register it as the e-mail receipt.

    Re-reading a message with a known Message-ID returns the stored row unchanged.
    """
    email, _created = email_ingest_new_or_seen(raw=raw, received_by=received_by, today=today)
    return email


@transaction.atomic
def email_attach(
    *,
    email: IncomingEmail,
    application: MandateApplication,
    user: User | None,
    today: date | None = None,
) -> IncomingEmail:
    """A reviewer attaches a queued (unmatched) message to an application by hand."""
    email = IncomingEmail.objects.select_for_update().get(pk=email.pk)
    if email.status != IntakeStatus.UNMATCHED:
        raise StateConflict(
            "Alleen een niet-gekoppeld bericht kan met de hand gekoppeld worden "
            f"(status: {email.status})."
        )
    with email.raw.open("rb") as handle:
        raw = handle.read()
    try:
        parsed = parse_email(raw)
    except MalformedEmail as exc:  # pragma: no cover - unmatched messages were readable
        raise StateConflict(exc.detail) from exc
    before = email.status
    try:
        _process(
            email=email,
            parsed=parsed,
            match=Match(application, "met de hand gekoppeld"),
            user=user,
            status=IntakeStatus.ATTACHED_BY_HAND,
            today=today or clock.today(),
            notes=[],
        )
    except Exception as exc:  # the message that failed before may fail again: say so
        if _database_unavailable(exc):
            raise
        logger.warning("intake: attaching failed (%s)", type(exc).__name__, exc_info=True)
        raise StateConflict(
            f"Het bericht kon niet verwerkt worden (technische fout {type(exc).__name__}); "
            "voeg het bewijs met de hand toe bij de aanvraag."
        ) from exc
    if email.status == before:  # the services refused: say why, change nothing
        raise StateConflict(email.reason)
    email.attached_by = user
    email.save()
    return email
