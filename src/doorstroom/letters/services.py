"""Every write on letters: create one per cause (idempotent), render it once, check it.

When the PDF is made: `letter_create` stores the row and the snapshot of what the letter says
in the caller's transaction (so a letter exists exactly when its cause does, and a rolled-back
receipt leaves no letter). The PDF is rendered *after* the commit (`transaction.on_commit`,
as a django-tasks task: inline with the default backend, in the worker with the database
backend) when `settings.LETTERS_RENDER` is true, and in any case on the first download
(`letter_file`). Why not inside the transaction: WeasyPrint takes 0.1–0.5 s per letter, which
would hold the application's row lock that long and slow every test that registers a receipt;
the snapshot makes the later rendering say exactly what it would have said on the letter's date.
Once rendered, the file and its SHA-256 never change; a download whose bytes no longer match
the stored checksum is refused (`LetterIntegrityError`, 409 `checksum_mismatch`) and logged,
never silently re-rendered: a letter that was sent must stay the letter that was sent.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from doorstroom.common import clock
from doorstroom.common.errors import InvalidInput, StateConflict
from doorstroom.letters import content
from doorstroom.letters.models import Letter, LetterKind
from doorstroom.letters.render import letter_pdf
from doorstroom.mandates.assessment import Assessment
from doorstroom.mandates.models import (
    Decision,
    DecisionOutcome,
    Mandate,
    MandateApplication,
    Receipt,
)
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.models import Referral
from doorstroom.rules.outcome import Reason

logger = logging.getLogger(__name__)

#: False inside `letters_rendered_on_download()`: bulk loads leave rendering to the download.
_render_after_commit: ContextVar[bool] = ContextVar("letters_render_after_commit", default=True)


@contextmanager
def letters_rendered_on_download() -> Iterator[None]:
    """Letters written inside are rendered on their first download, not after the commit
    (for bulk loads such as `demo_load`, which would otherwise render hundreds at once)."""
    token = _render_after_commit.set(False)
    try:
        yield
    finally:
        _render_after_commit.reset(token)


class LetterIntegrityError(StateConflict):
    """The stored file is gone or differs from its checksum (409, logged as an error)."""

    def __init__(self, letter: Letter, problem: str, detail: str) -> None:
        super().__init__(
            detail,
            reasons=[
                Reason(
                    code=problem,
                    rule="",
                    message_nl=detail,
                    message_en=f"Letter {letter.pk}: the stored file does not match its checksum.",
                    blocking=True,
                )
            ],
        )


def _store(
    *,
    kind: str,
    dedupe_key: str,
    organisation: Organisation,
    reference: str,
    letter_date: date,
    snapshot: dict[str, Any],
    **subjects: Any,
) -> Letter:
    """Insert once per dedupe_key; a second call (or a racing one) returns the first letter."""
    existing = Letter.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            letter = Letter.objects.create(
                kind=kind,
                dedupe_key=dedupe_key,
                organisation=organisation,
                reference=reference,
                letter_date=letter_date,
                content=snapshot,
                **subjects,
            )
    except IntegrityError:
        return Letter.objects.get(dedupe_key=dedupe_key)
    if settings.LETTERS_RENDER and _render_after_commit.get():
        transaction.on_commit(lambda: _enqueue_render(letter.pk), robust=True)
    return letter


def _enqueue_render(letter_id: int) -> None:
    from doorstroom.letters.tasks import render_letter

    render_letter.enqueue(letter_id)


def letter_create(*, kind: str, subject: Any, today: date | None = None) -> Letter | None:
    """Write the letter of `kind` about `subject`, once; None when there is nothing to say.

    subject: acknowledgement → the `Receipt`; missing_items → the `MandateApplication`;
    decision and inadmissibility → the `Decision`; referral_notice → the `Referral`;
    renewal_reminder → the `Mandate`. Idempotent: one acknowledgement per application, channel
    and day of arrival, one request per set of missing items, one letter per decision,
    referral and mandate.
    """
    today = today or clock.today()
    builders: dict[str, tuple[type[Any], Callable[[Any, date], Letter | None]]] = {
        LetterKind.ACKNOWLEDGEMENT: (Receipt, _acknowledgement),
        LetterKind.MISSING_ITEMS: (MandateApplication, _missing_items),
        LetterKind.DECISION: (Decision, _decision),
        LetterKind.INADMISSIBILITY: (Decision, _inadmissibility),
        LetterKind.REFERRAL_NOTICE: (Referral, _referral_notice),
        LetterKind.RENEWAL_REMINDER: (Mandate, _renewal_reminder),
    }
    if kind not in builders:
        raise InvalidInput("kind", f"Onbekende soort brief '{kind}'.")
    expected, build = builders[LetterKind(kind)]
    if not isinstance(subject, expected):
        raise TypeError(f"a {kind} letter is about a {expected.__name__}")
    return build(subject, today)


def _assessment(application: MandateApplication, today: date) -> Assessment:
    from doorstroom.mandates.assessment import application_assess

    return application_assess(application, today=today)


def _acknowledgement(receipt: Receipt, today: date) -> Letter:
    application = receipt.application
    return _store(
        kind=LetterKind.ACKNOWLEDGEMENT,
        dedupe_key=(f"acknowledgement:{application.pk}:{receipt.channel}:{receipt.received_on}"),
        organisation=application.organisation,
        reference=application.reference,
        letter_date=today,
        snapshot=content.acknowledgement(
            receipt=receipt, assessment=_assessment(application, today), on=today
        ),
        application=application,
    )


def _missing_items(application: MandateApplication, today: date) -> Letter | None:
    blocking, evidence = content.missing_reasons(application, _assessment(application, today))
    if not blocking:
        return None  # the submission is complete (R14): nothing to ask for
    codes = sorted(f"{r.code}.{r.params.get('condition', '')}" for r in (*blocking, *evidence))
    digest = hashlib.sha256("|".join(codes).encode()).hexdigest()[:16]
    return _store(
        kind=LetterKind.MISSING_ITEMS,
        dedupe_key=f"missing_items:{application.pk}:{digest}",
        organisation=application.organisation,
        reference=application.reference,
        letter_date=today,
        snapshot=content.missing_items(
            application=application, blocking=blocking, evidence=evidence, on=today
        ),
        application=application,
    )


def _decision(decision: Decision, today: date) -> Letter:
    application = decision.application
    mandate = Mandate.objects.filter(application=application).first()
    return _store(
        kind=LetterKind.DECISION,
        dedupe_key=f"decision:{decision.pk}",
        organisation=application.organisation,
        reference=application.reference,
        letter_date=decision.decided_on,
        snapshot=content.decision(decision=decision, mandate=mandate),
        application=application,
        decision=decision,
        mandate=mandate,
    )


def _inadmissibility(decision: Decision, today: date) -> Letter:
    application = decision.application
    return _store(
        kind=LetterKind.INADMISSIBILITY,
        dedupe_key=f"inadmissibility:{decision.pk}",
        organisation=application.organisation,
        reference=application.reference,
        letter_date=decision.decided_on,
        snapshot=content.inadmissibility(decision=decision),
        application=application,
        decision=decision,
    )


def _referral_notice(referral: Referral, today: date) -> Letter:
    return _store(
        kind=LetterKind.REFERRAL_NOTICE,
        dedupe_key=f"referral_notice:{referral.pk}",
        organisation=referral.partner,
        reference=content.referral_reference(referral),
        letter_date=referral.referred_on,
        snapshot=content.referral_notice(referral=referral),
        referral=referral,
    )


def _renewal_reminder(mandate: Mandate, today: date) -> Letter:
    from doorstroom.rules.mandates import renewal_reminder_on

    _remind_on, lead = renewal_reminder_on(valid_until=mandate.valid_until)
    return _store(
        kind=LetterKind.RENEWAL_REMINDER,
        dedupe_key=f"renewal_reminder:{mandate.pk}",
        organisation=mandate.organisation,
        reference=mandate.application.reference,
        letter_date=today,
        snapshot=content.renewal_reminder(mandate=mandate, on=today, lead_days=lead.as_int()),
        application=mandate.application,
        mandate=mandate,
    )


# The events of the apps below that a letter answers (registered in `LettersConfig.ready()`,
# called in the transaction of their cause).


def letters_after_receipt(receipt: Receipt, today: date | None = None) -> list[Letter]:
    """The acknowledgement of a receipt and, while the submission is incomplete, the request
    for what is missing (R14). After `mandates.services.receipt_register`."""
    today = today or clock.today()
    written = [letter_create(kind=LetterKind.ACKNOWLEDGEMENT, subject=receipt, today=today)]
    written.append(
        letter_create(kind=LetterKind.MISSING_ITEMS, subject=receipt.application, today=today)
    )
    return [letter for letter in written if letter is not None]


def letter_after_decision(decision: Decision, today: date | None = None) -> Letter | None:
    """The letter of a decision on the merits, or of the one declaring the dossier inadmissible
    (R15). After `mandates.services.decision_create` and `application_declare_inadmissible`."""
    kind = {
        DecisionOutcome.APPROVED: LetterKind.DECISION,
        DecisionOutcome.REJECTED: LetterKind.DECISION,
        DecisionOutcome.INADMISSIBLE: LetterKind.INADMISSIBILITY,
    }.get(DecisionOutcome(decision.outcome))
    return None if kind is None else letter_create(kind=kind, subject=decision, today=today)


def letter_after_renewal_reminder(mandate: Mandate, today: date | None = None) -> Letter | None:
    """The reminder to renew the mandate (R3).
    After `mandates.scheduled.queue_renewal_reminders`."""
    return letter_create(kind=LetterKind.RENEWAL_REMINDER, subject=mandate, today=today)


def letter_after_referral(referral: Referral) -> Letter | None:
    """The notice to the partner a person is referred to.
    After `referrals.services.referral_create`."""
    return letter_create(kind=LetterKind.REFERRAL_NOTICE, subject=referral)


def letter_render(*, letter: Letter) -> Letter:
    """Render the PDF once and store it with its SHA-256; a rendered letter is left alone."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.rendered:
            return letter
        data = letter_pdf(letter)
        letter.sha256 = hashlib.sha256(data).hexdigest()
        letter.size = len(data)
        letter.rendered_at = timezone.now()
        letter.file.save(letter.download_name, ContentFile(data), save=False)
        letter.save(update_fields=["file", "sha256", "size", "rendered_at", "updated_at"])
    return letter


def letter_file(*, letter: Letter) -> bytes:
    """The letter's PDF bytes, rendered first if needed, checked against the stored SHA-256."""
    if not letter.rendered:
        letter = letter_render(letter=letter)
    try:
        with letter.file.open("rb") as handle:
            data: bytes = handle.read()
    except OSError as exc:
        logger.error("letter %s: stored file %s is missing", letter.pk, letter.file.name)
        raise LetterIntegrityError(
            letter,
            "letter_file_missing",
            f"Het bestand van brief {letter.reference} ontbreekt. Meld dit aan de beheerder.",
        ) from exc
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        logger.error(
            "letter %s: checksum mismatch (stored %s, file %s)",
            letter.pk,
            letter.sha256,
            hashlib.sha256(data).hexdigest(),
        )
        raise LetterIntegrityError(
            letter,
            "checksum_mismatch",
            f"Het bestand van brief {letter.reference} komt niet overeen met de opgeslagen "
            "controlesom en wordt niet aangeboden. Meld dit aan de beheerder.",
        )
    return data
