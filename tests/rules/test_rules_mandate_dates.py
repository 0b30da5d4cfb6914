"""R3 bis (a mandate's start), R13 expertise per framework, and the grounds of inadmissibility."""

from __future__ import annotations

from datetime import date

import pytest

from doorstroom.rules import mandates
from doorstroom.rules.codes import CONDITIONS
from doorstroom.rules.mandates import Judgement, ReceiptFact, RecognitionFact

LAST_DAY = date(2025, 2, 28)  # the previous mandate's last day (inclusive)
MET = Judgement(met=True, motivation="Aangetoond.")
NOT_MET = Judgement(met=False, motivation="Niet aangetoond.")
OTHERS = {c: MET for c in CONDITIONS if c != "expertise"}
EVIDENCE = frozenset(CONDITIONS)


# --- R3 bis ---------------------------------------------------------------------------------


def test_a_new_mandate_starts_on_its_decision_date() -> None:
    start = mandates.mandate_start(decided_on=date(2024, 2, 29), previous_valid_until=None)
    assert start.starts_on == date(2024, 2, 29)
    assert start.outcome.allowed


@pytest.mark.parametrize(
    ("decided_on", "starts_on"),
    [
        (date(2024, 12, 1), date(2025, 3, 1)),  # long before the end: the day after
        (LAST_DAY, date(2025, 3, 1)),  # on the last day it still runs: the day after
        (date(2025, 3, 1), date(2025, 3, 1)),  # the day after: on its decision date
        (date(2025, 9, 1), date(2025, 9, 1)),  # after a gap: on its decision date
    ],
)
def test_a_renewal_on_both_sides_of_the_previous_last_day(
    decided_on: date, starts_on: date
) -> None:
    start = mandates.mandate_start(decided_on=decided_on, previous_valid_until=LAST_DAY)
    assert start.starts_on == starts_on
    asked = mandates.mandate_start(
        decided_on=decided_on, previous_valid_until=LAST_DAY, starts_on=starts_on
    )
    assert asked.outcome.allowed


@pytest.mark.parametrize(
    ("decided_on", "asked"),
    [
        (LAST_DAY, LAST_DAY),  # overlap of one day
        (LAST_DAY, date(2025, 3, 2)),  # gap of one day
        (date(2025, 3, 1), date(2025, 2, 28)),  # backdated
        (date(2025, 3, 1), date(2025, 3, 2)),  # postponed
    ],
)
def test_any_other_start_is_invalid(decided_on: date, asked: date) -> None:
    start = mandates.mandate_start(
        decided_on=decided_on, previous_valid_until=LAST_DAY, starts_on=asked
    )
    assert not start.outcome.allowed
    (reason,) = start.outcome.reasons
    assert (reason.code, reason.rule, reason.blocking) == ("start_date_invalid", "R3 bis", True)
    assert reason.params["expected_starts_on"] == start.starts_on.isoformat()


def test_a_29_february_renewal_joins_without_gap() -> None:
    # Previous mandate 2022-03-01 .. 2028-02-29: the renewal starts 2028-03-01.
    start = mandates.mandate_start(
        decided_on=date(2028, 1, 5), previous_valid_until=date(2028, 2, 29)
    )
    assert start.starts_on == date(2028, 3, 1)
    period = mandates.mandate_period(starts_on=start.starts_on)
    assert period.valid_until == date(2034, 2, 28)


def test_validity_years_in_force() -> None:
    assert mandates.mandate_validity_years(valid_from=date(2024, 1, 1)) == 6


# --- R13 expertise per framework ------------------------------------------------------------


def test_partial_approval_covers_the_framework_whose_expertise_is_met() -> None:
    grant = mandates.mandate_grant(
        frameworks=["maatwerk", "lde"],
        judgements=OTHERS,
        expertise={"maatwerk": MET, "lde": NOT_MET},
        evidence_conditions=EVIDENCE,
    )
    assert grant.outcome.allowed
    assert grant.frameworks == ("maatwerk",)
    (reason,) = grant.outcome.reasons
    assert (reason.code, reason.rule, reason.blocking) == ("framework_not_granted", "R13", False)
    assert reason.params == {"framework": "lde"}


