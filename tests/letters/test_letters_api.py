"""Letters through the API: list per application and referral, PDF download, access, checksum."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import evaluation_create
from doorstroom.letters.models import Letter
from doorstroom.letters.services import letter_create, letter_render
from doorstroom.mandates import services as mandates
from doorstroom.organisations.models import Organisation
from doorstroom.privacy.models import AccessLog
from doorstroom.referrals.services import referral_create
from tests.conftest import ALL_MET, complete_application
from tests.factories import make_partner
from tests.letters.conftest import pdf_text
from tests.transition.conftest import employee, employer  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(organisation: Organisation) -> Any:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    mandates.decision_create(
        application=app, decided_on=date(2022, 3, 1), starts_on=None, conditions=ALL_MET
    )
    return app


def test_list_and_download(
    decided: Any, applicant: APIClient, reviewer: APIClient, organisation: Organisation
) -> None:
    url = f"/api/v1/mandate-applications/{decided.pk}/letters/"
    for client in (applicant, reviewer):
        response = client.get(url)
        assert response.status_code == 200
        rows = response.json()
        assert [r["kind"] for r in rows] == ["acknowledgement", "decision"]
        assert rows[1]["kind_label"] == "beslissing"
        assert rows[1]["letter_date"] == "2022-03-01"
        assert rows[1]["download_url"] == f"/api/v1/letters/{rows[1]['id']}/pdf"
    pdf = applicant.get(rows[1]["download_url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    disposition = pdf["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"MDB-{decided.pk:06d}" in disposition
    assert organisation.name.split()[0] not in disposition
    data = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert "tot en met 29 februari 2028" in pdf_text(data)
    # Rendered on the first download and stored with its checksum; the list now shows it.
    letter = Letter.objects.get(pk=rows[1]["id"])
    assert letter.sha256 == hashlib.sha256(data).hexdigest()
    assert applicant.get(url).json()[1]["sha256"] == letter.sha256
    assert reviewer.get(rows[1]["download_url"]).content == data  # the same file again


def test_other_organisation_sees_nothing(
    decided: Any, api_for: Callable[..., APIClient], other_organisation: Organisation
) -> None:
    stranger = api_for("applicant", other_organisation)
    letter = Letter.objects.filter(application=decided).first()
    assert stranger.get(f"/api/v1/mandate-applications/{decided.pk}/letters/").status_code == 404
    response = stranger.get(f"/api/v1/letters/{letter.pk}/pdf")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_roles_not_allowed(decided: Any, api_for: Callable[..., APIClient]) -> None:
    letter = Letter.objects.filter(application=decided).first()
    for role in ("consultant", "esf_officer"):
        client = api_for(role)
        response = client.get(f"/api/v1/mandate-applications/{decided.pk}/letters/")
        assert response.status_code == 403, role
    assert api_for("esf_officer").get(f"/api/v1/letters/{letter.pk}/pdf").status_code == 403
    # A consultant may download letters (referral notices) but sees no application letters.
    assert api_for("consultant").get(f"/api/v1/letters/{letter.pk}/pdf").status_code == 404
    assert APIClient().get(f"/api/v1/letters/{letter.pk}/pdf").status_code in (401, 403)


def test_checksum_mismatch_is_a_problem_not_a_500(decided: Any, reviewer: APIClient) -> None:
    letter = letter_render(letter=Letter.objects.filter(application=decided).first())
    with open(letter.file.path, "ab") as handle:
        handle.write(b"tampered")
    response = reviewer.get(f"/api/v1/letters/{letter.pk}/pdf")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["reasons"][0]["code"] == "checksum_mismatch"
    letter.refresh_from_db()
    assert letter.sha256 and letter.sha256 == Letter.objects.get(pk=letter.pk).sha256


def test_missing_file_is_a_problem_not_a_500(decided: Any, reviewer: APIClient) -> None:
    letter = letter_render(letter=Letter.objects.filter(application=decided).first())
    letter.file.storage.delete(letter.file.name)
    response = reviewer.get(f"/api/v1/letters/{letter.pk}/pdf")
    assert response.status_code == 409
    assert response.json()["reasons"][0]["code"] == "letter_file_missing"


def test_letter_create_is_idempotent(decided: Any) -> None:
    receipt = decided.receipts.get()
    first = letter_create(kind="acknowledgement", subject=receipt)
    second = letter_create(kind="acknowledgement", subject=receipt)
    assert first is not None and second is not None and first.pk == second.pk
    decision = decided.decision
    assert (
        letter_create(kind="decision", subject=decision).pk
        == letter_create(  # type: ignore[union-attr]
            kind="decision", subject=decision
        ).pk
    )  # type: ignore[union-attr]
    assert Letter.objects.filter(application=decided).count() == 2


def test_referral_notice_for_partner_and_consultant(
    employee: Employee,  # noqa: F811
    api_for: Callable[..., APIClient],
    reviewer: APIClient,
) -> None:
    partner = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=clock.today(),
        needs_support=False,
        package_still_correct=True,
        criteria={
            c: {"favourable": True, "motivation": "ok"}
            for c in ("personal_situation", "employer_continuity", "regional_prospects")
        },
    )
    referral = referral_create(evaluation=evaluation, partner=partner, referred_on=clock.today())
    staff = api_for("applicant", partner)
    consultant = api_for("consultant")
    rows = staff.get(f"/api/v1/referrals/{referral.pk}/letters/").json()
    assert [r["kind"] for r in rows] == ["referral_notice"]
    assert consultant.get(f"/api/v1/referrals/{referral.pk}/letters/").status_code == 200
    assert reviewer.get(f"/api/v1/referrals/{referral.pk}/letters/").status_code == 403
    before = AccessLog.objects.count()
    pdf = staff.get(rows[0]["download_url"])
    assert pdf.status_code == 200
    assert "Sofie Claes" in pdf_text(pdf.content)
    assert "Claes" not in pdf["Content-Disposition"]
    assert AccessLog.objects.count() == before + 1  # a read of a person's record is logged
    # The partner's own mandate letters are listed with its application, not the notice.
    app_id = partner.applications.get().pk
    kinds = [r["kind"] for r in staff.get(f"/api/v1/mandate-applications/{app_id}/letters/").json()]
    assert "referral_notice" not in kinds
    assert reviewer.get(rows[0]["download_url"]).status_code == 404


def test_schema_documents_letters() -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = json.loads(response.content)["paths"]
    pdf = paths["/api/v1/letters/{id}/pdf"]["get"]["responses"]["200"]["content"]
    assert list(pdf) == ["application/pdf"]
    listing = paths["/api/v1/mandate-applications/{id}/letters/"]["get"]["responses"]["200"]
    assert listing["content"]["application/json"]["schema"]["type"] == "array"
    assert "/api/v1/referrals/{id}/letters/" in paths
