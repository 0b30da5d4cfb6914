"""Every error leaves in one shape: application/problem+json (RFC 9457)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from doorstroom.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def assert_problem(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert isinstance(body["reasons"], list)


def test_unauthenticated_is_401() -> None:
    assert_problem(APIClient().get("/api/v1/mandate-applications/"), 401)


def test_bad_token_is_401() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert_problem(client.get("/api/v1/mandates/"), 401)


def test_role_that_may_not_is_403(api_for, organisation: Organisation) -> None:  # type: ignore[no-untyped-def]
    consultant = api_for("consultant")
    assert_problem(consultant.get("/api/v1/mandate-applications/"), 403)
    applicant = api_for("applicant", organisation)
    assert_problem(
        applicant.post(
            f"/api/v1/organisations/{organisation.pk}/recognitions/",
            {"label_number": "L", "registration_number": "R", "valid_from": "2020-01-01"},
            format="json",
        ),
        403,
    )
    assert_problem(applicant.post("/api/v1/esf/calls/", {"code": "x"}, format="json"), 403)


def test_unknown_record_and_unknown_path_are_404(reviewer: APIClient) -> None:
    assert_problem(reviewer.get("/api/v1/mandate-applications/999999/"), 404)
    assert_problem(reviewer.get("/api/v1/no-such-thing/"), 404)


def test_wrong_method_is_405(reviewer: APIClient) -> None:
    assert_problem(reviewer.delete("/api/v1/mandates/"), 405)


def test_unsupported_media_type_is_415(reviewer: APIClient) -> None:
    assert_problem(
        reviewer.post("/api/v1/organisations/", data="x=1", content_type="text/plain"), 415
    )


def test_applicant_sees_only_own_organisation(
    api_for,
    organisation: Organisation,
    other_organisation: Organisation,  # type: ignore[no-untyped-def]
) -> None:
    applicant = api_for("applicant", organisation)
    assert applicant.get(f"/api/v1/organisations/{organisation.pk}/").status_code == 200
    assert_problem(applicant.get(f"/api/v1/organisations/{other_organisation.pk}/"), 404)
    assert_problem(
        applicant.post(
            f"/api/v1/organisations/{other_organisation.pk}/sites/",
            {"name": "x", "postal_code": "9000"},
            format="json",
        ),
        404,
    )
    own_site = applicant.post(
        f"/api/v1/organisations/{organisation.pk}/sites/",
        {"name": "Filiaal Gent", "postal_code": "9000"},
        format="json",
    )
    assert own_site.status_code == 201
