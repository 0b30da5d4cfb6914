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
