"""The indicators run a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from doorstroom.monitoring.selectors import IndicatorFilter, indicators
from doorstroom.organisations.models import Organisation
from tests.monitoring.conftest import GENT, HASSELT, chain, evaluation, mandate_decision

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.monitoring.urls_for_tests")]

# the tally's counts, its histogram of durations, the suspended trajectories, province names
# (was 6, one per raw table, before the indicators read the precomputed tally)
SELECTOR_BUDGET = 4
# + one for the token and its user (authentication)
VIEW_BUDGET = SELECTOR_BUDGET + 1
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


@pytest.mark.parametrize("rows", [1, 50])
def test_selector_queries_are_fixed(
    django_assert_max_num_queries: Any,
    organisation: Organisation,
    other_organisation: Organisation,
    rows: int,
) -> None:
    fill(rows, [organisation, other_organisation])
    with django_assert_max_num_queries(SELECTOR_BUDGET):
        result = indicators(IndicatorFilter(START, date(2024, 12, 31)))
    assert result["totals"]["started"] == rows
    assert result["totals"]["evaluations"] == rows
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
        response = client.get("/api/v1/monitoring/indicators/?from=2024-01-01&to=2024-12-31")
    assert response.status_code == 200
    assert response.json()["totals"]["referrals"] == rows
