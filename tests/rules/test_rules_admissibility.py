"""R1 Recognition first: admissibility of a mandate application on the day it is received."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom.rules.mandates import RecognitionFact, admissibility

VALID_FROM = date(2022, 3, 1)
VALID_UNTIL = date(2025, 2, 28)
RECOGNITION = RecognitionFact("LBL-1", "REG-1", VALID_FROM, VALID_UNTIL)
OPEN_ENDED = RecognitionFact("LBL-2", "REG-2", VALID_FROM, None)


@pytest.mark.parametrize(
    ("received_on", "current_participant", "codes", "allowed"),
    [
        # Transitional regime: last day 2021-09-01 included, 2021-09-02 excluded.
        (date(2021, 9, 1), True, ("transitional_regime_applied",), True),
        (date(2021, 9, 2), True, ("recognition_missing",), False),
        (date(2019, 9, 1), True, ("transitional_regime_applied",), True),
        (date(2021, 9, 1), False, ("recognition_missing",), False),
        (date(2021, 9, 2), False, ("recognition_missing",), False),
    ],
)
def test_without_recognition(
    received_on: date, current_participant: bool, codes: tuple[str, ...], allowed: bool
) -> None:
    outcome = admissibility(
        received_on=received_on, recognitions=(), current_participant=current_participant
    )
    assert (outcome.allowed, outcome.codes) == (allowed, codes)


@pytest.mark.parametrize(
    ("recognition", "received_on", "allowed"),
    [
        (RECOGNITION, VALID_FROM - timedelta(days=1), False),
        (RECOGNITION, VALID_FROM, True),
        (RECOGNITION, VALID_UNTIL, True),
        (RECOGNITION, VALID_UNTIL + timedelta(days=1), False),
        (OPEN_ENDED, VALID_FROM - timedelta(days=1), False),
        (OPEN_ENDED, VALID_FROM, True),
        (OPEN_ENDED, date(2040, 1, 1), True),
    ],
)
def test_recognition_valid_on_the_day_received(
    recognition: RecognitionFact, received_on: date, allowed: bool
) -> None:
    outcome = admissibility(
        received_on=received_on, recognitions=(recognition,), current_participant=False
    )
    assert outcome.allowed is allowed
    assert outcome.codes == (() if allowed else ("recognition_missing",))


@pytest.mark.parametrize(
    ("label", "registration"),
    [("", "REG-1"), ("LBL-1", ""), ("  ", "REG-1"), ("LBL-1", "\t"), ("", "")],
)
def test_label_and_registration_both_needed(label: str, registration: str) -> None:
    half = RecognitionFact(label, registration, VALID_FROM, None)
    outcome = admissibility(
        received_on=date(2024, 1, 1), recognitions=(half,), current_participant=False
    )
    assert outcome.codes == ("recognition_missing",)


def test_any_valid_recognition_suffices() -> None:
    expired = RecognitionFact("OLD", "OLD", date(2019, 9, 2), date(2022, 2, 28))
    outcome = admissibility(
        received_on=date(2024, 1, 1), recognitions=(expired, RECOGNITION), current_participant=False
    )
    assert outcome.allowed and outcome.codes == ()


def test_recognised_current_participant_needs_no_transitional_reason() -> None:
    early = RecognitionFact("LBL", "REG", date(2020, 1, 1), None)
    outcome = admissibility(
        received_on=date(2021, 3, 1), recognitions=(early,), current_participant=True
    )
    assert outcome.allowed and outcome.codes == ()


def test_recognition_is_the_fallback_after_the_transitional_period() -> None:
    outcome = admissibility(
        received_on=date(2021, 9, 2), recognitions=(OPEN_ENDED,), current_participant=True
    )
    assert outcome.allowed is False  # OPEN_ENDED starts 2022-03-01
    recognised = RecognitionFact("LBL", "REG", date(2021, 9, 2), None)
    outcome = admissibility(
        received_on=date(2021, 9, 2), recognitions=(recognised,), current_participant=True
    )
    assert outcome.allowed and outcome.codes == ()


def test_parameters_used_are_kept_and_traced() -> None:
    outcome = admissibility(received_on=date(2021, 9, 1), recognitions=(), current_participant=True)
    assert [p.name for p in outcome.parameters] == ["transitional_period_end"]
    (applied,) = outcome.reasons
    assert applied.blocking is False and applied.rule == "R1"
    assert applied.params == {
        "received_on": "2021-09-01",
        "transitional_period_end": "2021-09-01",
    }
    assert "1 september 2021" in applied.message_nl
    trace = outcome.as_trace()
    assert trace["allowed"] is True
    assert trace["parameters"] == [
        {
            "name": "transitional_period_end",
            "value": "2021-09-01",
            "in_force_from": "2019-01-01",
            "reference": outcome.parameters[0].reference,
        }
    ]


def test_recognition_missing_is_blocking_with_the_received_date() -> None:
    outcome = admissibility(
        received_on=date(2025, 3, 4), recognitions=(), current_participant=False
    )
    (missing,) = outcome.blocking_reasons
    assert missing.params == {"received_on": "2025-03-04"}
    assert "4 maart 2025" in missing.message("nl")
    assert "4 March 2025" in missing.message("en")


received_days = st.dates(min_value=date(2019, 1, 1), max_value=date(2035, 12, 31))
recognitions = st.builds(
    RecognitionFact,
    label_number=st.sampled_from(["", "LBL"]),
    registration_number=st.sampled_from(["", "REG"]),
    valid_from=st.dates(min_value=date(2019, 1, 1), max_value=date(2035, 12, 31)),
    valid_until=st.none() | st.dates(min_value=date(2019, 1, 1), max_value=date(2040, 12, 31)),
)


@given(received_days, st.lists(recognitions, max_size=4), st.booleans())
def test_being_a_current_participant_never_hurts(
    received_on: date, facts: list[RecognitionFact], current: bool
) -> None:
    without = admissibility(received_on=received_on, recognitions=facts, current_participant=False)
    with_flag = admissibility(received_on=received_on, recognitions=facts, current_participant=True)
    assert with_flag.allowed >= without.allowed


@given(received_days, st.lists(recognitions, max_size=4), recognitions, st.booleans())
def test_adding_a_recognition_never_hurts(
    received_on: date, facts: list[RecognitionFact], extra: RecognitionFact, current: bool
) -> None:
    before = admissibility(received_on=received_on, recognitions=facts, current_participant=current)
    after = admissibility(
        received_on=received_on, recognitions=[*facts, extra], current_participant=current
    )
    assert after.allowed >= before.allowed


@given(received_days, st.lists(recognitions, max_size=4), st.booleans())
def test_reasons_agree_with_the_answer(
    received_on: date, facts: list[RecognitionFact], current: bool
) -> None:
    outcome = admissibility(
        received_on=received_on, recognitions=facts, current_participant=current
    )
    assert outcome.allowed == ("recognition_missing" not in outcome.codes)
    assert len(outcome.reasons) <= 1
    if "transitional_regime_applied" in outcome.codes:
        assert current and received_on <= date(2021, 9, 1)


@given(st.dates(min_value=date(2021, 9, 2), max_value=date(2035, 12, 31)), st.booleans())
def test_after_the_transitional_period_recognition_is_required(
    received_on: date, current: bool
) -> None:
    outcome = admissibility(received_on=received_on, recognitions=(), current_participant=current)
    assert outcome.codes == ("recognition_missing",)
