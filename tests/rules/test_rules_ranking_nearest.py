"""R10: a page found from the partners nearest the residence (`Candidates.page`, which stops
once no farther partner can reach the page) is exactly that slice of the whole ranking."""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doorstroom.rules import referrals
from doorstroom.rules.referrals import (
    Candidates,
    ExperienceFacts,
    PartnerFacts,
    _haversine,
    _radians,
    _SiteGrid,
    rank_partners,
)
from tests.rules.test_rules_ranking import EMPLOYEE, ON, _population, partner

# A few places shared by many sites and residences: equal distances, so equal proximity.
PLACES = [(51.0, 4.0), (51.0543, 3.7174), (50.8466, 4.3528), (51.2194, 4.4025), (50.93, 5.33)]
MUNICIPALITIES = ["44021", "44019", "11002", "71016"]
ARRONDISSEMENTS = ["44000", "11000", "71000"]
PROVINCES = ["40000", "10000", "70000"]
DAYS = [ON, date(2021, 6, 30), date(2028, 2, 29), date(2028, 3, 1)]

points = st.one_of(
    st.sampled_from(PLACES),
    st.tuples(st.floats(50.6, 51.4), st.floats(2.5, 5.9)),
)
# Few distinct values, so that equal scores (ties on score, then on distance) are common.
experiences = st.builds(
    ExperienceFacts,
    completed=st.sampled_from([0, 5, 20, 40]),
    hired=st.sampled_from([0, 5]),
    years_mandated=st.sampled_from([0.0, 3.0, 6.0]),
    target_group_completed=st.sampled_from([0, 5, 10]),
)


@st.composite
def populations(draw: st.DrawFn) -> list[PartnerFacts]:
    ids = draw(st.lists(st.integers(1, 10_000), max_size=60, unique=True))
    found = []
    for pk in ids:
        changes: dict[str, object] = {
            "site_coordinates": tuple(draw(st.lists(points, max_size=3))),
            "municipalities": frozenset(draw(st.sets(st.sampled_from(MUNICIPALITIES)))),
            "arrondissements": frozenset(draw(st.sets(st.sampled_from(ARRONDISSEMENTS)))),
            "provinces": frozenset(draw(st.sets(st.sampled_from(PROVINCES)))),
            "experience": draw(experiences),
        }
        if draw(st.integers(0, 9)) == 0:  # not recognised: ineligible (R4)
            changes["recognitions"] = ()
        found.append(partner(pk, **changes))
    return found


homes = st.one_of(
    st.none(),
    st.sampled_from(PLACES),
    st.tuples(st.floats(50.6, 51.4), st.floats(2.5, 5.9)),
    # Far from every site: the rings nearer than the sites are skipped.
    st.tuples(st.floats(-60.0, 60.0), st.floats(-170.0, 170.0)),
)


@settings(max_examples=300, deadline=None)
@given(
    partners=populations(),
    home=homes,
    municipality=st.sampled_from(MUNICIPALITIES),
    arrondissement=st.sampled_from(ARRONDISSEMENTS),
    province=st.sampled_from(PROVINCES),
    day=st.sampled_from(DAYS),
    start=st.integers(0, 70),
    size=st.integers(0, 70),
)
def test_the_nearest_first_page_is_the_slice_of_the_whole_ranking(
    partners: list[PartnerFacts],
    home: tuple[float, float] | None,
    municipality: str,
    arrondissement: str,
    province: str,
    day: date,
    start: int,
    size: int,
) -> None:
    employee = dataclasses.replace(
        EMPLOYEE,
        coordinates=home,
        municipality=municipality,
        arrondissement=arrondissement,
        province=province,
    )
    whole = rank_partners(employee=employee, partners=partners, on=day)
    kept = Candidates(partners)
    page = kept.page(employee=employee, on=day, start=start, size=size)
    assert page.eligible == whole.eligible[start : start + size]
    assert page.eligible_count == len(whole.eligible)
    assert page.ineligible == whole.ineligible
    assert page.parameters == whole.parameters
    assert page.on == day
    # The same kept candidates, asked again (as the per-process cache asks them), agree.
    assert kept.page(employee=employee, on=day, start=start, size=size) == page


@pytest.mark.parametrize(("start", "size"), [(0, 20), (20, 20), (0, 1), (137, 7), (0, 1999)])
def test_a_page_of_many_partners_scores_fewer_and_equals_the_slice(
    monkeypatch: pytest.MonkeyPatch, start: int, size: int
) -> None:
    partners = _population(2000, seed=7)
    kept = Candidates(partners)
    whole = kept.rank(employee=EMPLOYEE, on=ON)
    scored: list[int] = []
    row = Candidates._row

    def counting(self: Candidates, i: int, *args: object) -> object:
        scored.append(i)
        return row(self, i, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Candidates, "_row", counting)
    page = kept.page(employee=EMPLOYEE, on=ON, start=start, size=size)
    assert page.eligible == whole.eligible[start : start + size]
    assert page.eligible_count == len(whole.eligible)
    assert len(scored) == len(set(scored))  # no partner scored twice
    if start + size < len(whole.eligible) // 4:
        assert len(scored) < len(whole.eligible) // 2


def test_without_residence_coordinates_every_partner_is_scored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    partners = _population(200, seed=3)
    homeless = dataclasses.replace(EMPLOYEE, coordinates=None)
    kept = Candidates(partners)
    whole = kept.rank(employee=homeless, on=ON)
    calls = []
    monkeypatch.setattr(referrals, "_nearest_km", lambda *a: calls.append(a))
    page = kept.page(employee=homeless, on=ON, start=0, size=20)
    assert len(calls) == len(whole.eligible)
    assert [p.partner_id for p in page.eligible] == [p.partner_id for p in whole.eligible[:20]]


@settings(max_examples=200, deadline=None)
@given(
    sites=st.lists(st.lists(points, max_size=3), max_size=40),
    home=st.one_of(
        st.sampled_from(PLACES),
        st.tuples(st.floats(50.6, 51.4), st.floats(2.5, 5.9)),
        st.tuples(st.floats(-60.0, 60.0), st.floats(-170.0, 170.0)),
    ),
)
def test_no_site_outside_the_rings_walked_is_nearer_than_their_bound(
    sites: list[list[tuple[float, float]]], home: tuple[float, float]
) -> None:
    radians = [tuple(map(_radians, own)) for own in sites]
    here = _radians(home)
    left = {i for i, own in enumerate(radians) if own}
    walked: list[float] = []
    for positions, nearest in _SiteGrid(radians).rings(here):
        left -= set(positions)
        walked.append(nearest)
        for i in left:
            assert min(_haversine(here, site) for site in radians[i]) >= nearest
    assert not left
    assert walked[-1] == math.inf
    assert walked == sorted(walked)
