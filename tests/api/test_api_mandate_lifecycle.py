"""The mandate lifecycle through the HTTP API: the worked examples of DOMAIN.md and issue 2."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from doorstroom.mandates.models import Decision, Mandate
from doorstroom.organisations.models import Organisation
from tests import pinned_clock
from tests.conftest import ALL_MET

# The stories are told in fixed dates up to February 2026, which the API checks against today.
pytestmark = [pytest.mark.django_db, pinned_clock.on("2026-03-02")]

SUBJECT = "Aanvraag mandaat doorstroombegeleiding"


def create_org(reviewer: APIClient, **extra: Any) -> dict[str, Any]:
    body = {
        "enterprise_number": "0417.497.106",
        "name": "De Overstap vzw",
        "postal_code": "2000",
        "street": "Meir 1",
        "email": "info@overstap.be",
        **extra,
    }
    response = reviewer.post("/api/v1/organisations/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def create_application(client: APIClient, org_id: int, signatories: list[str]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/mandate-applications/",
        {
            "organisation": org_id,
            "kind": "new",
            "frameworks": ["maatwerk"],
            "signatories": [{"name": n, "function": "bestuurder"} for n in signatories],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    return response.json()


def receipt(client: APIClient, app_id: int, **body: Any) -> Any:
    return client.post(f"/api/v1/mandate-applications/{app_id}/receipts/", body, format="json")


def codes(reasons: list[dict[str, Any]]) -> list[str]:
    return [r["code"] for r in reasons]


@pytest.mark.parametrize(
    ("received_on", "admissible", "expected_code"),
    [
        ("2021-09-01", True, "transitional_regime_applied"),
        ("2021-09-02", False, "recognition_missing"),
    ],
)
def test_current_participant_without_recognition_on_both_sides_of_the_transition_end(
    reviewer: APIClient, received_on: str, admissible: bool, expected_code: str
) -> None:
    org = create_org(
        reviewer,
        current_participant=True,
        current_participant_motivation="Deelnemer sinds 2015.",
    )
    app = create_application(reviewer, org["id"], ["Els Peeters"])
    response = receipt(
        reviewer,
        app["id"],
        channel="email",
        received_on=received_on,
        subject=SUBJECT,
        eid_signed_by=["Els Peeters"],
    )
    assert response.status_code == 201, response.content
    detail = reviewer.get(f"/api/v1/mandate-applications/{app['id']}/").json()
    assert detail["admissibility"]["admissible"] is admissible
    assert expected_code in codes(detail["admissibility"]["reasons"])
    assert all(r["rule"] == "R1" for r in detail["admissibility"]["reasons"])


def test_two_signatories_one_eid_email_only_is_incomplete_until_the_letter(
    reviewer: APIClient,
) -> None:
    org = create_org(reviewer)
    reviewer.post(
        f"/api/v1/organisations/{org['id']}/recognitions/",
        {"label_number": "L-1", "registration_number": "R-1", "valid_from": "2020-01-01"},
        format="json",
    )
    app = create_application(reviewer, org["id"], ["Els Peeters", "Jan Janssens"])
    response = receipt(
        reviewer,
        app["id"],
        channel="email",
        received_on="2025-12-15",
        subject=SUBJECT,
        eid_signed_by=["Els Peeters"],
    )
    assert response.status_code == 201
    submission = response.json()["submission"]
    assert submission["complete"] is False
    assert codes(submission["reasons"]) == ["paper_original_missing"]
    assert reviewer.get(f"/api/v1/mandate-applications/{app['id']}/").json()["status"] == (
        "incomplete"
    )

    response = receipt(
        reviewer,
        app["id"],
        channel="registered_letter",
        received_on="2025-12-31",
        tracking_number="RR123456789BE",
    )
    assert response.status_code == 201
    detail = reviewer.get(f"/api/v1/mandate-applications/{app['id']}/").json()
    assert detail["submission"] == {"complete": True, "completed_on": "2025-12-31", "reasons": []}
    assert detail["decision_due_on"] == "2026-02-28"
    assert detail["admissibility"]["admissible"] is True


def _complete_application(reviewer: APIClient, received_on: str = "2022-01-10") -> dict[str, Any]:
    org = create_org(reviewer)
    reviewer.post(
        f"/api/v1/organisations/{org['id']}/recognitions/",
        {
            "label_number": "L-1",
            "registration_number": "R-1",
            "valid_from": "2020-01-01",
            "valid_until": None,
        },
        format="json",
    )
    app = create_application(reviewer, org["id"], ["Els Peeters"])
    response = receipt(
        reviewer,
        app["id"],
        channel="email",
        received_on=received_on,
        subject=SUBJECT,
        eid_signed_by=["Els Peeters"],
    )
    assert response.json()["submission"]["complete"] is True
    return app


def test_approval_on_2022_03_01_gives_a_mandate_until_2028_02_29_and_a_second_decision_409(
    reviewer: APIClient,
) -> None:
    app = _complete_application(reviewer)
    url = f"/api/v1/mandate-applications/{app['id']}/decision/"
    response = reviewer.post(
        url, {"decided_on": "2022-03-01", "conditions": ALL_MET}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["outcome"] == "approved"
    assert body["mandate"]["valid_from"] == "2022-03-01"
    assert body["mandate"]["valid_until"] == "2028-02-29"

    again = reviewer.post(url, {"decided_on": "2022-03-02", "conditions": ALL_MET}, format="json")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert codes(again.json()["reasons"]) == ["state_conflict"]
    assert Decision.objects.count() == 1
    assert Mandate.objects.count() == 1


def test_rejection_lists_every_unmet_condition_and_grants_no_mandate(reviewer: APIClient) -> None:
    app = _complete_application(reviewer)
    conditions = {**ALL_MET}
    conditions["results"] = {"met": False, "motivation": "Geen resultaten aangetoond."}
    conditions["facilities"] = {"met": False, "motivation": "Geen lokalen."}
    response = reviewer.post(
        f"/api/v1/mandate-applications/{app['id']}/decision/",
        {"decided_on": "2022-03-01", "conditions": conditions},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["outcome"] == "rejected"
    assert body["mandate"] is None
    unmet = [r["params"]["condition"] for r in body["reasons"] if r["code"] == "condition_not_met"]
    assert sorted(unmet) == ["facilities", "results"]
    assert Mandate.objects.count() == 0


def test_decision_on_an_incomplete_application_is_422_and_changes_nothing(
    reviewer: APIClient,
) -> None:
    org = create_org(reviewer)
    app = create_application(reviewer, org["id"], ["Els Peeters", "Jan Janssens"])
    receipt(reviewer, app["id"], channel="email", received_on="2025-12-15", subject=SUBJECT)
    response = reviewer.post(
        f"/api/v1/mandate-applications/{app['id']}/decision/",
        {"decided_on": "2026-01-05", "conditions": ALL_MET},
        format="json",
    )
    assert response.status_code == 422
    assert set(codes(response.json()["reasons"])) == {
        "paper_original_missing",
        "recognition_missing",
    }
    assert Decision.objects.count() == 0


def test_esf_project_approval_needs_a_mandate(reviewer: APIClient, esf_officer: APIClient) -> None:
    app = _complete_application(reviewer)
    org_id = app["organisation"]
    call = esf_officer.post(
        "/api/v1/esf/calls/",
        {
            "code": "432",
            "title": "Doorstroombegeleiding",
            "opens_on": "2022-01-01",
            "closes_on": "2022-12-31",
        },
        format="json",
    )
    assert call.status_code == 201, call.content
    project = esf_officer.post(
        "/api/v1/esf/projects/",
        {"organisation": org_id, "call": call.json()["id"], "submitted_on": "2022-02-01"},
        format="json",
    )
    assert project.status_code == 201, project.content  # R2: may be recorded before the mandate
    decision_url = f"/api/v1/esf/projects/{project.json()['id']}/decision/"
    decision = {
        "approved": True,
        "decided_on": "2022-02-15",
        "starts_on": "2022-04-01",
        "ends_on": "2024-03-31",
    }
    refused = esf_officer.post(decision_url, decision, format="json")
    assert refused.status_code == 422
    assert refused.json()["reasons"][0]["code"] == "mandate_required"
    assert refused.json()["reasons"][0]["rule"] == "R2"

    reviewer.post(
        f"/api/v1/mandate-applications/{app['id']}/decision/",
        {"decided_on": "2022-03-01", "conditions": ALL_MET},
        format="json",
    )
    decision["decided_on"] = "2022-03-15"
    approved = esf_officer.post(decision_url, decision, format="json")
    assert approved.status_code == 201, approved.content
    assert esf_officer.get(f"/api/v1/esf/projects/{project.json()['id']}/").json()["status"] == (
        "approved"
    )


def test_an_applicant_cannot_see_another_organisations_application(
    reviewer: APIClient, api_for: Any, other_organisation: Organisation
) -> None:
    org = create_org(reviewer)
    app = create_application(reviewer, org["id"], ["Els Peeters"])
    outsider = api_for("applicant", other_organisation)
    response = outsider.get(f"/api/v1/mandate-applications/{app['id']}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    own = outsider.get("/api/v1/mandate-applications/")
    assert own.status_code == 200
    assert own.json()["results"] == []
