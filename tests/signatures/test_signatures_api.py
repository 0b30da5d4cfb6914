"""eID signatures in evidence PDFs decide, through the API, whether paper is needed (R14).

Done-when of issue 5: signed PDFs by all signatories; one missing; tampered after signing;
untrusted issuer. Plus: unsigned, unreadable signatures, garbage (never a 500).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.organisations.models import Organisation
from doorstroom.signatures.models import Signature
from tests.conftest import SUBJECT, make_pdf
from tests.signatures.conftest import FAKE_NATIONAL_NUMBER, Pki, change_after_signing, tamper

pytestmark = pytest.mark.django_db

SIGNATORIES = ["Jan Peeters", "Anna Vermeulen"]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def app_id(applicant: APIClient, organisation: Organisation) -> int:
    response = applicant.post(
        "/api/v1/mandate-applications/",
        {
            "organisation": organisation.pk,
            "kind": "new",
            "frameworks": ["maatwerk"],
            "signatories": [{"name": n, "function": "bestuurder"} for n in SIGNATORIES],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def upload(client: APIClient, app_id: int, data: bytes, name: str = "aanvraag.pdf") -> Any:
    response = client.post(
        f"/api/v1/mandate-applications/{app_id}/evidence/",
        {
            "condition": "methodology",
            "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    return response.json()


def email_received(reviewer: APIClient, app_id: int) -> dict[str, Any]:
    response = reviewer.post(
        f"/api/v1/mandate-applications/{app_id}/receipts/",
        {"channel": "email", "received_on": clock.today().isoformat(), "subject": SUBJECT},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["application"]


def codes(detail: dict[str, Any]) -> list[str]:
    return [r["code"] for r in detail["submission"]["reasons"]]


def test_all_signatories_signed_no_paper_needed(
    applicant: APIClient, reviewer: APIClient, app_id: int, pki: Pki, trust_roots: Path
) -> None:
    pdf = pki.signed_by(pki.person("Jan", "Peeters"), pki.person("Anna", "Vermeulen"))
    evidence = upload(applicant, app_id, pdf)
    assert evidence["signature_check"] == {"status": "signed", "reason": None}
    assert [(s["signer"], s["signatory"], s["counts"]) for s in evidence["signatures"]] == [
        ("Jan Peeters", "Jan Peeters", True),
        ("Anna Vermeulen", "Anna Vermeulen", True),
    ]
    first = evidence["signatures"][0]
    assert first["issuer"] == "Test Citizen CA"
    assert first["intact"] and first["trusted"] and first["signed_at"]
    assert first["reason"] is None
    detail = email_received(reviewer, app_id)
    assert detail["submission"]["complete"] is True
    assert detail["submission"]["completed_on"] == clock.today().isoformat()
    assert "paper_original_missing" not in codes(detail)
    assert detail["status"] == "complete"
    # The receipt's own list (what a reviewer typed) is untouched: the PDF is the evidence.
    assert detail["receipts"][0]["eid_signed_by"] == []
    assert detail["evidence"][0]["signatures"][1]["counts"] is True


def test_one_signatory_missing_needs_paper(
    applicant: APIClient, reviewer: APIClient, app_id: int, pki: Pki, trust_roots: Path
) -> None:
    upload(applicant, app_id, pki.signed_by(pki.person("Jan", "Peeters")))
    detail = email_received(reviewer, app_id)
    assert detail["submission"]["complete"] is False
    (reason,) = [
        r for r in detail["submission"]["reasons"] if r["code"] == "paper_original_missing"
    ]
    assert reason["params"] == {"signatories": 2, "signatories_without_eid": 1}
    # The other signatory's eID signature arriving later (a second PDF) completes it that day.
    upload(applicant, app_id, pki.signed_by(pki.person("Anna", "Vermeulen")))
    detail = reviewer.get(f"/api/v1/mandate-applications/{app_id}/").json()
    assert detail["submission"]["complete"] is True
    assert detail["status"] == "complete"


def test_tampered_after_signing_is_shown_and_does_not_count(
    applicant: APIClient, reviewer: APIClient, app_id: int, pki: Pki, trust_roots: Path
) -> None:
    pdf = tamper(pki.signed_by(pki.person("Jan", "Peeters"), pki.person("Anna", "Vermeulen")))
    evidence = upload(applicant, app_id, pdf)
    assert [s["counts"] for s in evidence["signatures"]] == [False, False]
    assert {s["reason"]["code"] for s in evidence["signatures"]} == {"signature_tampered"}
    assert all(s["intact"] is False for s in evidence["signatures"])
    assert "gewijzigd" in evidence["signatures"][0]["reason"]["message"]
    detail = email_received(reviewer, app_id)
    assert "paper_original_missing" in codes(detail)
    assert detail["submission"]["reasons"][0]["params"]["signatories_without_eid"] == 2


def test_content_changed_after_signing_does_not_count(
    applicant: APIClient, reviewer: APIClient, app_id: int, pki: Pki, trust_roots: Path
) -> None:
    signed = pki.signed_by(pki.person("Jan", "Peeters"), pki.person("Anna", "Vermeulen"))
    evidence = upload(applicant, app_id, change_after_signing(signed))
    assert [s["reason"]["code"] for s in evidence["signatures"]] == [
        "signature_modified_after_signing",
        "signature_modified_after_signing",
    ]
    assert all(s["modified_after_signing"] for s in evidence["signatures"])
    assert "paper_original_missing" in codes(email_received(reviewer, app_id))


def test_untrusted_issuer_does_not_count(
    applicant: APIClient, reviewer: APIClient, app_id: int, pki: Pki, trust_roots: Path
) -> None:
    pdf = pki.signed_by(
        pki.person("Jan", "Peeters", issuer="other"), pki.person("Anna", "Vermeulen")
    )
    evidence = upload(applicant, app_id, pdf)
    jan, anna = evidence["signatures"]
    assert (jan["intact"], jan["trusted"], jan["counts"]) == (True, False, False)
    assert jan["issuer"] == "Onbekende CA"
    assert jan["reason"]["code"] == "signature_untrusted"
    assert anna["counts"] is True
    detail = email_received(reviewer, app_id)
    assert detail["submission"]["reasons"][0]["params"]["signatories_without_eid"] == 1


def test_no_trust_roots_configured_nothing_counts(
    applicant: APIClient, reviewer: APIClient, app_id: int, pki: Pki, settings: Any
) -> None:
    settings.EID_TRUST_ROOTS = ""
    pdf = pki.signed_by(pki.person("Jan", "Peeters"), pki.person("Anna", "Vermeulen"))
    evidence = upload(applicant, app_id, pdf)
    assert {s["reason"]["code"] for s in evidence["signatures"]} == {"signature_untrusted"}
    assert "paper_original_missing" in codes(email_received(reviewer, app_id))


def test_signer_who_is_not_a_signatory_does_not_count(
    applicant: APIClient, app_id: int, pki: Pki, trust_roots: Path
) -> None:
    evidence = upload(applicant, app_id, pki.signed_by(pki.person("Piet", "Janssens")))
    (signature,) = evidence["signatures"]
    assert (signature["trusted"], signature["signatory"], signature["counts"]) == (
        True,
        None,
        False,
    )
    assert signature["reason"]["code"] == "signer_not_signatory"


def test_names_match_across_case_accents_and_order(
    reviewer: APIClient, organisation: Organisation, pki: Pki, trust_roots: Path, api_for: Any
) -> None:
    client = api_for("applicant", organisation)
    response = client.post(
        "/api/v1/mandate-applications/",
        {
            "organisation": organisation.pk,
            "kind": "new",
            "frameworks": ["lde"],
            "signatories": [{"name": "PEETERS Jan"}, {"name": "Zoë D'Hondt-Verbeke"}],
        },
        format="json",
    )
    app_id = response.json()["id"]
    pdf = pki.signed_by(pki.person("Jan Pieter", "Peeters"), pki.person("Zoe", "d'Hondt-Verbeke"))
    evidence = upload(client, app_id, pdf)
    assert [s["signatory"] for s in evidence["signatures"]] == [
        "PEETERS Jan",
        "Zoë D'Hondt-Verbeke",
    ]
    assert email_received(reviewer, app_id)["submission"]["complete"] is True


def test_unsigned_pdf_has_no_signatures(applicant: APIClient, app_id: int) -> None:
    evidence = upload(applicant, app_id, make_pdf())
    assert evidence["signature_check"]["status"] == "unsigned"
    assert evidence["signatures"] == []


def test_unreadable_signatures_are_recorded_not_a_500(
    applicant: APIClient, app_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyhanko.pdf_utils import reader

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise reader.PdfReadError("kapotte kruisverwijzingstabel")

    monkeypatch.setattr(reader, "PdfFileReader", broken)
    evidence = upload(applicant, app_id, make_pdf())
    assert evidence["signature_check"]["status"] == "unreadable"
    assert evidence["signature_check"]["reason"]["code"] == "signatures_unreadable"


@pytest.mark.parametrize("content", [b"%PDF-1.7\n garbage", b"GIF89a", b"%PDF-1.4\n" + bytes(300)])
def test_garbage_pdf_is_a_400_never_a_500(
    applicant: APIClient, app_id: int, content: bytes
) -> None:
    response = applicant.post(
        f"/api/v1/mandate-applications/{app_id}/evidence/",
        {"condition": "results", "file": SimpleUploadedFile("x.pdf", content)},
        format="multipart",
    )
    assert response.status_code == 400


def test_national_number_in_the_certificate_is_never_kept_or_shown(
    applicant: APIClient, reviewer: APIClient, app_id: int, pki: Pki, trust_roots: Path
) -> None:
    upload(applicant, app_id, pki.signed_by(pki.person("Jan", "Peeters")))
    detail = reviewer.get(f"/api/v1/mandate-applications/{app_id}/")
    assert FAKE_NATIONAL_NUMBER not in detail.content.decode()
    for row in Signature.objects.values():
        assert FAKE_NATIONAL_NUMBER not in repr(row)


def test_evidence_list_shows_signatures(
    applicant: APIClient, app_id: int, pki: Pki, trust_roots: Path
) -> None:
    upload(applicant, app_id, pki.signed_by(pki.person("Jan", "Peeters")))
    listed = applicant.get(f"/api/v1/mandate-applications/{app_id}/evidence/").json()
    assert listed[0]["signatures"][0]["signer"] == "Jan Peeters"


def test_application_detail_queries_stay_fixed(
    applicant: APIClient,
    app_id: int,
    pki: Pki,
    trust_roots: Path,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for _ in range(3):
        upload(
            applicant,
            app_id,
            pki.signed_by(pki.person("Jan", "Peeters"), data=make_pdf(pages=_ + 1)),
        )
    with django_assert_max_num_queries(14):
        assert applicant.get(f"/api/v1/mandate-applications/{app_id}/").status_code == 200