def test_both_frameworks_met_and_none_met() -> None:
    both = mandates.mandate_grant(
        frameworks=["maatwerk", "lde"],
        judgements=OTHERS,
        expertise={"maatwerk": MET, "lde": MET},
        evidence_conditions=EVIDENCE,
    )
    assert both.frameworks == ("maatwerk", "lde") and both.outcome.reasons == ()
    none = mandates.mandate_grant(
        frameworks=["maatwerk", "lde"],
        judgements=OTHERS,
        expertise={"maatwerk": NOT_MET, "lde": NOT_MET},
        evidence_conditions=EVIDENCE,
    )
    assert not none.outcome.allowed and none.frameworks == ()
    assert none.outcome.codes == (
        "condition_not_met",
        "framework_not_granted",
        "framework_not_granted",
    )


def test_one_framework_not_met_is_a_plain_rejection() -> None:
    grant = mandates.mandate_grant(
        frameworks=["lde"],
        judgements=OTHERS,
        expertise={"lde": NOT_MET},
        evidence_conditions=EVIDENCE,
    )
    assert not grant.outcome.allowed
    assert grant.outcome.codes == ("condition_not_met",)


def test_a_blank_expertise_motivation_blocks_and_another_condition_still_counts() -> None:
    grant = mandates.mandate_grant(
        frameworks=["maatwerk", "lde"],
        judgements={**OTHERS, "results": NOT_MET},
        expertise={"maatwerk": MET, "lde": Judgement(met=False, motivation=" ")},
        evidence_conditions=EVIDENCE,
    )
    assert not grant.outcome.allowed
    assert "motivation_missing" in grant.outcome.codes
    assert "condition_not_met" in grant.outcome.codes


@pytest.mark.parametrize(
    "expertise",
    [{"maatwerk": MET}, {"maatwerk": MET, "lde": MET, "other": MET}, {}],
)
def test_expertise_must_name_exactly_the_asked_frameworks(expertise: dict[str, Judgement]) -> None:
    with pytest.raises(ValueError, match="expertise"):
        mandates.mandate_grant(
            frameworks=["maatwerk", "lde"],
            judgements=OTHERS,
            expertise=expertise,
            evidence_conditions=EVIDENCE,
        )


# --- grounds of inadmissibility (R1, R14 → R15) ---------------------------------------------

RECOGNISED = RecognitionFact("L", "R", date(2020, 1, 1), None)
EMAIL = ReceiptFact(
    "email", date(2025, 1, 10), "Aanvraag mandaat doorstroombegeleiding", frozenset({"A"})
)


def _grounds(
    receipts: list[ReceiptFact], recognitions: list[RecognitionFact]
) -> tuple[bool, tuple[str, ...]]:
    submission = mandates.submission(receipts=receipts, signatories=["A"])
    admissibility = (
        mandates.admissibility(
            received_on=receipts[0].received_on,
            recognitions=recognitions,
            current_participant=False,
        )
        if receipts
        else None
    )
    outcome = mandates.dossier_admissible(submission=submission, admissibility=admissibility)
    return outcome.allowed, outcome.codes


def test_a_complete_recognised_dossier_has_no_grounds() -> None:
    assert _grounds([EMAIL], [RECOGNISED]) == (True, ())


def test_no_recognition_is_an_r1_ground() -> None:
    assert _grounds([EMAIL], []) == (False, ("recognition_missing",))


def test_an_incomplete_submission_is_an_r14_ground() -> None:
    unsigned = ReceiptFact("email", date(2025, 1, 10), "Aanvraag mandaat doorstroombegeleiding")
    assert _grounds([unsigned], [RECOGNISED]) == (False, ("paper_original_missing",))
    both = _grounds([unsigned], [])
    assert both == (False, ("recognition_missing", "paper_original_missing"))


def test_informative_reasons_are_no_grounds() -> None:
    odd_subject = ReceiptFact("email", date(2025, 1, 10), "aanvraag", frozenset({"A"}))
    assert _grounds([odd_subject], [RECOGNISED]) == (True, ())


def test_nothing_received_has_only_r14_grounds() -> None:
    assert _grounds([], []) == (False, ("digital_dossier_missing", "paper_original_missing"))
