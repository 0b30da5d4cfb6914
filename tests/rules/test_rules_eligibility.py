"""R4 Referral only to fully enabled partners: recognition, mandate, framework, ESF project."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from doorstroom.rules.esf import MandateFact
from doorstroom.rules.mandates import RecognitionFact
from doorstroom.rules.referrals import EsfProjectFact, ExperienceFacts, PartnerFacts, eligibility

ON = date(2026, 3, 2)
DAY = timedelta(days=1)
RECOGNITION = RecognitionFact("LBL-1", "REG-1", date(2022, 3, 1), None)
MANDATE = MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"maatwerk", "lde"}))
PROJECT = EsfProjectFact(approved=True, starts_on=date(2025, 1, 1), ends_on=date(2027, 7, 31))


def partner(**changes: object) -> PartnerFacts:
    base = PartnerFacts(
        partner_id=1,
        name="Partner",
        recognitions=(RECOGNITION,),
        mandates=(MANDATE,),
        esf_projects=(PROJECT,),
        site_coordinates=((51.05, 3.72),),
        municipalities=frozenset({"44021"}),
        arrondissements=frozenset({"44000"}),
        provinces=frozenset({"40000"}),
        experience=ExperienceFacts(
            completed=0, hired=0, years_mandated=0.0, target_group_completed=0
        ),
        current_load=0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def codes(p: PartnerFacts, framework: str = "maatwerk") -> tuple[str, ...]:
    outcome = eligibility(partner=p, framework=framework, on=ON)
    assert outcome.allowed is (outcome.codes == ())
    return outcome.codes


def test_fully_enabled_partner() -> None:
    outcome = eligibility(partner=partner(), framework="maatwerk", on=ON)
    assert outcome.allowed and outcome.reasons == () and outcome.parameters == ()


@pytest.mark.parametrize(
    ("recognitions", "expected"),
    [
        ((RecognitionFact("L", "R", ON, ON),), ()),  # a one-day recognition on the day
        ((RecognitionFact("L", "R", date(2022, 1, 1), ON),), ()),  # last day
        ((RecognitionFact("L", "R", date(2022, 1, 1), ON - DAY),), ("recognition_missing",)),
        ((RecognitionFact("L", "R", ON + DAY, None),), ("recognition_missing",)),  # future
        ((RecognitionFact("L", "R", ON, None),), ()),  # first day, open end
        ((RecognitionFact("L", " ", ON, None),), ("recognition_missing",)),  # label only
        ((RecognitionFact("", "R", ON, None),), ("recognition_missing",)),  # registration only
        ((), ("recognition_missing",)),
    ],
)
def test_recognition_edges(
    recognitions: tuple[RecognitionFact, ...], expected: tuple[str, ...]
) -> None:
    assert codes(partner(recognitions=recognitions)) == expected


def test_recognition_missing_is_emitted_for_r4() -> None:
    outcome = eligibility(partner=partner(recognitions=()), framework="maatwerk", on=ON)
    (missing,) = outcome.reasons
    assert (missing.code, missing.rule, missing.blocking) == ("recognition_missing", "R4", True)
    assert missing.params == {"on": "2026-03-02"}
    assert "2 maart 2026" in missing.message_nl


@pytest.mark.parametrize(
    ("mandates", "expected"),
    [
        ((MandateFact(date(2020, 3, 3), ON, frozenset({"maatwerk"})),), ()),  # last day
        (
            (MandateFact(date(2020, 3, 3), ON - DAY, frozenset({"maatwerk"})),),
            ("mandate_not_active",),
        ),
        ((MandateFact(ON, date(2032, 3, 1), frozenset({"maatwerk"})),), ()),  # first day
        (
            (MandateFact(ON + DAY, date(2032, 3, 2), frozenset({"maatwerk"})),),
            ("mandate_not_active",),
        ),
        ((), ("mandate_not_active",)),
        (
            (MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"lde"})),),
            ("framework_not_covered",),
        ),
        (
            (
                MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"lde"})),
                MandateFact(date(2016, 3, 1), date(2022, 2, 28), frozenset({"maatwerk"})),
            ),
            ("framework_not_covered",),  # the maatwerk mandate has expired
        ),
        (
            (
                MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"lde"})),
                MandateFact(date(2023, 1, 1), date(2028, 12, 31), frozenset({"maatwerk"})),
            ),
            (),  # two valid mandates, one per framework
        ),
    ],
)
def test_mandate_edges(mandates: tuple[MandateFact, ...], expected: tuple[str, ...]) -> None:
    assert codes(partner(mandates=mandates)) == expected


def test_lde_only_mandate_for_a_maatwerk_employee() -> None:
    lde_only = partner(
        mandates=(MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"lde"})),)
    )
    assert codes(lde_only, "lde") == ()
    outcome = eligibility(partner=lde_only, framework="maatwerk", on=ON)
    (uncovered,) = outcome.reasons
    assert (uncovered.code, uncovered.rule) == ("framework_not_covered", "R4")
    assert uncovered.params == {"framework": "maatwerk"}
    assert "Maatwerk bij collectieve inschakeling" in uncovered.message_nl


@pytest.mark.parametrize(
    ("projects", "expected"),
    [
        ((EsfProjectFact(True, date(2025, 1, 1), ON),), ()),  # ends on the day
        ((EsfProjectFact(True, date(2025, 1, 1), ON - DAY),), ("esf_project_required",)),
        ((EsfProjectFact(True, ON, None),), ()),  # starts on the day, open end
        ((EsfProjectFact(True, ON + DAY, None),), ("esf_project_required",)),
        ((EsfProjectFact(False, date(2025, 1, 1), None),), ("esf_project_required",)),
        ((EsfProjectFact(True, None, None),), ("esf_project_required",)),  # never started
        ((), ("esf_project_required",)),
        (
            (
                EsfProjectFact(True, date(2023, 1, 1), date(2024, 12, 31)),
                EsfProjectFact(False, date(2025, 1, 1), None),
                EsfProjectFact(True, date(2026, 3, 1), date(2026, 3, 2)),
            ),
            (),
        ),
    ],
)
def test_esf_project_edges(projects: tuple[EsfProjectFact, ...], expected: tuple[str, ...]) -> None:
    assert codes(partner(esf_projects=projects)) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"recognitions": (), "mandates": (), "esf_projects": ()},
            ("recognition_missing", "mandate_not_active", "esf_project_required"),
        ),
        (
            {
                "recognitions": (),
                "mandates": (MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"lde"})),),
                "esf_projects": (),
            },
            ("recognition_missing", "framework_not_covered", "esf_project_required"),
        ),
        ({"recognitions": (), "esf_projects": ()}, ("recognition_missing", "esf_project_required")),
        ({"mandates": (), "esf_projects": ()}, ("mandate_not_active", "esf_project_required")),
    ],
)
def test_every_reason_together(changes: dict[str, object], expected: tuple[str, ...]) -> None:
    outcome = eligibility(partner=partner(**changes), framework="maatwerk", on=ON)
    assert outcome.codes == expected
    assert not outcome.allowed
    assert all(r.blocking and r.rule == "R4" for r in outcome.reasons)


def test_unknown_framework_is_refused() -> None:
    with pytest.raises(ValueError, match="custom"):
        eligibility(partner=partner(), framework="custom", on=ON)
