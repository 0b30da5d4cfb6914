"""The OpenAPI document is served and valid."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_validates(reviewer: APIClient) -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    import json

    document = json.loads(response.content)
    validate(document)
    paths = document["paths"]
    for expected in [
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/recognitions/",
        "/api/v1/mandate-applications/{id}/receipts/",
        "/api/v1/mandate-applications/{id}/decision/",
        "/api/v1/mandates/",
        "/api/v1/esf/projects/{id}/decision/",
    ]:
        assert expected in paths, expected


def test_schema_generates_without_warnings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/monitoring/export.csv" in out.read_text()


def _document() -> dict:  # type: ignore[type-arg]
    import json

    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    return json.loads(response.content)  # type: ignore[no-any-return]


def test_schema_states_the_constraints_the_services_check() -> None:
    schemas = _document()["components"]["schemas"]
    organisation = schemas["OrganisationInRequest"]["properties"]
    assert organisation["enterprise_number"]["pattern"].startswith("^")
    assert organisation["enterprise_number"]["example"] == "0403.170.701"
    assert organisation["postal_code"]["pattern"] == r"^[1-9]\d{3}$"
    employee = schemas["EmployeeInRequest"]["properties"]
    assert employee["national_number"]["pattern"]
    assert "TargetGroupEnum" in employee["target_group"]["allOf"][0]["$ref"]
    assert schemas["ActivityInRequest"]["properties"]["hours"]["pattern"]
    assert schemas["ApplicationInRequest"]["properties"]["frameworks"]["minItems"] == 1
    assert set(schemas["CriteriaInRequest"]["required"]) == {
        "personal_situation",
        "employer_continuity",
        "regional_prospects",
    }
    assert len(schemas["ConditionsInRequest"]["required"]) == 5


def test_schema_states_the_answers_the_api_gives() -> None:
    document = _document()
    paths = document["paths"]
    created = paths["/api/v1/trajectories/{id}/suspensions/"]["post"]["responses"]["201"]
    ref = created["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "trajectory" in document["components"]["schemas"][ref]["required"]
    # A date in the query may be out of the rules' range: 422 date_out_of_range.
    assert "422" in paths["/api/v1/mandates/"]["get"]["responses"]
    assert "422" in paths["/api/v1/monitoring/indicators/"]["get"]["responses"]
    assert "422" not in paths["/api/v1/organisations/"]["get"]["responses"]
