"""GET /api/v1/monitoring/indicators/: roles, parameters, problem+json, no personal data."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.monitoring.urls_for_tests")]

URL = "/api/v1/monitoring/indicators/"
MARCH = "?from=2024-03-01&to=2024-03-31"


@pytest.mark.parametrize("role", ["reviewer", "consultant", "esf_officer", "admin"])
def test_vdab_and_esf_staff_see_every_partner(
    api_for: Callable[..., APIClient], dataset: Any, role: str
) -> None:
    response = api_for(role).get(URL + MARCH)
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["referrals"] == 4
    assert body["totals"]["evaluations"] == 3
    assert body["totals"]["share_hired"] == 0.6667
    assert len(body["per_partner"]) == 2


def test_the_per_partner_breakdown_is_paged(
    api_for: Callable[..., APIClient], dataset: Any
) -> None:
    """By partner name, then id; the next page's absolute URL keeps the other parameters."""
    client = api_for("esf_officer")
    whole = client.get(URL + MARCH).json()
    assert whole["per_partner_count"] == 2
    assert whole["per_partner_next"] is None  # the default page (100) holds both
    rows = whole["per_partner"]
    assert [r["partner_name"] for r in rows] == sorted(r["partner_name"] for r in rows)
    first = client.get(URL + MARCH + "&framework=maatwerk&partner_page_size=1").json()
    assert first["per_partner_count"] == 2
    assert len(first["per_partner"]) == 1
    next_url = first["per_partner_next"]
    assert next_url.startswith("http://testserver" + URL)
    assert "partner_page=2" in next_url
    assert "framework=maatwerk" in next_url
    assert "partner_page_size=1" in next_url
    second = client.get(next_url).json()
    assert second["per_partner_next"] is None
    assert second["per_partner_count"] == 2
    both = client.get(URL + MARCH + "&framework=maatwerk").json()["per_partner"]
    assert [*first["per_partner"], *second["per_partner"]] == both  # medians included
    assert {k: v for k, v in second.items() if k not in ("per_partner", "per_partner_next")} == {
        k: v for k, v in first.items() if k not in ("per_partner", "per_partner_next")
    }
    past = client.get(URL + MARCH + "&partner_page=3&partner_page_size=1").json()
    assert past["per_partner"] == []
    assert past["per_partner_count"] == 2
    assert past["per_partner_next"] is None
    assert past["totals"] == whole["totals"]


def test_same_numbers_for_esf_and_vdab(api_for: Callable[..., APIClient], dataset: Any) -> None:
    """R5: ESF officers and VDAB staff see the same indicators."""
    assert api_for("esf_officer").get(URL + MARCH).json() == (
        api_for("consultant").get(URL + MARCH).json()
    )


def test_applicant_sees_only_its_own_organisation(
    api_for: Callable[..., APIClient], dataset: Any, organisation: Organisation
) -> None:
    client = api_for("applicant", organisation)
    body = client.get(URL + MARCH).json()
    assert body["filters"]["partner"] == organisation.pk
    assert [row["partner"] for row in body["per_partner"]] == [organisation.pk]
    assert body["per_partner_count"] == 1
    assert body["per_partner_next"] is None
    assert body["totals"]["referrals"] == 2
    assert body["totals"]["evaluations"] is None  # not tied to a partner
    assert body["totals"]["mandate_decisions"] == 3
    asked = client.get(URL + MARCH + f"&partner={organisation.pk}")
    assert asked.status_code == 200
    assert asked.json() == body


def test_applicant_asking_another_partner_gets_404(
    api_for: Callable[..., APIClient],
    dataset: Any,
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    response = api_for("applicant", organisation).get(
        URL + MARCH + f"&partner={other_organisation.pk}"
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


def test_partner_filter_for_staff(
    api_for: Callable[..., APIClient], dataset: Any, other_organisation: Organisation
) -> None:
    body = api_for("esf_officer").get(URL + MARCH + f"&partner={other_organisation.pk}").json()
    assert [row["partner"] for row in body["per_partner"]] == [other_organisation.pk]
    assert body["totals"]["active"] == 2


def test_province_and_framework_filters(api_for: Callable[..., APIClient], dataset: Any) -> None:
    body = api_for("reviewer").get(URL + MARCH + "&province=70000&framework=lde").json()
    assert body["filters"] == {"partner": None, "province": "70000", "framework": "lde"}
    assert body["totals"]["outcomes"] == {"hired": 0, "returned": 0, "stopped": 1}
    assert body["totals"]["mandate_decisions"] is None


def test_unauthenticated_is_401(dataset: Any) -> None:
    response = APIClient().get(URL + MARCH)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=2024-04-01&to=2024-03-31", "from"),
        ("?from=2024-13-01", "from"),
        ("?from=01/03/2024", "from"),
        ("?to=gisteren", "to"),
        ("?partner=abc", "partner"),
        ("?partner=0", "partner"),
        ("?province=4000", "province"),
        ("?province=4000x", "province"),
        ("?framework=sheltered", "framework"),
        ("?partner_page=0", "partner_page"),
        ("?partner_page=-1", "partner_page"),
        ("?partner_page=twee", "partner_page"),
        ("?partner_page_size=0", "partner_page_size"),
        ("?partner_page_size=501", "partner_page_size"),
        ("?partner_page_size=1.5", "partner_page_size"),
    ],
)
def test_bad_parameters_are_400_problems(
    api_for: Callable[..., APIClient], query: str, field: str
) -> None:
    response = api_for("reviewer").get(URL + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 400
    assert field in body["errors"]


def test_default_period_is_the_current_year_until_today(
    api_for: Callable[..., APIClient], dataset: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2024, 3, 31))
    body = api_for("reviewer").get(URL).json()
    assert body["period"] == {"from": "2024-01-01", "to": "2024-03-31"}
    # Only `to` given: from is 1 January of that year.
    body = api_for("reviewer").get(URL + "?to=2023-06-30").json()
    assert body["period"] == {"from": "2023-01-01", "to": "2023-06-30"}
    # Only `from` given: until today.
    body = api_for("reviewer").get(URL + "?from=2024-03-01").json()
    assert body["period"] == {"from": "2024-03-01", "to": "2024-03-31"}
    # `from` after today's `to` is refused.
    assert api_for("reviewer").get(URL + "?from=2024-04-01").status_code == 400


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_no_personal_data_in_the_response(
    api_for: Callable[..., APIClient], dataset: list[Employee]
) -> None:
    response = api_for("reviewer").get(URL + MARCH)
    text = response.content.decode()
    for person in dataset:
        for value in (
            person.given_name,
            person.family_name,
            person.national_number_masked,
            person.national_number_hash,
        ):
            assert value not in text
    assert not {k for k in _keys(response.json()) if "employee" in k or "name" in k} - {
        "partner_name",
        "province_name",
    }


def test_schema_describes_the_indicators(api_for: Callable[..., APIClient]) -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)
    operation = document["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "from",
        "to",
        "partner",
        "province",
        "framework",
        "partner_page",
        "partner_page_size",
    }
    schemas = document["components"]["schemas"]
    assert set(schemas["IndicatorsOut"]["properties"]) == {
        "period",
        "filters",
        "totals",
        "per_partner_count",
        "per_partner_next",
        "per_partner",
        "per_province",
        "per_framework",
    }
    assert schemas["IndicatorPeriod"]["properties"].keys() == {"from", "to"}
