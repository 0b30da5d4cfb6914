"""New trust roots: `signatures_check` checks stored PDFs again and reassesses (R14)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from doorstroom.common import clock
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.signatures import trust
from doorstroom.signatures.checks import trust_roots_readable
from doorstroom.signatures.models import Signature
from tests.conftest import SUBJECT
from tests.signatures.conftest import Pki

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_recheck_after_roots_are_configured(
    organisation: Organisation, pki: Pki, settings: Any, tmp_path: Path
) -> None:
    settings.EID_TRUST_ROOTS = ""
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="Jan Peeters")],
    )
    mandates.evidence_add(
        application=application,
        condition="results",
        file=io.BytesIO(pki.signed_by(pki.person("Jan", "Peeters"))),
        original_name="aanvraag.pdf",
    )
    mandates.receipt_register(
        application=application, channel="email", received_on=clock.today(), subject=SUBJECT
    )
    application.refresh_from_db()
    assert application.status == "incomplete"
    assert Signature.objects.get().reason == "signature_untrusted"

    roots = tmp_path / "roots"
    roots.mkdir()
    (roots / "belgium-root.pem").write_bytes(pki.root.pem())
    settings.EID_TRUST_ROOTS = str(roots)
    out = io.StringIO()
    call_command("signatures_check", stdout=out)
    assert "1 PDF(s) checked, 1 application(s) reassessed" in out.getvalue()
    assert Signature.objects.get().counts is True
    application = MandateApplication.objects.get(pk=application.pk)
    assert application.status == "complete"


def test_system_check_reports_unreadable_roots(settings: Any, tmp_path: Path) -> None:
    settings.EID_TRUST_ROOTS = str(tmp_path / "missing")
    (error,) = trust_roots_readable()
    assert error.id == "signatures.E001"
    settings.EID_TRUST_ROOTS = ""
    assert trust_roots_readable() == []


def test_unreadable_roots_at_runtime_trust_nothing(
    organisation: Organisation, pki: Pki, settings: Any, tmp_path: Path
) -> None:
    (tmp_path / "kapot.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    )
    settings.EID_TRUST_ROOTS = str(tmp_path / "kapot.pem")
    trust._cached.cache_clear()
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="Jan Peeters")],
    )
    evidence = mandates.evidence_add(
        application=application,
        condition="results",
        file=io.BytesIO(pki.signed_by(pki.person("Jan", "Peeters"))),
        original_name="aanvraag.pdf",
    )
    check = evidence.signature_check
    assert check.detail == "EID_TRUST_ROOTS onleesbaar"
    assert check.signatures.get().reason == "signature_untrusted"


def test_application_with_counted_signatures_can_be_deleted(
    organisation: Organisation, pki: Pki, settings: Any, tmp_path: Path
) -> None:
    (tmp_path / "roots.pem").write_bytes(pki.root.pem())
    settings.EID_TRUST_ROOTS = str(tmp_path / "roots.pem")
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="Jan Peeters")],
    )
    mandates.evidence_add(
        application=application,
        condition="results",
        file=io.BytesIO(pki.signed_by(pki.person("Jan", "Peeters"))),
        original_name="aanvraag.pdf",
    )
    assert Signature.objects.get().counts is True
    application.delete()
    assert not Signature.objects.exists()
