"""R13 Five formal conditions: all met, each motivated; evidence gaps are flagged."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom.rules.codes import CONDITION_LABELS_NL, CONDITIONS
from doorstroom.rules.mandates import Judgement, condition_judgements

MET = Judgement(met=True, motivation="Concreet aangetoond in bijlage 3.")


def judgements(**overrides: Judgement) -> dict[str, Judgement]:
    return {condition: overrides.get(condition, MET) for condition in CONDITIONS}


ALL_EVIDENCE = frozenset(CONDITIONS)


def test_all_met_motivated_and_evidenced_is_approved() -> None:
    outcome = condition_judgements(judgements=judgements(), evidence_conditions=ALL_EVIDENCE)
    assert outcome.allowed and outcome.codes == ()


@pytest.mark.parametrize("condition", CONDITIONS)
def test_one_unmet_condition_refuses(condition: str) -> None:
    unmet = Judgement(met=False, motivation="Geen resultaten aangetoond.")
    outcome = condition_judgements(
        judgements=judgements(**{condition: unmet}), evidence_conditions=ALL_EVIDENCE
    )
    assert not outcome.allowed
    (reason,) = outcome.reasons
    assert (reason.code, reason.rule, reason.blocking) == ("condition_not_met", "R13", True)
    assert reason.params == {"condition": condition}
    assert CONDITION_LABELS_NL[condition] in reason.message_nl


@pytest.mark.parametrize("motivation", ["", "   ", "\n\t"])
def test_blank_motivation_refuses_even_when_met(motivation: str) -> None:
    outcome = condition_judgements(
        judgements=judgements(results=Judgement(met=True, motivation=motivation)),
        evidence_conditions=ALL_EVIDENCE,
    )
    assert not outcome.allowed
    assert outcome.codes == ("motivation_missing",)
    assert outcome.reasons[0].params == {"condition": "results"}


def test_unmet_and_unmotivated_gives_both_reasons() -> None:
    outcome = condition_judgements(
        judgements=judgements(facilities=Judgement(met=False, motivation="")),
        evidence_conditions=ALL_EVIDENCE,
    )
    assert outcome.codes == ("condition_not_met", "motivation_missing")


def test_missing_evidence_is_informative_only() -> None:
    outcome = condition_judgements(
        judgements=judgements(), evidence_conditions=frozenset({"facilities", "results"})
    )
    assert outcome.allowed
    assert outcome.codes == ("evidence_missing",) * 3
    assert [r.params["condition"] for r in outcome.reasons] == [
        "quality_management",
        "expertise",
        "methodology",
    ]
    assert all(not r.blocking for r in outcome.reasons)


def test_no_evidence_reason_for_an_unmet_condition() -> None:
    outcome = condition_judgements(
        judgements=judgements(expertise=Judgement(met=False, motivation="Onvoldoende.")),
        evidence_conditions=ALL_EVIDENCE - {"expertise"},
    )
    assert outcome.codes == ("condition_not_met",)


def test_reasons_follow_the_source_order() -> None:
    unmet = Judgement(met=False, motivation="Nee.")
    outcome = condition_judgements(
        judgements=judgements(methodology=unmet, quality_management=unmet),
        evidence_conditions=ALL_EVIDENCE,
    )
    assert [r.params["condition"] for r in outcome.reasons] == [
        "quality_management",
        "methodology",
    ]


@pytest.mark.parametrize(
    ("given_judgements", "evidence", "message"),
    [
        ({c: MET for c in CONDITIONS if c != "results"}, ALL_EVIDENCE, "missing \\['results'\\]"),
        ({**judgements(), "budget": MET}, ALL_EVIDENCE, "unknown \\['budget'\\]"),
        (judgements(), frozenset({"budget"}), "unknown evidence conditions \\['budget'\\]"),
        ({}, ALL_EVIDENCE, "missing \\['quality_management', 'facilities'"),
    ],
)
def test_programming_guard(
    given_judgements: dict[str, Judgement], evidence: frozenset[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        condition_judgements(judgements=given_judgements, evidence_conditions=evidence)


judgement_strategy = st.builds(
    Judgement, met=st.booleans(), motivation=st.sampled_from(["", " ", "Gemotiveerd."])
)


@given(
    st.fixed_dictionaries({c: judgement_strategy for c in CONDITIONS}),
    st.frozensets(st.sampled_from(CONDITIONS)),
)
def test_approved_iff_all_met_and_motivated(
    given_judgements: dict[str, Judgement], evidence: frozenset[str]
) -> None:
    outcome = condition_judgements(judgements=given_judgements, evidence_conditions=evidence)
    expected = all(j.met and j.motivation.strip() for j in given_judgements.values())
    assert outcome.allowed is expected
    # Evidence never changes the decision, only the flags.
    with_all = condition_judgements(judgements=given_judgements, evidence_conditions=ALL_EVIDENCE)
    assert with_all.allowed is outcome.allowed
    assert "evidence_missing" not in with_all.codes
