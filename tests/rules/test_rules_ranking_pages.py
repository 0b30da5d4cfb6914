"""R10: a page of the ranking is that slice of the whole ranking, explained the same way."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doorstroom.rules.referrals import Candidates, rank_partners
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
