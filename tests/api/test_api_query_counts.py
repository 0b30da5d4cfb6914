"""Every list endpoint runs a constant number of queries, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from doorstroom.esf import services as esf
from doorstroom.mandates import services as mandates
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from tests.conftest import ALL_MET, complete_application
from tests.factories import enterprise_number

pytestmark = pytest.mark.django_db

# Fixed ceilings: auth (token + user) and session bits, the page query, and the prefetches.
BUDGET = 8


def fill(rows: int) -> None:
    call = esf.call_create(
        code=f"C{rows}", title="Oproep", opens_on=date(2022, 1, 1), closes_on=date(2022, 12, 31)
    )
    for i in range(rows):
        org = organisations.organisation_create(
            enterprise_number=enterprise_number(4_000_000 + i), name=f"Org {i}", postal_code="9000"
        )
        app = complete_application(
            org, received_on=date(2022, 1, 3), frameworks=("maatwerk", "lde")
        )
        mandates.decision_create(
            application=app, decided_on=date(2022, 2, 1), starts_on=None, conditions=ALL_MET
        )
        project = esf.project_create(organisation=org, call=call, submitted_on=date(2022, 2, 2))
        esf.project_decide(
            project=project,
            approved=True,
            decided_on=date(2022, 2, 3),
            starts_on=date(2022, 3, 1),
            ends_on=date(2022, 3, 1) + timedelta(days=700),
        )


LISTS = [
    ("reviewer", "/api/v1/organisations/"),
    ("reviewer", "/api/v1/mandate-applications/"),
    ("reviewer", "/api/v1/mandates/"),
    ("reviewer", "/api/v1/mandates/?active_on=2023-01-01"),
    ("esf_officer", "/api/v1/esf/calls/"),
    ("esf_officer", "/api/v1/esf/projects/"),
]


@pytest.mark.parametrize(("role", "url"), LISTS)
@pytest.mark.parametrize("rows", [1, 50])
def test_list_queries_do_not_grow_with_rows(
    api_for: Callable[..., APIClient],
    django_assert_max_num_queries: Any,
    role: str,
    url: str,
    rows: int,
) -> None:
    fill(rows)
    client = api_for(role)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 1


@pytest.mark.parametrize("rows", [1, 50])
def test_application_detail_queries_are_fixed(
    api_for: Callable[..., APIClient], django_assert_max_num_queries: Any, rows: int
) -> None:
    fill(rows)
    client = api_for("reviewer")
    org = Organisation.objects.order_by("id").last()
    assert org is not None
    app = org.applications.get()
    # The token, the application (decision and mandate joined), signatories, receipts, evidence
    # with checks, recognitions, judgements; the eID signatures come from the evidence.
    with django_assert_max_num_queries(7):
        response = client.get(f"/api/v1/mandate-applications/{app.pk}/")
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/v1/organisations/{org.pk}/").status_code == 200
