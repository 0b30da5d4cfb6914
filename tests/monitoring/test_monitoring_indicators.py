"""The R5 indicators on a hand-built dataset (tests/monitoring/conftest.py), edges included."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from doorstroom.monitoring.selectors import IndicatorFilter, indicators
from doorstroom.organisations.models import Organisation
from tests.monitoring.conftest import GENT, HASSELT, chain

pytestmark = pytest.mark.django_db

MARCH = {"date_from": date(2024, 3, 1), "date_to": date(2024, 3, 31)}


def metrics(**given: Any) -> dict[str, Any]:
    """A full set of metrics: zero counts and null rates unless given."""
    base: dict[str, Any] = {
        "evaluations": 0,
        "transition_decisions": 0,
        "referrals": 0,
        "started": 0,
        "active": 0,
        "suspended": 0,
        "outcomes": {"hired": 0, "returned": 0, "stopped": 0},
        "share_hired": None,
        "median_duration_days": None,
        "mandate_decisions": 0,
        "mandate_decisions_within_target": 0,
        "share_within_target": None,
    }
    outcomes = {k: given.pop(k) for k in ("hired", "returned", "stopped") if k in given}
    base["outcomes"] = {**base["outcomes"], **outcomes}
    return {**base, **given}


NO_EVALUATIONS = {"evaluations": None, "transition_decisions": None}
NO_MANDATES = {
    "mandate_decisions": None,
    "mandate_decisions_within_target": None,
    "share_within_target": None,
}

TOTALS = metrics(
    evaluations=3,
    transition_decisions=2,
    referrals=4,
    started=2,
    active=3,
    suspended=1,
    hired=2,
    stopped=1,
    share_hired=0.6667,
    median_duration_days=31.0,  # odd: [30, 31, 69]
    mandate_decisions=4,
    mandate_decisions_within_target=2,
    share_within_target=0.5,
)
PARTNER_A = metrics(
    **NO_EVALUATIONS,
    referrals=2,
    started=1,
    active=1,
    suspended=1,
    hired=2,
    share_hired=1.0,
    median_duration_days=30.5,  # even: [30, 31]
    mandate_decisions=3,
    mandate_decisions_within_target=1,
    share_within_target=0.3333,
)
PARTNER_B = metrics(
    **NO_EVALUATIONS,
    referrals=2,
    started=1,
    active=2,
    stopped=1,
    share_hired=0.0,
    median_duration_days=69.0,
    mandate_decisions=1,
    mandate_decisions_within_target=1,
    share_within_target=1.0,
)
OOST_VLAANDEREN = metrics(
    **NO_MANDATES,
    evaluations=2,
    transition_decisions=1,
    referrals=3,
    started=2,
    active=2,
    suspended=1,
    hired=1,
    share_hired=1.0,
    median_duration_days=30.0,
)
LIMBURG = metrics(
    **NO_MANDATES,
    evaluations=1,
    transition_decisions=1,
    referrals=1,
    active=1,
    hired=1,
    stopped=1,
    share_hired=0.5,
    median_duration_days=50.0,  # even: [31, 69]
)
LDE = metrics(
    **NO_MANDATES,
    evaluations=1,
    transition_decisions=1,
    active=1,
    stopped=1,
    share_hired=0.0,
    median_duration_days=69.0,
)
MAATWERK = metrics(
    **NO_MANDATES,
    evaluations=2,
    transition_decisions=1,
    referrals=4,
    started=2,
    active=2,
    suspended=1,
    hired=2,
    share_hired=1.0,
    median_duration_days=30.5,
)


def test_totals_count_both_edges_of_the_period(dataset: Any) -> None:
    result = indicators(IndicatorFilter(**MARCH))
    assert result["period"] == {"from": "2024-03-01", "to": "2024-03-31"}
    assert result["filters"] == {"partner": None, "province": None, "framework": None}
    assert result["totals"] == TOTALS


def test_per_partner_rows(
    dataset: Any, organisation: Organisation, other_organisation: Organisation
) -> None:
    rows = indicators(IndicatorFilter(**MARCH))["per_partner"]
    assert rows == [
        {"partner": organisation.pk, "partner_name": "Jobkracht Gent vzw", **PARTNER_A},
        {"partner": other_organisation.pk, "partner_name": "Werkpunt Hasselt vzw", **PARTNER_B},
    ]


def test_per_province_and_per_framework_rows(dataset: Any) -> None:
    result = indicators(IndicatorFilter(**MARCH))
    assert result["per_province"] == [
        {
            "province_code": "40000",
            "province_name": "Provincie Oost-Vlaanderen",
            **OOST_VLAANDEREN,
        },
        {"province_code": "70000", "province_name": "Provincie Limburg", **LIMBURG},
    ]
    assert result["per_framework"] == [
        {"framework": "lde", **LDE},
        {"framework": "maatwerk", **MAATWERK},
    ]


def test_a_day_later_moves_the_edges(dataset: Any) -> None:
    """Period 03-02..04-01: the `to` + 1 rows now count, the `from` rows no longer do."""
    totals = indicators(IndicatorFilter(date(2024, 3, 2), date(2024, 4, 1)))["totals"]
    # Evaluations 03-15, 03-31, 04-01 (03-01 drops out).
    assert (totals["evaluations"], totals["transition_decisions"]) == (3, 2)
    # Referrals T3, T7, the bare referral, T9 (T2 on 03-01 drops out).
    assert totals["referrals"] == 4
    # Started T7 and T3 (T2 on 03-01 drops out); active on 04-01: T1, T3, T7 (T4 ended).
    assert (totals["started"], totals["active"]) == (2, 3)
    # Outcomes T2 hired, T4 returned (on 04-01), T5 stopped, T8 hired.
    assert totals["outcomes"] == {"hired": 2, "returned": 1, "stopped": 1}
    assert totals["share_hired"] == 0.5
    assert totals["median_duration_days"] == 50.0  # [30, 31, 69, 77]
    assert totals["mandate_decisions"] == 5  # B's 04-01 decision (early: timely) counts too
    assert totals["mandate_decisions_within_target"] == 3


def test_partner_filter(dataset: Any, organisation: Organisation) -> None:
    result = indicators(IndicatorFilter(**MARCH, partner_id=organisation.pk))
    assert result["filters"]["partner"] == organisation.pk
    assert result["totals"] == PARTNER_A  # evaluations are not tied to a partner: null
    assert [row["partner"] for row in result["per_partner"]] == [organisation.pk]
    by_code = {row["province_code"]: row for row in result["per_province"]}
    assert by_code["70000"]["outcomes"] == {"hired": 1, "returned": 0, "stopped": 0}
    assert by_code["70000"]["median_duration_days"] == 31.0
    assert by_code["70000"]["evaluations"] is None


def test_province_filter(
    dataset: Any, organisation: Organisation, other_organisation: Organisation
) -> None:
    result = indicators(IndicatorFilter(**MARCH, province_code="70000"))
    # Mandate decisions have no employee, so a province filter makes them not applicable.
    assert result["totals"] == LIMBURG
    assert [row["province_code"] for row in result["per_province"]] == ["70000"]
    rows = {row["partner"]: row for row in result["per_partner"]}
    assert rows[organisation.pk]["outcomes"]["hired"] == 1
    assert rows[organisation.pk]["mandate_decisions"] is None
    assert rows[other_organisation.pk]["referrals"] == 1
    assert rows[other_organisation.pk]["active"] == 1


def test_framework_filter(dataset: Any) -> None:
    result = indicators(IndicatorFilter(**MARCH, framework="lde"))
    assert result["totals"] == LDE
    assert [row["framework"] for row in result["per_framework"]] == ["lde"]


def test_an_empty_period_gives_zeros_and_nulls(dataset: Any) -> None:
    result = indicators(IndicatorFilter(date(2010, 1, 1), date(2010, 12, 31)))
    assert result["totals"] == metrics()
    assert result["per_partner"] == []
    assert result["per_province"] == []
    assert result["per_framework"] == []


@pytest.mark.parametrize(
    ("durations", "median"),
    [([10], 10.0), ([10, 40], 25.0), ([10, 40, 11], 11.0), ([5, 1, 100, 7], 6.0)],
)
def test_median_duration_odd_and_even(
    organisation: Organisation, durations: list[int], median: float
) -> None:
    for days in durations:
        chain(
            organisation,
            referred_on=date(2024, 1, 1),
            started_on=date(2024, 1, 1),
            ended_on=date.fromordinal(date(2024, 1, 1).toordinal() + days),
            outcome="stopped",
            municipality=HASSELT if days % 2 else GENT,
        )
    result = indicators(IndicatorFilter(date(2024, 1, 1), date(2024, 12, 31)))
    assert result["totals"]["median_duration_days"] == median
    assert result["per_partner"][0]["median_duration_days"] == median
    assert result["totals"]["share_hired"] == 0.0


def test_an_employee_counts_in_each_target_group_and_once_in_the_totals(
    organisation: Organisation,
) -> None:
    """R6–R8 "en/of": one employee in two groups is one trajectory in the totals and one in
    each group's row; a group without facts has no row."""
    chain(
        organisation,
        referred_on=date(2024, 3, 1),
        started_on=date(2024, 3, 4),
        ended_on=date(2024, 3, 28),
        outcome="hired",
        groups=("work_disability", "extremely_vulnerable"),
    )
    chain(organisation, referred_on=date(2024, 3, 2), started_on=date(2024, 3, 5))
    result = indicators(IndicatorFilter(**MARCH))
    assert (result["totals"]["started"], result["totals"]["outcomes"]["hired"]) == (2, 1)
    rows = {row["target_group"]: row for row in result["per_target_group"]}
    assert list(rows) == ["work_disability", "extremely_vulnerable"]  # catalogue order
    assert (rows["work_disability"]["started"], rows["work_disability"]["active"]) == (2, 1)
    assert rows["work_disability"]["outcomes"]["hired"] == 1
    assert rows["extremely_vulnerable"]["started"] == 1
    assert rows["extremely_vulnerable"]["median_duration_days"] == 24.0
    lde = indicators(IndicatorFilter(**MARCH, framework="lde"))
    assert lde["per_target_group"] == []
