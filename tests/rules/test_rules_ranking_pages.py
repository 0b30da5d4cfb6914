"""R10: a page of the ranking is that slice of the whole ranking, explained the same way."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doorstroom.rules.referrals import Candidates, PartnerFacts, rank_partners
from tests.rules.test_rules_ranking import EMPLOYEE, ON, _population

PARTNERS = _population(60, seed=13)


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=70),
    size=st.integers(min_value=0, max_value=70),
    home=st.one_of(st.none(), st.tuples(st.floats(50.6, 51.4), st.floats(2.5, 5.9))),
    day=st.sampled_from([ON, date(2021, 6, 30), date(2028, 2, 29), date(2028, 3, 1)]),
)
def test_a_page_is_the_slice_of_the_whole_ranking(
    start: int, size: int, home: tuple[float, float] | None, day: date
) -> None:
    employee = dataclasses.replace(EMPLOYEE, coordinates=home)
    whole = rank_partners(employee=employee, partners=PARTNERS, on=day)
    page = Candidates(PARTNERS).page(employee=employee, on=day, start=start, size=size)
    assert page.eligible == whole.eligible[start : start + size]
    assert page.eligible_count == len(whole.eligible)
    assert page.ineligible == whole.ineligible
    assert page.parameters == whole.parameters
    assert page.on == day


def test_pages_of_one_kept_candidates_cover_the_ranking_once() -> None:
    kept = Candidates(PARTNERS)
    whole = kept.rank(employee=EMPLOYEE, on=ON)
    pages = [kept.page(employee=EMPLOYEE, on=ON, start=s, size=7) for s in range(0, 63, 7)]
    assert [p for page in pages for p in page.eligible] == list(whole.eligible)
    assert [p.rank for page in pages for p in page.eligible] == list(
        range(1, len(whole.eligible) + 1)
    )


def test_each_ranked_partner_on_a_page_explains_its_score() -> None:
    page = Candidates(PARTNERS).page(employee=EMPLOYEE, on=ON, start=5, size=10)
    assert [p.rank for p in page.eligible] == list(range(6, 16))
    for p in page.eligible:
        assert p.score == round(sum(f.weight * f.score for f in p.factors), 4)
        assert p.explanation_nl.startswith(f"Plaats {p.rank} met score ")


def test_a_page_past_the_end_is_empty_but_counts() -> None:
    page = Candidates(PARTNERS).page(employee=EMPLOYEE, on=ON, start=1000, size=20)
    assert page.eligible == ()
    assert page.eligible_count > 0


@pytest.mark.parametrize(("start", "size"), [(-1, 20), (0, -1)])
def test_a_negative_start_or_size_is_refused(start: int, size: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        Candidates(PARTNERS).page(employee=EMPLOYEE, on=ON, start=start, size=size)


# --- candidates of other target groups share what does not depend on them ---------------------


def _other_experience(partners: list[PartnerFacts], seed: int) -> list[PartnerFacts]:
    """The same partners with other target-group experience and load (another set of target
    groups, another day's load), every other fact the same object."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    return [
        dataclasses.replace(
            p,
            experience=dataclasses.replace(
                p.experience,
                target_group_completed=rng.randint(0, p.experience.completed),
            ),
            current_load=rng.randint(0, 50),
        )
        for p in partners
    ]


def test_candidates_made_like_others_share_places_and_eligibility() -> None:
    first = Candidates(PARTNERS)
    first.rank(employee=EMPLOYEE, on=ON)
    other = _other_experience(PARTNERS, seed=5)
    second = Candidates(other, like=first)
    assert second._shared is first._shared
    assert second._grid is first._grid and second._sites is first._sites
    # The same ranking as candidates of their own, and one list of ineligible partners.
    for day in (ON, date(2028, 2, 29)):
        alone = rank_partners(employee=EMPLOYEE, partners=other, on=day)
        assert second.rank(employee=EMPLOYEE, on=day) == alone
        assert (
            second.page(employee=EMPLOYEE, on=day, start=0, size=5).ineligible
            is first.page(employee=EMPLOYEE, on=day, start=0, size=5).ineligible
        )


@pytest.mark.parametrize(
    "change",
    [
        {"site_coordinates": ((51.0, 4.0),)},
        {"municipalities": frozenset({"11002"})},
        {"arrondissements": frozenset({"11000"})},
        {"provinces": frozenset({"10000"})},
        {"recognitions": ()},
        {"mandates": ()},
        {"esf_projects": ()},
        {"name": "Andere naam vzw"},
    ],
)
def test_candidates_of_other_facts_share_nothing(change: dict[str, object]) -> None:
    first = Candidates(PARTNERS)
    first.rank(employee=EMPLOYEE, on=ON)
    other = list(PARTNERS)
    other[7] = dataclasses.replace(other[7], **change)  # type: ignore[arg-type]
    second = Candidates(other, like=first)
    assert second._shared is not first._shared
    assert second.rank(employee=EMPLOYEE, on=ON) == rank_partners(
        employee=EMPLOYEE, partners=other, on=ON
    )


def test_equal_facts_in_other_objects_are_shared() -> None:
    copied = [
        dataclasses.replace(
            p,
            municipalities=frozenset(p.municipalities),
            site_coordinates=tuple(p.site_coordinates),
        )
        for p in PARTNERS
    ]
    first = Candidates(PARTNERS)
    assert Candidates(copied, like=first)._shared is first._shared
