"""R14 Two channels, or one with eID: completeness and completion date of a submission."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom.rules.mandates import (
    EidSignatureFact,
    ReceiptFact,
    decision_due_on,
    submission,
)

SUBJECT = "Aanvraag mandaat doorstroombegeleiding"
ANN, BOB = "ann", "bob"
D1, D3, D5 = date(2025, 3, 1), date(2025, 3, 3), date(2025, 3, 5)


def email(day: date, *signers: str, subject: str = SUBJECT) -> ReceiptFact:
    return ReceiptFact("email", day, subject, frozenset(signers))


def letter(day: date) -> ReceiptFact:
    return ReceiptFact("registered_letter", day)


@pytest.mark.parametrize(
    ("receipts", "signatories", "complete", "completed_on", "codes"),
    [
        pytest.param((email(D1, ANN, BOB),), (ANN, BOB), True, D1, (), id="email-all-eid"),
        pytest.param(
            (email(D1, ANN),), (ANN, BOB), False, None, ("paper_original_missing",), id="partial"
        ),
        pytest.param((email(D1),), (ANN,), False, None, ("paper_original_missing",), id="no-eid"),
        pytest.param(
            (letter(D1),), (ANN, BOB), False, None, ("digital_dossier_missing",), id="letter-only"
        ),
        pytest.param(
            (),
            (ANN,),
            False,
            None,
            ("digital_dossier_missing", "paper_original_missing"),
            id="nothing",
        ),
        pytest.param((letter(D1), email(D5, ANN)), (ANN, BOB), True, D5, (), id="letter-email"),
        pytest.param((email(D1, ANN), letter(D3)), (ANN, BOB), True, D3, (), id="email-letter"),
        pytest.param(
            (email(D1, ANN), email(D5, BOB)), (ANN, BOB), True, D5, (), id="later-email-eid"
        ),
        pytest.param(
            (email(D1, ANN), letter(D3), email(D5, BOB)),
            (ANN, BOB),
            True,
            D3,
            (),
            id="letter-before-second-eid",
        ),
        pytest.param(
            (email(D5, BOB), email(D1, ANN)), (ANN, BOB), True, D5, (), id="unordered-input"
        ),
        pytest.param(
            (letter(D1), letter(D3)),
            (ANN,),
            False,
            None,
            ("digital_dossier_missing",),
            id="two-letters",
        ),
        pytest.param(
            (email(D1, ANN, BOB),), (), False, None, ("paper_original_missing",), id="no-signatory"
        ),
        pytest.param((email(D1), letter(D1)), (), True, D1, (), id="no-signatory-with-paper"),
        pytest.param((email(D1, ANN), letter(D1)), (ANN, BOB), True, D1, (), id="same-day"),
        pytest.param(
            (email(D1, ANN, BOB, "carl"),), (ANN, BOB), True, D1, (), id="extra-eid-signer"
        ),
        pytest.param(
            (email(D1, ANN, BOB),), (ANN, BOB, ANN), True, D1, (), id="duplicate-signatory"
        ),
        pytest.param(
            (email(D1, "Ann"),), (ANN,), False, None, ("paper_original_missing",), id="ids-exact"
        ),
    ],
)
def test_submission_combinations(
    receipts: tuple[ReceiptFact, ...],
    signatories: tuple[str, ...],
    complete: bool,
    completed_on: date | None,
    codes: tuple[str, ...],
) -> None:
    result = submission(receipts=receipts, signatories=signatories)
    assert (result.complete, result.completed_on, result.outcome.codes) == (
        complete,
        completed_on,
        codes,
    )
    assert result.outcome.allowed is result.complete


def test_a_letter_alone_never_completes() -> None:
    # The digital dossier is always required, whatever the letter carries.
    odd = ReceiptFact("registered_letter", D1, SUBJECT, frozenset({ANN}))
    result = submission(receipts=(odd,), signatories=(ANN,))
    assert not result.complete
    assert result.outcome.codes == ("digital_dossier_missing",)
    assert result.outcome.parameters == ()  # no e-mail, so no subject was checked


@pytest.mark.parametrize(
    ("subject", "flagged"),
    [
        (SUBJECT, False),
        (f"  {SUBJECT}\n", False),  # surrounding whitespace is stripped
        (SUBJECT.lower(), True),  # case counts: the source asks for that exact title
        (SUBJECT.upper(), True),
        ("Aanvraag  mandaat doorstroombegeleiding", True),  # inner spacing counts
        (f"RE: {SUBJECT}", True),
        ("", True),
    ],
)
def test_subject_mismatch_is_informative(subject: str, flagged: bool) -> None:
    result = submission(receipts=(email(D1, ANN, subject=subject),), signatories=(ANN,))
    assert result.complete and result.completed_on == D1
    assert result.outcome.codes == (("email_subject_mismatch",) if flagged else ())
    assert [p.name for p in result.outcome.parameters] == ["email_subject"]
    if flagged:
        (mismatch,) = result.outcome.reasons
        assert mismatch.blocking is False and mismatch.rule == "R14"
        assert mismatch.params == {
            "received_on": "2025-03-01",
            "subject": subject.strip(),
            "expected_subject": SUBJECT,
        }


def test_one_mismatch_reason_per_email_and_subject_parameter_kept_once() -> None:
    receipts = (email(D1, ANN, subject="x"), email(D1, subject="y"), email(D5, subject=SUBJECT))
    result = submission(receipts=receipts, signatories=(ANN,))
    assert result.outcome.codes == ("email_subject_mismatch", "email_subject_mismatch")
    assert [r.params["subject"] for r in result.outcome.reasons] == ["x", "y"]
    assert len(result.outcome.parameters) == 1


def test_mismatch_does_not_hide_blocking_reasons() -> None:
    result = submission(receipts=(email(D1, subject="dossier"),), signatories=(ANN, BOB))
    assert result.outcome.codes == ("paper_original_missing", "email_subject_mismatch")
    assert [r.code for r in result.outcome.blocking_reasons] == ["paper_original_missing"]
    assert result.outcome.reasons[0].params == {"signatories": 2, "signatories_without_eid": 2}


def test_domain_worked_example() -> None:
    # Two signatories, one signs with eID; the e-mail alone leaves the submission incomplete.
    first = email(date(2025, 12, 10), ANN)
    result = submission(receipts=(first,), signatories=(ANN, BOB))
    assert not result.complete and result.outcome.codes == ("paper_original_missing",)
    assert result.outcome.reasons[0].params == {"signatories": 2, "signatories_without_eid": 1}
    # The registered letter of 2025-12-31 completes it; the two-month target ends in February.
    result = submission(receipts=(first, letter(date(2025, 12, 31))), signatories=(ANN, BOB))
    assert result.complete and result.completed_on == date(2025, 12, 31)
    assert decision_due_on(completed_on=date(2025, 12, 31))[0] == date(2026, 2, 28)


def signed(day: date, *signers: str) -> tuple[EidSignatureFact, ...]:
    return tuple(EidSignatureFact(signatory=s, received_on=day) for s in signers)


@pytest.mark.parametrize(
    ("receipts", "signatures", "complete", "completed_on", "codes"),
    [
        pytest.param((email(D1),), signed(D1, ANN, BOB), True, D1, (), id="pdf-signed-by-all"),
        pytest.param(
            (email(D1),),
            signed(D1, ANN),
            False,
            None,
            ("paper_original_missing",),
            id="pdf-one-missing",
        ),
        pytest.param((email(D1, ANN),), signed(D1, BOB), True, D1, (), id="receipt-and-pdf"),
        pytest.param((email(D1),), signed(D5, ANN, BOB), True, D5, (), id="pdf-uploaded-later"),
        pytest.param((email(D5),), signed(D1, ANN, BOB), True, D5, (), id="pdf-before-email"),
        pytest.param(
            (letter(D1),),
            signed(D1, ANN, BOB),
            False,
            None,
            ("digital_dossier_missing",),
            id="pdf-is-no-digital-dossier",
        ),
        pytest.param((email(D1), letter(D3)), signed(D5, ANN, BOB), True, D3, (), id="paper-first"),
    ],
)
def test_eid_signatures_found_in_pdfs(
    receipts: tuple[ReceiptFact, ...],
    signatures: tuple[EidSignatureFact, ...],
    complete: bool,
    completed_on: date | None,
    codes: tuple[str, ...],
) -> None:
    result = submission(receipts=receipts, signatories=(ANN, BOB), eid_signatures=signatures)
    assert (result.complete, result.completed_on, result.outcome.codes) == (
        complete,
        completed_on,
        codes,
    )


def test_pdf_signatures_count_in_the_paper_reason() -> None:
    result = submission(
        receipts=(email(D1),), signatories=(ANN, BOB), eid_signatures=signed(D1, ANN)
    )
    assert result.outcome.reasons[0].params == {"signatories": 2, "signatories_without_eid": 1}


def test_unknown_channel_is_refused() -> None:
    with pytest.raises(ValueError, match="fax"):
        ReceiptFact("fax", D1)


# ---------------------------------------------------------------- properties

people = st.sampled_from(["ann", "bob", "carl"])
receipt_strategy = st.one_of(
    st.builds(
        ReceiptFact,
        channel=st.just("email"),
        received_on=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 3, 1)),
        subject=st.sampled_from([SUBJECT, "other"]),
        eid_signed_by=st.frozensets(people),
    ),
    st.builds(
        ReceiptFact,
        channel=st.just("registered_letter"),
        received_on=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 3, 1)),
    ),
)


@given(st.lists(receipt_strategy, max_size=6), st.lists(people, max_size=3))
def test_completion_is_a_receipt_day_and_stable(
    receipts: list[ReceiptFact], signatories: list[str]
) -> None:
    result = submission(receipts=receipts, signatories=signatories)
    assert result.complete == (result.completed_on is not None)
    assert result.outcome.allowed == result.complete
    if result.completed_on is not None:
        assert result.completed_on in {r.received_on for r in receipts}
        # Only what arrived up to that day counts: replaying those receipts gives the same day,
        # and the day before the submission was not yet complete.
        upto = [r for r in receipts if r.received_on <= result.completed_on]
        assert submission(receipts=upto, signatories=signatories).completed_on == (
            result.completed_on
        )
        before = [r for r in receipts if r.received_on < result.completed_on]
        assert not submission(receipts=before, signatories=signatories).complete


@given(st.lists(receipt_strategy, max_size=5), receipt_strategy, st.lists(people, max_size=3))
def test_a_later_receipt_never_undoes_completion(
    receipts: list[ReceiptFact], extra: ReceiptFact, signatories: list[str]
) -> None:
    before = submission(receipts=receipts, signatories=signatories)
    after = submission(receipts=[*receipts, extra], signatories=signatories)
    assert after.complete >= before.complete
    if before.completed_on is not None and after.completed_on is not None:
        assert after.completed_on <= before.completed_on
