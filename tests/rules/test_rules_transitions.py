"""R7/R8 transition decision on the three criteria, R9 postponement of the start."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from doorstroom.rules.codes import CRITERIA
from doorstroom.rules.transitions import (
    CriterionJudgement,
    evaluation_decision,
    transition_start,
    transition_starts_on,
)

COMBINATIONS = [
    (needs_support, dict(zip(CRITERIA, flags, strict=True)))
    for needs_support in (False, True)
    for flags in itertools.product((True, False), repeat=3)
]


def _criteria(flags: dict[str, bool]) -> dict[str, CriterionJudgement]:
    return {
        c: CriterionJudgement(favourable=f, motivation=f"motivering {c}") for c, f in flags.items()
    }


@pytest.mark.parametrize(
    ("needs_support", "flags"),
    COMBINATIONS,
    ids=[f"support={n}-" + "".join("+" if v else "-" for v in f.values()) for n, f in COMBINATIONS],
)
def test_all_sixteen_combinations(needs_support: bool, flags: dict[str, bool]) -> None:
    outcome = evaluation_decision(needs_support=needs_support, criteria=_criteria(flags))
    expected = (("support_still_needed",) if needs_support else ()) + tuple(
        "chances_unfavourable" for c in CRITERIA if not flags[c]
    )
    assert outcome.codes == expected
    assert outcome.allowed is (not needs_support and all(flags.values()))
    assert all(r.blocking for r in outcome.reasons)
    assert [r.params["criterion"] for r in outcome.reasons if r.code == "chances_unfavourable"] == [
        c for c in CRITERIA if not flags[c]
    ]
    assert {r.rule for r in outcome.reasons} <= {"R7"}
    assert outcome.parameters == ()


def test_criteria_order_does_not_depend_on_the_mapping_order() -> None:
    flags = {"regional_prospects": False, "personal_situation": False, "employer_continuity": True}
    outcome = evaluation_decision(needs_support=False, criteria=_criteria(flags))
    assert [r.params["criterion"] for r in outcome.reasons] == [
        "personal_situation",
        "regional_prospects",
    ]
    assert "persoonlijke situatie" in outcome.reasons[0].message_nl


@pytest.mark.parametrize(
    "criteria",
    [
        {},
        {"personal_situation": True, "employer_continuity": True},
        {
            "personal_situation": True,
            "employer_continuity": True,
            "regional_prospects": True,
            "motivation": True,
        },
    ],
)
def test_exactly_the_three_criteria_are_required(criteria: dict[str, bool]) -> None:
    with pytest.raises(ValueError, match="personal_situation, employer_continuity"):
        evaluation_decision(needs_support=False, criteria=_criteria(criteria))


TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("requested", "allowed", "starts_on"),
    [
        (None, True, TODAY),
        (TODAY - timedelta(days=1), False, TODAY - timedelta(days=1)),  # yesterday
        (TODAY, True, TODAY),  # today
        (TODAY + timedelta(days=1), True, TODAY + timedelta(days=1)),  # tomorrow
        (date(2026, 9, 1), True, date(2026, 9, 1)),  # postponed
    ],
)
def test_start_date(requested: date | None, allowed: bool, starts_on: date) -> None:
    outcome = transition_start(decided_on=TODAY, requested_start=requested, today=TODAY)
    assert outcome.allowed is allowed
    assert outcome.codes == (() if allowed else ("start_date_in_past",))
    assert transition_starts_on(decided_on=TODAY, requested_start=requested) == starts_on
    if not allowed:
        (past,) = outcome.reasons
        assert (past.rule, past.blocking) == ("R9", True)
        assert past.params == {"starts_on": "2026-03-09"}
        assert "9 maart 2026" in past.message_nl


def test_decision_recorded_later_without_requested_start_is_fine() -> None:
    # The decision day is the start; recording it a day late does not make it "in the past".
    decided = TODAY - timedelta(days=1)
    assert transition_start(decided_on=decided, requested_start=None, today=TODAY).allowed


def test_support_still_needed_needs_no_criteria() -> None:
    outcome = evaluation_decision(needs_support=True, criteria=None)
    assert not outcome.allowed
    assert outcome.codes == ("support_still_needed",)


def test_without_support_needs_the_criteria_must_be_judged() -> None:
    with pytest.raises(ValueError, match="criteria"):
        evaluation_decision(needs_support=False, criteria=None)
