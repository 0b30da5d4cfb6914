"""Bad input answers 400 in the problem+json shape with a clear message, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from doorstroom.mandates.models import Evidence, MandateApplication, Receipt
from doorstroom.organisations.models import Organisation, Recognition, Site
from tests.conftest import make_pdf

pytestmark = pytest.mark.django_db

ORG = {"enterprise_number": "0417.497.106", "name": "De Overstap vzw", "postal_code": "2000"}


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "reasons"} <= set(body)
    assert body["detail"]
    return body


@pytest.mark.parametrize("number", ["0417.497.107", "123", "BE0000000000x", "", "04174971060"])
def test_invalid_enterprise_number(reviewer: APIClient, number: str) -> None:
    body = problem(
        reviewer.post(
            "/api/v1/organisations/", {**ORG, "enterprise_number": number}, format="json"
        ),
        400,
    )
    assert "enterprise_number" in body["errors"]
    if number:
        assert body["reasons"][0]["code"] == "enterprise_number_invalid"
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("code", ["0000", "9999", "12345", "abcd", "1"])
def test_unknown_postal_code(reviewer: APIClient, code: str) -> None:
    body = problem(
        reviewer.post("/api/v1/organisations/", {**ORG, "postal_code": code}, format="json"), 400
    )
    assert body["reasons"][0]["code"] == "postal_code_unknown"
    assert body["errors"]["postal_code"]
    assert Organisation.objects.count() == 0


def test_unknown_postal_code_for_a_site(reviewer: APIClient, organisation: Organisation) -> None:
    body = problem(
        reviewer.post(
            f"/api/v1/organisations/{organisation.pk}/sites/",
            {"name": "Filiaal", "postal_code": "0000"},
            format="json",
        ),
        400,
    )
    assert body["reasons"][0]["code"] == "postal_code_unknown"
    assert Site.objects.count() == 0


def test_duplicate_enterprise_number_is_a_conflict(reviewer: APIClient) -> None:
    assert reviewer.post("/api/v1/organisations/", ORG, format="json").status_code == 201
    problem(reviewer.post("/api/v1/organisations/", ORG, format="json"), 409)
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    "dates",
    [
        {"valid_from": "2021-02-30"},
        {"valid_from": "2021-13-01"},
        {"valid_from": "01/02/2021"},
        {"valid_from": "2022-01-01", "valid_until": "2021-12-31"},
        {"valid_from": None},
    ],
)
def test_impossible_recognition_dates(
    reviewer: APIClient, organisation: Organisation, dates: dict[str, Any]
) -> None:
    body = {"label_number": "L", "registration_number": "R", **dates}
    problem(
        reviewer.post(
            f"/api/v1/organisations/{organisation.pk}/recognitions/", body, format="json"
        ),
        400,
    )
    assert Recognition.objects.count() == 0


def test_malformed_json(reviewer: APIClient) -> None:
    response = reviewer.post(
        "/api/v1/organisations/", data='{"name": ', content_type="application/json"
    )
    problem(response, 400)


def test_json_that_is_not_an_object(reviewer: APIClient) -> None:
    response = reviewer.post(
        "/api/v1/organisations/", data="[1, 2]", content_type="application/json"
    )
    problem(response, 400)


@pytest.fixture
def application(organisation: Organisation) -> MandateApplication:
    from doorstroom.mandates.services import SignatoryInput, application_create

    return application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[SignatoryInput(name="Els Peeters")],
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"frameworks": ["sheltered"]}, "frameworks.0"),
        ({"frameworks": []}, "frameworks"),
        ({"signatories": []}, "signatories"),
        ({"kind": "extension"}, "kind"),
        ({"signatories": [{"name": "A"}, {"name": "a"}]}, "signatories"),
        ({"signatories": [{"name": "A"}, {"name": " a "}]}, "signatories"),
    ],
)
def test_bad_applications(
    reviewer: APIClient, organisation: Organisation, body: dict[str, Any], field: str
) -> None:
    payload = {
        "organisation": organisation.pk,
        "kind": "new",
        "frameworks": ["maatwerk"],
        "signatories": [{"name": "Els Peeters"}],
        **body,
    }
    result = problem(reviewer.post("/api/v1/mandate-applications/", payload, format="json"), 400)
    assert field in result["errors"]
    assert MandateApplication.objects.count() == 0


def test_unknown_condition_in_evidence(
    reviewer: APIClient, application: MandateApplication, pdf_bytes: bytes
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bewijs.pdf", pdf_bytes, content_type="application/pdf")
    problem(
        reviewer.post(
            f"/api/v1/mandate-applications/{application.pk}/evidence/",
            {"condition": "charisma", "file": upload},
            format="multipart",
        ),
        400,
    )
    assert Evidence.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bewijs.pdf", b"GIF89a not a pdf at all"),
        ("bewijs.pdf", b"%PDF-1.7\n garbage that is no pdf"),
        ("leeg.pdf", b""),
    ],
)
def test_non_pdf_evidence_is_refused_by_content(
    reviewer: APIClient, application: MandateApplication, name: str, content: bytes
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    body = problem(
        reviewer.post(
            f"/api/v1/mandate-applications/{application.pk}/evidence/",
            {"condition": "results", "file": upload},
            format="multipart",
        ),
        400,
    )
    assert "file" in body["errors"]
    assert Evidence.objects.count() == 0


def test_oversized_evidence_is_refused(
    reviewer: APIClient, application: MandateApplication, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.EVIDENCE_MAX_BYTES = 2000
    big = make_pdf(padding=5000)
    upload = SimpleUploadedFile("groot.pdf", big, content_type="application/pdf")
    body = problem(
        reviewer.post(
            f"/api/v1/mandate-applications/{application.pk}/evidence/",
            {"condition": "results", "file": upload},
            format="multipart",
        ),
        413,  # stopped while the body streams in (common/uploads.py), before the service
    )
    assert "te groot" in body["errors"]["file"][0]
    assert Evidence.objects.count() == 0


def test_real_pdf_evidence_is_kept_with_its_checksum(
    reviewer: APIClient,
    application: MandateApplication,
    pdf_bytes: bytes,
    settings: Any,
    tmp_path: Any,
) -> None:
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("scan.bin", pdf_bytes, content_type="application/octet-stream")
    response = reviewer.post(
        f"/api/v1/mandate-applications/{application.pk}/evidence/",
        {"condition": "results", "file": upload, "description": "Jaarverslag"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["sha256"] == hashlib.sha256(pdf_bytes).hexdigest()
    download = reviewer.get(
        f"/api/v1/mandate-applications/{application.pk}/evidence/{response.json()['id']}/file/"
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "fax", "received_on": "2025-01-01"},
        {"channel": "email", "received_on": "2025-02-29"},
        {"channel": "email", "received_on": "2999-01-01"},
        {"channel": "email", "received_on": "2025-01-01", "eid_signed_by": ["Onbekende"]},
        {
            "channel": "registered_letter",
            "received_on": "2025-01-01",
            "eid_signed_by": ["Els Peeters"],
        },
    ],
)
def test_bad_receipts(
    reviewer: APIClient, application: MandateApplication, body: dict[str, Any]
) -> None:
    problem(
        reviewer.post(
            f"/api/v1/mandate-applications/{application.pk}/receipts/", body, format="json"
        ),
        400,
    )
    assert Receipt.objects.count() == 0


@pytest.mark.parametrize(
    "conditions",
    [
        {"quality_management": {"met": True, "motivation": "ok"}},
        {
            **{
                c: {"met": True, "motivation": "ok"}
                for c in ("quality_management", "facilities", "expertise", "results", "methodology")
            },
            "charisma": {"met": True, "motivation": "ok"},
        },
        {
            c: {"met": True, "motivation": ""}
            for c in ("quality_management", "facilities", "expertise", "results", "methodology")
        },
        {
            c: {"met": "misschien", "motivation": "x"}
            for c in ("quality_management", "facilities", "expertise", "results", "methodology")
        },
    ],
)
def test_bad_decisions(
    reviewer: APIClient, application: MandateApplication, conditions: dict[str, Any]
) -> None:
    problem(
        reviewer.post(
            f"/api/v1/mandate-applications/{application.pk}/decision/",
            {"decided_on": "2025-01-01", "conditions": conditions},
            format="json",
        ),
        400,
    )


def test_unknown_municipality_in_local_network(
    reviewer: APIClient, organisation: Organisation
) -> None:
    url = f"/api/v1/organisations/{organisation.pk}/local-network/"
    body = problem(reviewer.put(url, {"municipalities": ["44021", "99999"]}, format="json"), 400)
    assert "99999" in body["errors"]["municipalities"][0]
    ok = reviewer.put(url, {"municipalities": ["44021", "44021"]}, format="json")
    assert ok.status_code == 200
    assert ok.json() == {"municipalities": ["44021"]}
