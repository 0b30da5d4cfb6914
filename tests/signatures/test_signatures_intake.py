"""A PDF signed with eID that arrives as an e-mail attachment counts from the e-mail's day."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from doorstroom.intake import services as intake
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Evidence, MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.signatures.models import SignatureCheck
from tests.conftest import SUBJECT, make_pdf
from tests.intake.test_intake_email import make_eml
from tests.signatures.conftest import Pki, tamper

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def application(organisation: Organisation) -> MandateApplication:
    return mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="Jan Peeters")],
    )


def test_signed_attachment_completes_the_submission_on_the_mail_day(
    application: MandateApplication, pki: Pki, trust_roots: Path
) -> None:
    raw = make_eml(
        subject=f"{SUBJECT} {application.reference}",
        attachments=[
            ("methodiek.pdf", "application/pdf", pki.signed_by(pki.person("Jan", "Peeters")))
        ],
    )
    email = intake.email_ingest(raw=raw, received_by=None, today=TODAY)
    assert email.status == "matched"
    check = SignatureCheck.objects.get(evidence__application=application)
    assert check.received_on == date(2026, 3, 9)  # the e-mail's Date, not the processing day
    assert check.signatures.get().counts is True
    application.refresh_from_db()
    assert application.status == "complete"
    assert application.completed_on == date(2026, 3, 9)


def test_tampered_attachment_is_kept_and_does_not_count(
    application: MandateApplication, pki: Pki, trust_roots: Path
) -> None:
    pdf = tamper(pki.signed_by(pki.person("Jan", "Peeters")))
    raw = make_eml(
        subject=f"{SUBJECT} {application.reference}",
        attachments=[("methodiek.pdf", "application/pdf", pdf)],
    )
    email = intake.email_ingest(raw=raw, received_by=None, today=TODAY)
    assert email.attachments[0]["stored"] is True
    signature = SignatureCheck.objects.get().signatures.get()
    assert (signature.counts, signature.reason) == (False, "signature_tampered")
    application.refresh_from_db()
    assert application.status == "incomplete"
    assert "paper_original_missing" in str(application.submission_trace)


def test_unsigned_attachment(application: MandateApplication) -> None:
    raw = make_eml(
        subject=f"{SUBJECT} {application.reference}",
        attachments=[("methodiek.pdf", "application/pdf", make_pdf())],
    )
    intake.email_ingest(raw=raw, received_by=None, today=TODAY)
    assert Evidence.objects.get().signature_check.status == "unsigned"
