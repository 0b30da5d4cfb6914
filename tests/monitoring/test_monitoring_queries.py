"""The indicators run a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from doorstroom.monitoring import selectors
from doorstroom.monitoring.models import IndicatorGroup
from doorstroom.monitoring.selectors import IndicatorFilter, indicators
from doorstroom.organisations.models import Organisation
from tests.monitoring.conftest import (
    GENT,
    HASSELT,
    LONG_AGO,
    chain,
    evaluation,
    mandate_decision,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.monitoring.urls_for_tests")]

# the prefix sums (two per group), the daily rows of the partial edge months, the medians
# (computed in SQL from the yearly histograms and the edges' daily rows), the suspended
# trajectories, province names (was 4 over every daily row of the period; 6 from the raw tables)
SELECTOR_BUDGET = 5
# + one for the token and its user (authentication)
VIEW_BUDGET = SELECTOR_BUDGET + 1
#: a year of whole months, and eight years starting and ending inside a month
PERIODS = [(date(2024, 1, 1), date(2024, 12, 31)), (date(2019, 9, 2), date(2027, 8, 17))]
START = date(2024, 1, 1)


def fill(rows: int, partners: list[Organisation]) -> None:
    for i in range(rows):
        day = START + timedelta(days=i % 200)
        kind = ("hired", "returned", "stopped", None)[i % 4]
        c = chain(
            partners[i % len(partners)],
            referred_on=day,
            started_on=day,
            ended_on=day + timedelta(days=30 + i) if kind else None,
            outcome=kind,
            suspended=(day, date(2024, 12, 31)) if kind is None else None,
            municipality=(GENT, HASSELT)[i % 2],
            framework=("maatwerk", "lde")[i % 3 == 0],
        )
        evaluation(c.person, day)
        mandate_decision(partners[i % len(partners)], due_on=day, decided_on=day)


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("rows", [1, 50])
def test_selector_queries_are_fixed(
    django_assert_max_num_queries: Any,
    organisation: Organisation,
    other_organisation: Organisation,
    rows: int,
    period: tuple[date, date],
) -> None:
    fill(rows, [organisation, other_organisation])
    with django_assert_max_num_queries(SELECTOR_BUDGET):
        result = indicators(IndicatorFilter(*period))
    assert result["totals"]["started"] == rows
    # each chain's employee was also evaluated LONG_AGO (inside the eight years)
    assert result["totals"]["evaluations"] == rows * (1 + (period[0] <= LONG_AGO))
    assert result["totals"]["mandate_decisions"] == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_view_queries_are_fixed(
    api_for: Callable[..., APIClient],
    django_assert_max_num_queries: Any,
    organisation: Organisation,
    other_organisation: Organisation,
    rows: int,
) -> None:
    fill(rows, [organisation, other_organisation])
    client = api_for("esf_officer")
    with django_assert_max_num_queries(VIEW_BUDGET):
        response = client.get("/api/v1/monitoring/indicators/?from=2019-09-02&to=2027-08-17")
    assert response.status_code == 200
    assert response.json()["totals"]["referrals"] == rows


@pytest.mark.parametrize("period", PERIODS)
def test_filtered_reads_have_the_same_budget(
    django_assert_max_num_queries: Any,
    organisation: Organisation,
    other_organisation: Organisation,
    period: tuple[date, date],
) -> None:
    fill(20, [organisation, other_organisation])
    for f in (
        IndicatorFilter(*period, partner_id=organisation.pk),
        IndicatorFilter(*period, province_code="40000", framework="lde"),
    ):
        with django_assert_max_num_queries(SELECTOR_BUDGET):
            indicators(f)


def test_an_eight_year_read_touches_two_prefix_rows_per_group(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    """The prefix query fetches one row per group, with both ends joined in: as many rows
    for eight years as for one month (the rows read do not grow with the period)."""
    fill(50, [organisation, other_organisation])
    groups = IndicatorGroup.objects.filter(kind="cross").count()
    for period in [(date(2024, 3, 1), date(2024, 3, 31)), *PERIODS]:
        assert len(selectors._prefix_rows(IndicatorFilter(*period), period[0], period[1])) == groups
