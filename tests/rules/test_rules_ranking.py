"""R10 VDAB chooses the partner, R11 No contingent: ranking, explanations, the choice."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doorstroom.rules.esf import MandateFact
from doorstroom.rules.mandates import RecognitionFact
from doorstroom.rules.referrals import (
    Candidates,
    EmployeeFacts,
    EsfProjectFact,
    ExperienceFacts,
    PartnerFacts,
    Ranking,
    distance_km,
    rank_partners,
    referral_choice,
)

ON = date(2026, 3, 2)
HOME = (51.0, 4.0)
KM_PER_DEGREE_LAT = 111.19508  # 2π × 6371.0088 / 360
NO_EXPERIENCE = ExperienceFacts(completed=0, hired=0, years_mandated=0.0, target_group_completed=0)

EMPLOYEE = EmployeeFacts(
    framework="maatwerk",
    target_groups=("work_disability",),
    municipality="44021",  # Gent
    arrondissement="44000",
    province="40000",
    coordinates=HOME,
)


def north(km: float) -> tuple[float, float]:
    """A point ``km`` north of HOME."""
    return (HOME[0] + km / KM_PER_DEGREE_LAT, HOME[1])


def partner(partner_id: int, **changes: object) -> PartnerFacts:
    base = PartnerFacts(
        partner_id=partner_id,
        name=f"Partner {partner_id}",
        recognitions=(RecognitionFact("L", "R", date(2022, 1, 1), None),),
        mandates=(MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"maatwerk"})),),
        esf_projects=(EsfProjectFact(True, date(2025, 1, 1), None),),
        site_coordinates=(north(30.0),),
        municipalities=frozenset(),
        arrondissements=frozenset(),
        provinces=frozenset(),
        experience=NO_EXPERIENCE,
        current_load=0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def signature(ranking: Ranking) -> object:
    """Everything of a ranking except the load shown beside it."""
    return (
        [(p.partner_id, p.rank, p.score, p.distance_km, p.factors) for p in ranking.eligible],
        ranking.ineligible,
        ranking.parameters,
    )


# ---------------------------------------------------------------- distance


def test_haversine() -> None:
    assert distance_km(HOME, HOME) == 0.0
    assert distance_km(HOME, north(12.3)) == pytest.approx(12.3, abs=1e-6)
    gent, brussel = (51.0543, 3.7174), (50.8466, 4.3528)
    assert distance_km(gent, brussel) == pytest.approx(49.9, abs=0.5)
    assert distance_km(gent, brussel) == distance_km(brussel, gent)


# ---------------------------------------------------------------- factors and explanations


def test_worked_example_with_explanations() -> None:
    example = partner(
        7,
        name="Werkwijzer",
        site_coordinates=(north(40.0), north(12.3)),
        municipalities=frozenset({"44021"}),
        experience=ExperienceFacts(
            completed=14, hired=9, years_mandated=5.0, target_group_completed=6
        ),
    )
    ranking = rank_partners(employee=EMPLOYEE, partners=[example], on=ON)
    (ranked,) = ranking.eligible
    proximity, network, experience = ranked.factors
    assert [f.name for f in ranked.factors] == ["proximity", "local_network", "experience"]
    assert [f.weight for f in ranked.factors] == [0.4, 0.3, 0.3]

    assert proximity.value == pytest.approx(12.3, abs=1e-3)
    assert proximity.score == round(1 - 12.3 / 60, 4)
    assert proximity.explanation_nl == "Dichtstbijzijnde vestiging op 12,3 km van de woonplaats."
    assert proximity.explanation_en == "Nearest site 12.3 km from the residence."

    assert (network.value, network.score) == ("municipality", 1.0)
    assert network.explanation_nl == (
        "Bedient de woonplaats van de werknemer (lokaal netwerk op gemeenteniveau)."
    )

    expected_experience = (14 / 20 + 9 / 14 + 5 / 6 + 6 / 10) / 4
    assert experience.score == round(expected_experience, 4) == experience.value
    assert experience.explanation_nl == (
        "Ervaring: 14 afgeronde trajecten, 64 % aan het werk, 5 jaar gemandateerd, "
        "6 trajecten met deze doelgroep."
    )
    assert experience.explanation_en == (
        "Experience: 14 completed trajectories, 64% in work, 5 years mandated, "
        "6 trajectories with this target group."
    )

    total = 0.4 * proximity.score + 0.3 * 1.0 + 0.3 * experience.score
    assert ranked.score == round(total, 4)
    assert (ranked.rank, ranked.local_network, ranked.experience) == (
        1,
        "municipality",
        experience.score,
    )
    assert ranked.distance_km == pytest.approx(12.3, abs=1e-3)
    assert ranked.explanation_nl.startswith(
        f"Plaats 1 met score {str(ranked.score).replace('.', ',')}"
    )
    for factor in ranked.factors:
        assert factor.explanation_nl in ranked.explanation_nl


@pytest.mark.parametrize(
    ("changes", "level", "score", "words"),
    [
        ({"municipalities": frozenset({"44021"})}, "municipality", 1.0, "gemeenteniveau"),
        (
            {"municipalities": frozenset({"44019"}), "arrondissements": frozenset({"44000"})},
            "arrondissement",
            0.6,
            "arrondissementsniveau",
        ),
        (
            {"arrondissements": frozenset({"45000"}), "provinces": frozenset({"40000"})},
            "province",
            0.3,
            "provincieniveau",
        ),
        ({"provinces": frozenset({"10000"})}, "none", 0.0, "geen lokaal netwerk"),
        ({}, "none", 0.0, "geen lokaal netwerk"),
    ],
)
def test_local_network_levels(
    changes: dict[str, object], level: str, score: float, words: str
) -> None:
    (ranked,) = rank_partners(employee=EMPLOYEE, partners=[partner(1, **changes)], on=ON).eligible
    network = ranked.factors[1]
    assert (ranked.local_network, network.value, network.score) == (level, level, score)
    assert words in network.explanation_nl


@pytest.mark.parametrize(
    ("km", "score"),
    [(0.0, 1.0), (30.0, 0.5), (59.999, 0.0), (60.0, 0.0), (90.0, 0.0)],
)
def test_proximity_score(km: float, score: float) -> None:
    (ranked,) = rank_partners(
        employee=EMPLOYEE, partners=[partner(1, site_coordinates=(north(km),))], on=ON
    ).eligible
    assert ranked.factors[0].score == pytest.approx(score, abs=1e-4)


def test_unknown_distance_scores_zero() -> None:
    no_sites = partner(1, site_coordinates=())
    homeless = dataclasses.replace(EMPLOYEE, coordinates=None)
    for employee, p in ((EMPLOYEE, no_sites), (homeless, partner(2))):
        (ranked,) = rank_partners(employee=employee, partners=[p], on=ON).eligible
        proximity = ranked.factors[0]
        assert (ranked.distance_km, proximity.value, proximity.score) == (None, None, 0.0)
        assert "Afstand onbekend" in proximity.explanation_nl


@pytest.mark.parametrize(
    ("facts", "score", "sentence"),
    [
        (
            NO_EXPERIENCE,
            0.0,
            "Ervaring: nog geen afgeronde trajecten, 0 jaar gemandateerd, 0 trajecten met deze "
            "doelgroep.",
        ),
        (
            ExperienceFacts(completed=1, hired=1, years_mandated=0.5, target_group_completed=1),
            (1 / 20 + 1 + 0.5 / 6 + 1 / 10) / 4,
            "Ervaring: 1 afgerond traject, 100 % aan het werk, 0,5 jaar gemandateerd, 1 traject "
            "met deze doelgroep.",
        ),
        (
            ExperienceFacts(completed=40, hired=30, years_mandated=12.0, target_group_completed=25),
            (1 + 0.75 + 1 + 1) / 4,  # capped components
            "Ervaring: 40 afgeronde trajecten, 75 % aan het werk, 12 jaar gemandateerd, 25 "
            "trajecten met deze doelgroep.",
        ),
    ],
)
def test_experience(facts: ExperienceFacts, score: float, sentence: str) -> None:
    (ranked,) = rank_partners(
        employee=EMPLOYEE, partners=[partner(1, experience=facts)], on=ON
    ).eligible
    assert ranked.experience == round(score, 4)
    assert ranked.factors[2].explanation_nl == sentence


def test_belgian_thousands_separator() -> None:
    far = partner(1, site_coordinates=(north(1234.5),))
    (ranked,) = rank_partners(employee=EMPLOYEE, partners=[far], on=ON).eligible
    assert re.search(r"op 1\.234,5 km", ranked.factors[0].explanation_nl)
    assert "1,234.5 km" in ranked.factors[0].explanation_en


# ---------------------------------------------------------------- order


def test_order_by_score_then_distance_then_id() -> None:
    strong = partner(
        5,
        site_coordinates=(north(20.0),),
        municipalities=frozenset({"44021"}),
        experience=ExperienceFacts(20, 15, 6.0, 10),
    )
    near = partner(4, site_coordinates=(north(1.0),))
    far_a = partner(3, site_coordinates=(north(70.0),))  # proximity 0
    far_b = partner(2, site_coordinates=(north(65.0),))  # proximity 0, but nearer
    twin = partner(1, site_coordinates=(north(65.0),))  # same as far_b: lower id first
    unknown = partner(0, site_coordinates=())  # proximity 0, distance unknown: last of the ties
    ranking = rank_partners(
        employee=EMPLOYEE, partners=[unknown, far_a, twin, near, strong, far_b], on=ON
    )
    assert [p.partner_id for p in ranking.eligible] == [5, 4, 1, 2, 3, 0]
    assert [p.rank for p in ranking.eligible] == [1, 2, 3, 4, 5, 6]
    scores = [p.score for p in ranking.eligible]
    assert scores == sorted(scores, reverse=True)
    assert scores[2:] == [0.0] * 4


def test_ineligible_partners_are_listed_apart_with_reasons() -> None:
    lde_only = partner(
        9, mandates=(MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"lde"})),)
    )
    unrecognised = partner(3, recognitions=(), esf_projects=())
    ranking = rank_partners(employee=EMPLOYEE, partners=[lde_only, partner(1), unrecognised], on=ON)
    assert [p.partner_id for p in ranking.eligible] == [1]
    assert [p.partner_id for p in ranking.ineligible] == [3, 9]
    assert [r.code for r in ranking.ineligible[0].reasons] == [
        "recognition_missing",
        "esf_project_required",
    ]
    assert [r.code for r in ranking.ineligible[1].reasons] == ["framework_not_covered"]


def test_duplicate_partner_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="once"):
        rank_partners(employee=EMPLOYEE, partners=[partner(1), partner(1)], on=ON)


def test_empty_ranking() -> None:
    ranking = rank_partners(employee=EMPLOYEE, partners=[], on=ON)
    assert ranking.eligible == () and ranking.ineligible == ()
    assert len(ranking.parameters) == 11


def _population(n: int, seed: int) -> list[PartnerFacts]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    partners = []
    for i in range(1, n + 1):
        completed = rng.randint(0, 40)
        partners.append(
            partner(
                i,
                recognitions=() if rng.random() < 0.05 else partner(0).recognitions,
                site_coordinates=tuple(
                    (50.7 + rng.random() * 0.6, 2.6 + rng.random() * 3.2)
                    for _ in range(rng.randint(0, 3))
                ),
                municipalities=frozenset(rng.sample(["44021", "44019", "11002", "71016"], 2)),
                arrondissements=frozenset(rng.sample(["44000", "11000", "71000"], 1)),
                provinces=frozenset(rng.sample(["40000", "10000", "70000"], 1)),
                experience=ExperienceFacts(
                    completed=completed,
                    hired=rng.randint(0, completed),
                    years_mandated=round(rng.random() * 10, 1),
                    target_group_completed=rng.randint(0, completed),
                ),
                current_load=rng.randint(0, 50),
            )
        )
    return partners


def test_ranking_500_partners() -> None:
    partners = _population(500, seed=1)
    ranking = rank_partners(employee=EMPLOYEE, partners=partners, on=ON)
    assert len(ranking.eligible) + len(ranking.ineligible) == 500
    assert [p.rank for p in ranking.eligible] == list(range(1, len(ranking.eligible) + 1))
    scores = [p.score for p in ranking.eligible]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= p.score <= 1.0 for p in ranking.eligible)
    json.dumps(ranking.as_trace())


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_input_order_never_changes_the_ranking(rnd: random.Random) -> None:
    partners = _population(30, seed=7)
    shuffled = list(partners)
    rnd.shuffle(shuffled)
    first = rank_partners(employee=EMPLOYEE, partners=partners, on=ON)
    again = rank_partners(employee=EMPLOYEE, partners=shuffled, on=ON)
    assert first == again
    assert first.as_trace() == again.as_trace()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [("maatwerk", "work_disability"), ("lde", "distance_to_labour_market")]
            ),
            st.sampled_from(["44021", "11002", "71016", "99999"]),
            st.one_of(st.none(), st.tuples(st.floats(50.6, 51.4), st.floats(2.5, 5.9))),
            st.sampled_from([ON, date(2021, 6, 30), date(2028, 2, 29), date(2031, 1, 1)]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_prepared_candidates_rank_as_a_fresh_ranking(
    requests: list[tuple[tuple[str, str], str, tuple[float, float] | None, date]],
) -> None:
    """One `Candidates` kept for many employees and days (as the per-process cache keeps it)
    ranks each exactly as `rank_partners` on the same facts does."""
    partners = _population(40, seed=11)
    kept = Candidates(partners)
    for (framework, group), municipality, home, day in requests:
        employee = dataclasses.replace(
            EMPLOYEE,
            framework=framework,
            target_groups=(group,),
            municipality=municipality,
            coordinates=home,
        )
        fresh = rank_partners(employee=employee, partners=partners, on=day)
        assert kept.rank(employee=employee, on=day) == fresh


# ---------------------------------------------------------------- R11 no contingent

POPULATION = _population(25, seed=3)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=25, max_size=25))
def test_load_never_changes_order_or_scores(loads: list[int]) -> None:
    loaded = [
        dataclasses.replace(p, current_load=n) for p, n in zip(POPULATION, loads, strict=True)
    ]
    baseline = rank_partners(employee=EMPLOYEE, partners=POPULATION, on=ON)
    ranking = rank_partners(employee=EMPLOYEE, partners=loaded, on=ON)
    assert signature(ranking) == signature(baseline)
    # The load is carried for display, unchanged.
    by_id = {p.partner_id: p.current_load for p in loaded}
    assert all(p.current_load == by_id[p.partner_id] for p in ranking.eligible)


# ---------------------------------------------------------------- trace


def test_trace_holds_everything_to_show_the_ranking_again() -> None:
    ranking = rank_partners(
        employee=EMPLOYEE, partners=[partner(1), partner(2, esf_projects=())], on=ON
    )
    trace = ranking.as_trace()
    assert json.loads(json.dumps(trace)) == trace
    assert trace["on"] == "2026-03-02"
    eligible = trace["eligible"]
    ineligible = trace["ineligible"]
    assert isinstance(eligible, list) and isinstance(ineligible, list)
    (shown,) = eligible
    assert set(shown) == {
        "partner_id",
        "name",
        "rank",
        "score",
        "distance_km",
        "local_network",
        "experience",
        "factors",
        "current_load",
        "explanation_nl",
    }
    assert [f["name"] for f in shown["factors"]] == ["proximity", "local_network", "experience"]
    assert set(shown["factors"][0]) == {
        "name",
        "value",
        "score",
        "weight",
        "explanation_nl",
        "explanation_en",
    }
    (refused,) = ineligible
    assert refused["partner_id"] == 2
    assert [r["code"] for r in refused["reasons"]] == ["esf_project_required"]
    names = [p["name"] for p in trace["parameters"]]  # type: ignore[attr-defined]
    assert len(names) == 11 and all(n.startswith("ranking_") for n in names)


# ---------------------------------------------------------------- the consultant's choice


@pytest.fixture(scope="module")
def ranking() -> Ranking:
    first = partner(1, site_coordinates=(north(1.0),), municipalities=frozenset({"44021"}))
    second = partner(2, site_coordinates=(north(20.0),))
    refused = partner(3, mandates=())
    return rank_partners(employee=EMPLOYEE, partners=[second, refused, first], on=ON)


@pytest.mark.parametrize(
    ("chosen", "override_reason", "codes"),
    [
        (1, "", ()),  # the first-ranked needs no reason
        (1, "why not", ()),
        (2, "", ("override_reason_required",)),
        (2, "  \n", ("override_reason_required",)),
        (2, "De werknemer kent de begeleider al.", ()),
        (3, "Heeft een goede naam.", ("mandate_not_active",)),  # ineligible: its R4 reasons
        (42, "Nieuwe partner.", ("partner_not_ranked",)),
    ],
)
def test_referral_choice(
    ranking: Ranking, chosen: int, override_reason: str, codes: tuple[str, ...]
) -> None:
    outcome = referral_choice(
        ranking=ranking, chosen_partner_id=chosen, override_reason=override_reason
    )
    assert outcome.codes == codes
    assert outcome.allowed is (codes == ())
    assert outcome.parameters == ranking.parameters


def test_override_reason_carries_the_rank(ranking: Ranking) -> None:
    outcome = referral_choice(ranking=ranking, chosen_partner_id=2, override_reason="")
    (required,) = outcome.reasons
    assert (required.rule, required.blocking, required.params) == ("R10", True, {"chosen_rank": 2})
    assert "plaats 2" in required.message_nl
    outcome = referral_choice(ranking=ranking, chosen_partner_id=42, override_reason="x")
    assert outcome.reasons[0].params == {"partner_id": 42}
    ineligible = referral_choice(ranking=ranking, chosen_partner_id=3, override_reason="x")
    assert ineligible.reasons[0].rule == "R4"
