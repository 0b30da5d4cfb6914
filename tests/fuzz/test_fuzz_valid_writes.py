"""The writes with valid data: each body keeps to the documented request schema, and the 201/200
answer keeps to the documented response schema (harness.CHECKS).

Random data rarely gets past the services (a checksum, a postal code table, a record in the
right state), so the generated phases mostly see 4xx. These cases walk one partner's file from
organisation to trajectory outcome as the role that may act, so every success answer of the
API is checked against the schema too, and the documented patterns and limits are shown not
to refuse real values (nor to let through the values the services refuse).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from stdnum.be import nn, vat

from doorstroom.common import clock
from doorstroom.rules.codes import ACTIVITY_KINDS, CRITERIA
from doorstroom.trajectories.models import Trajectory
from tests.conftest import ALL_MET, SUBJECT
from tests.factories import national_number
from tests.fuzz import harness
from tests.security.conftest import OWN, World

pytestmark = pytest.mark.django_db

ENTERPRISE_NUMBER = "0403.170.701"  # valid checksum, not one of the world's organisations
NATIONAL_NUMBER = nn.format(national_number(123, born=date(1990, 1, 1)))
END = "2030-12-31"
CRITERIA_MET = {code: {"favourable": True, "motivation": "In orde."} for code in CRITERIA}


def request_schema(path: str, method: str) -> dict[str, Any]:
    """The JSON request body schema of an operation, with every $ref inlined."""
    document = harness.schema.raw_schema
    operation = document["paths"][path][method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                return inline(document["components"]["schemas"][name])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(schema)


def schema_errors(path: str, method: str, body: dict[str, Any]) -> list[str]:
    validator = OAS30Validator(
        request_schema(path, method), format_checker=OAS30Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(body)]


def send(
    world: World,
    role: str,
    method: str,
    path: str,
    body: dict[str, Any],
    expect: tuple[int, ...] = (200, 201),
    **ids: int,
) -> dict[str, Any]:
    """Check ``body`` against the request schema, send it, check the answer; its JSON."""
    assert schema_errors(path, method, body) == [], body
    case = harness.schema[path][method].Case(
        path_parameters=ids or None, body=body, media_type="application/json"
    )
    headers = harness.headers_for(world, role)
    response = case.call(headers=headers)
    case.validate_response(response, checks=harness.CHECKS, headers=headers)
    assert response.status_code in expect, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_partner_file_from_organisation_to_outcome(world: World) -> None:
    ids = world.orgs[OWN].ids
    org = ids["organisation"]
    today = clock.today()
    send(
        world,
        "reviewer",
        "POST",
        "/api/v1/organisations/",
        {
            "enterprise_number": ENTERPRISE_NUMBER,
            "name": "Nieuw Gent vzw",
            "postal_code": "9000",
            "street": "Kerkstraat 1",
            "email": "info@example.org",
        },
    )
    send(
        world,
        "reviewer",
        "POST",
        "/api/v1/organisations/{id}/recognitions/",
        {"label_number": "L2", "registration_number": "R2", "valid_from": "2024-01-01"},
        id=org,
    )
    send(
        world,
        "applicant_own",
        "POST",
        "/api/v1/organisations/{id}/sites/",
        {"name": "Filiaal", "postal_code": "3500", "street": ""},
        id=org,
    )
    send(
        world,
        "applicant_own",
        "PUT",
        "/api/v1/organisations/{id}/local-network/",
        {"municipalities": ["44021", "11002"]},
        id=org,
    )
    send(
        world,
        "esf_officer",
        "POST",
        "/api/v1/esf/calls/",
        {"code": "999", "title": "Oproep", "opens_on": "2025-01-01", "closes_on": "2025-12-31"},
    )
    employee = send(
        world,
        "consultant",
        "POST",
        "/api/v1/employees/",
        {
            "national_number": NATIONAL_NUMBER,
            "given_name": "Lotte",
            "family_name": "Peeters",
            "postal_code": "9000",
            "employer": org,
            "framework": "maatwerk",
            "target_group": "work_disability",
            "hired_on": "2021-05-01",
        },
    )
    send(
        world,
        "consultant",
        "POST",
        "/api/v1/employees/search/",
        {"national_number": NATIONAL_NUMBER},
    )
    evaluation = send(
        world,
        "consultant",
        "POST",
        "/api/v1/evaluations/",
        {
            "employee": employee["id"],
            "evaluated_on": (today - timedelta(days=3)).isoformat(),
            "needs_support": False,
            "package_still_correct": True,
            "criteria": CRITERIA_MET,
        },
    )
    referral = send(
        world,
        "consultant",
        "POST",
        "/api/v1/referrals/",
        {
            "evaluation": evaluation["id"],
            "partner": org,
            "referred_on": (today - timedelta(days=2)).isoformat(),
            "override_reason": "Kent de regio.",
        },
    )
    send(
        world,
        "applicant_own",
        "POST",
        "/api/v1/trajectories/",
        {"referral": referral["id"], "started_on": (today - timedelta(days=2)).isoformat()},
    )

    trajectory = Trajectory.objects.get(pk=ids["trajectory"])
    start = trajectory.started_on
    path = "/api/v1/trajectories/{id}/"
    on = {"id": trajectory.pk}
    send(
        world,
        "applicant_own",
        "POST",
        path + "activities/",
        {"on": (start + timedelta(days=1)).isoformat(), "kind": ACTIVITY_KINDS[0], "hours": "2.5"},
        **on,
    )
    send(
        world,
        "applicant_own",
        "POST",
        path + "internships/",
        {
            "employer_enterprise_number": ENTERPRISE_NUMBER,
            "employer_name": "Bakkerij",
            "vacancy": "Verkoper",
            "starts_on": (start + timedelta(days=2)).isoformat(),
            "ends_on": (start + timedelta(days=20)).isoformat(),
        },
        **on,
    )
    answer = send(
        world,
        "applicant_own",
        "POST",
        path + "suspensions/",
        {
            "starts_on": (start + timedelta(days=21)).isoformat(),
            "ends_on": (start + timedelta(days=23)).isoformat(),
            "reason": "Ziekte",
        },
        **on,
    )
    assert answer["trajectory"]["id"] == trajectory.pk
    send(
        world,
        "applicant_own",
        "POST",
        path + "outcome/",
        {
            "kind": "hired",
            "on": (today - timedelta(days=1)).isoformat(),
            "employer_enterprise_number": ENTERPRISE_NUMBER,
            "employer_name": "Bakkerij",
        },
        **on,
    )


def test_an_application_and_an_esf_project(world: World) -> None:
    ids = world.orgs[OWN].ids
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    send(
        world,
        "applicant_own",
        "POST",
        "/api/v1/mandate-applications/",
        {"kind": "new", "frameworks": ["lde"], "signatories": [{"name": "B", "function": "CEO"}]},
        expect=(201, 409, 422),
    )
    send(
        world,
        "reviewer",
        "POST",
        "/api/v1/mandate-applications/{id}/receipts/",
        {"channel": "email", "received_on": yesterday, "subject": SUBJECT, "eid_signed_by": ["A"]},
        id=ids["application"],
    )
    # Evidence of one condition only: approved, with the missing evidence as (non-blocking) R13.
    decision = send(
        world,
        "reviewer",
        "POST",
        "/api/v1/mandate-applications/{id}/decision/",
        {"decided_on": yesterday, "conditions": ALL_MET},
        id=ids["application"],
    )
    assert decision["outcome"] == "approved"
    call = send(
        world,
        "esf_officer",
        "POST",
        "/api/v1/esf/calls/",
        {"code": "998", "title": "Oproep 2", "opens_on": "2024-01-01", "closes_on": "2030-12-31"},
    )
    project = send(
        world,
        "applicant_own",
        "POST",
        "/api/v1/esf/projects/",
        {"call": call["id"], "submitted_on": yesterday},
    )
    send(
        world,
        "esf_officer",
        "POST",
        "/api/v1/esf/projects/{id}/decision/",
        {
            "approved": True,
            "decided_on": yesterday,
            "starts_on": yesterday,
            "ends_on": "2030-12-31",
        },
        id=project["id"],
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/organisations/", {"enterprise_number": "0403170701"}),
        ("/api/v1/organisations/", {"enterprise_number": "BE0403170701"}),
        ("/api/v1/organisations/", {"postal_code": "1000"}),
        ("/api/v1/employees/", {"national_number": "85073003328"}),
        ("/api/v1/trajectories/{id}/activities/", {"hours": "24"}),
        ("/api/v1/trajectories/{id}/activities/", {"hours": "0.25"}),
        ("/api/v1/trajectories/{id}/activities/", {"hours": "12.5"}),
        ("/api/v1/trajectories/{id}/outcome/", {"employer_enterprise_number": ""}),
    ],
)
def test_the_documented_form_admits_valid_values(path: str, body: dict[str, Any]) -> None:
    assert not _field_errors(path, body)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/organisations/", {"enterprise_number": "abc"}),
        ("/api/v1/organisations/", {"enterprise_number": "2403.170.701"}),
        ("/api/v1/organisations/", {"postal_code": "900"}),
        ("/api/v1/organisations/", {"postal_code": "0900"}),
        ("/api/v1/organisations/{id}/local-network/", {"municipalities": ["4402"]}),
        ("/api/v1/employees/", {"national_number": "8507300332"}),
        ("/api/v1/employees/", {"target_group": "unknown"}),
        ("/api/v1/trajectories/{id}/activities/", {"hours": "0"}),
        ("/api/v1/trajectories/{id}/activities/", {"hours": "0.00"}),
        ("/api/v1/trajectories/{id}/activities/", {"hours": "24.01"}),
        ("/api/v1/trajectories/{id}/activities/", {"hours": "-1"}),
        ("/api/v1/mandate-applications/", {"frameworks": []}),
        ("/api/v1/mandate-applications/", {"signatories": []}),
        (
            "/api/v1/evaluations/",
            {"criteria": {"personal_situation": CRITERIA_MET["personal_situation"]}},
        ),
    ],
)
def test_the_documented_form_refuses_what_the_services_refuse(
    path: str, body: dict[str, Any]
) -> None:
    assert _field_errors(path, body)


def _field_errors(path: str, body: dict[str, Any]) -> list[str]:
    """The errors of the fields in ``body`` alone (the rest of the body is left out)."""
    method = "PUT" if path.endswith("local-network/") else "POST"
    schema = request_schema(path, method)
    field_schemas = {name: schema["properties"][name] for name in body}
    validator = OAS30Validator(
        {"type": "object", "properties": field_schemas},
        format_checker=OAS30Validator.FORMAT_CHECKER,
    )
    return [error.message for error in validator.iter_errors(body)]


def test_stdnum_agrees_with_the_examples() -> None:
    assert vat.is_valid(ENTERPRISE_NUMBER)
    assert nn.is_valid(NATIONAL_NUMBER)
