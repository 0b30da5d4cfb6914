"""E-mail intake (R14): matching, receipts, evidence from attachments, the queue, the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIRequestFactory, force_authenticate

from doorstroom.accounts.models import User
from doorstroom.common.errors import StateConflict
from doorstroom.intake import services
from doorstroom.intake.api import IntakeEmailApi
from doorstroom.intake.models import IncomingEmail
from doorstroom.intake.parser import MalformedEmail, parse_email
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Evidence, MandateApplication, Receipt
from doorstroom.organisations.models import Organisation
from tests.conftest import SUBJECT, make_pdf

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
        signatories=[mandates.SignatoryInput(name="A")],
    )


def make_eml(
    *,
    subject: str = SUBJECT,
    sender: str = "someone@example.org",
    body: str = "Goedendag, in bijlage ons dossier.",
    message_id: str = "<m1@example.org>",
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
    sent: str = "2026-03-09 10:00",
) -> bytes:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    message = EmailMessage()
    message["From"] = f"Iemand <{sender}>"
    message["To"] = "mandaatdoorstroom@vdab.be"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(
        datetime.fromisoformat(sent).replace(tzinfo=ZoneInfo("Europe/Brussels"))
    )
    message.set_content(body)
    for name, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def ingest(raw: bytes) -> IncomingEmail:
    return services.email_ingest(raw=raw, received_by=None, today=TODAY)


def test_good_message_registers_receipt_and_evidence(application: MandateApplication) -> None:
    raw = make_eml(
        body=f"Dossier {application.reference}",
        attachments=[("kwaliteitsvolle bedrijfsvoering.pdf", "application/pdf", make_pdf())],
    )
    email = ingest(raw)
    assert email.status == "matched"
    assert email.application_id == application.pk
    assert email.subject_ok is True
    assert email.received_on == date(2026, 3, 9)
    receipt = Receipt.objects.get(application=application)
    assert email.receipt_id == receipt.pk and receipt.channel == "email"
    evidence = Evidence.objects.get(application=application)
    assert evidence.condition == "quality_management"
    assert email.attachments[0]["stored"] is True
    assert email.raw.read() == raw
    assert email.raw.name == f"intake/{email.sha256}.eml"


def test_wrong_subject_is_matched_but_flagged(
    application: MandateApplication, organisation: Organisation
) -> None:
    email = ingest(make_eml(subject="Ons dossier", body=f"KBO {organisation.enterprise_number}"))
    assert email.status == "matched"
    assert email.subject_ok is False
    assert "email_subject_mismatch" in email.reason
    assert Receipt.objects.get(application=application).subject_ok is False


def test_match_by_formatted_enterprise_number_and_by_sender(
    application: MandateApplication,
) -> None:
    email = ingest(make_eml(subject=f"{SUBJECT} 0403.170.701"))
    assert email.application_id == application.pk
    email = ingest(make_eml(sender="INFO@jobkracht.be", message_id="<m2@example.org>"))
    assert email.application_id == application.pk
    assert "afzender" in email.reason


def test_no_attachment_registers_receipt_only(application: MandateApplication) -> None:
    email = ingest(make_eml(subject=f"{SUBJECT} {application.reference}"))
    assert email.status == "matched"
    assert Receipt.objects.filter(application=application).count() == 1
    assert not Evidence.objects.exists()
    assert email.attachments == []


def test_non_pdf_and_unclassified_attachments_are_skipped_with_reason(
    application: MandateApplication,
) -> None:
    email = ingest(
        make_eml(
            subject=f"{SUBJECT} {application.reference}",
            attachments=[
                ("resultaten.docx", "application/msword", b"not a pdf"),
                ("scan.pdf", "application/pdf", make_pdf()),
            ],
        )
    )
    assert email.status == "matched"
    assert not Evidence.objects.exists()
    assert [a["stored"] for a in email.attachments] == [False, False]
    assert "Geen PDF" in email.attachments[0]["reason"]
    assert email.unclassified_attachments == 1
    assert "2 bijlage(n) niet als bewijs opgeslagen" in email.reason


def test_oversized_or_fake_pdf_is_skipped(settings: Any, application: MandateApplication) -> None:
    settings.EVIDENCE_MAX_BYTES = 2000
    email = ingest(
        make_eml(
            subject=f"{SUBJECT} {application.reference}",
            attachments=[
                ("methodische_aanpak.pdf", "application/pdf", make_pdf(padding=5000)),
                ("faciliteiten.pdf", "application/pdf", b"%PDF-1.4 garbage"),
            ],
        )
    )
    assert email.status == "matched"
    assert not Evidence.objects.exists()
    assert "te groot" in email.attachments[0]["reason"]
    assert email.attachments[1]["stored"] is False and email.attachments[1]["reason"]
    assert Receipt.objects.filter(application=application).count() == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\x01\x02 no headers at all \xff\xfe",
        b"From: a@b.be\nMessage-ID: <x@y>\nContent-Type: multipart/mixed\n\nbody without boundary",
    ],
)
def test_malformed_message_is_kept(raw: bytes) -> None:
    with pytest.raises(MalformedEmail):
        parse_email(raw)
    email = ingest(raw)
    assert email.status == "malformed"
    assert email.reason.startswith("Onleesbaar")
    assert email.raw_size == len(raw)
    assert ingest(raw).pk == email.pk


def test_duplicate_message_id_changes_nothing(application: MandateApplication) -> None:
    raw = make_eml(subject=f"{SUBJECT} {application.reference}")
    first = ingest(raw)
    again, created = services.email_ingest_new_or_seen(raw=raw, received_by=None, today=TODAY)
    assert not created and again.pk == first.pk
    assert IncomingEmail.objects.count() == 1
    assert Receipt.objects.count() == 1


def test_unmatched_message_is_queued_with_reason_and_attached_by_hand(
    application: MandateApplication, make_user: Callable[..., User]
) -> None:
    email = ingest(
        make_eml(
            subject="Vraag",
            attachments=[("deskundigheid.pdf", "application/pdf", make_pdf())],
        )
    )
    assert email.status == "unmatched"
    assert email.application is None
    assert "Geen aanvraag gevonden" in email.reason
    assert not Receipt.objects.exists()

    reviewer = make_user("reviewer")
    email = services.email_attach(email=email, application=application, user=reviewer, today=TODAY)
    assert email.status == "attached_by_hand"
    assert email.attached_by == reviewer
    assert Evidence.objects.get(application=application).condition == "expertise"
    with pytest.raises(StateConflict):
        services.email_attach(email=email, application=application, user=reviewer)


def test_decided_application_leaves_message_in_queue(application: MandateApplication) -> None:
    MandateApplication.objects.filter(pk=application.pk).update(status="approved")
    email = ingest(make_eml(subject=f"{SUBJECT} {application.reference}"))
    assert email.status == "unmatched"
    assert "al beslist" in email.reason
    assert not Receipt.objects.exists()


def test_unknown_reference_is_mentioned() -> None:
    email = ingest(make_eml(subject=f"{SUBJECT} MDB-999999"))
    assert email.status == "unmatched"
    assert "MDB-999999 bestaat niet" in email.reason


# --- API ----------------------------------------------------------------------------------


def post(raw: bytes, user: User | None, content_type: str = "message/rfc822") -> Any:
    request = APIRequestFactory().post("/api/v1/intake/emails/", raw, content_type=content_type)
    if user is not None:
        force_authenticate(request, user=user)
    return IntakeEmailApi.as_view()(request)


def test_api_creates_then_answers_200(
    application: MandateApplication, make_user: Callable[..., User]
) -> None:
    reviewer = make_user("reviewer")
    raw = make_eml(
        body=f"Dossier {application.reference}",
        attachments=[("resultaten.pdf", "application/pdf", make_pdf())],
        sent="2020-01-01 10:00",
    )
    response = post(raw, reviewer)
    assert response.status_code == 201, response.data
    assert response.data["application"] == application.pk
    assert response.data["subject_ok"] is True
    assert response.data["status"] == "matched"
    assert response.data["attachments"] == [
        {"name": "resultaten.pdf", "stored": True, "reason": ""}
    ]
    again = post(raw, make_user("admin"))
    assert again.status_code == 200
    assert again.data == response.data


def test_api_malformed_is_not_a_server_error(make_user: Callable[..., User]) -> None:
    response = post(b"\x00garbage", make_user("reviewer"))
    assert response.status_code == 201
    assert response.data["status"] == "malformed"
    assert response.data["application"] is None


def test_api_roles_and_content_type(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    raw = make_eml()
    assert post(raw, make_user("consultant")).status_code == 403
    assert post(raw, make_user("applicant", organisation)).status_code == 403
    assert post(raw, None).status_code == 401
    response = post(raw, make_user("reviewer"), content_type="application/json")
    assert response.status_code == 415
    assert not IncomingEmail.objects.exists()


# --- command ------------------------------------------------------------------------------


def test_command_reads_eml_dir_and_maildir(
    tmp_path: Path, application: MandateApplication, capsys: Any
) -> None:
    import mailbox

    eml_dir = tmp_path / "eml"
    eml_dir.mkdir()
    (eml_dir / "a.eml").write_bytes(make_eml(subject=f"{SUBJECT} {application.reference}"))
    (eml_dir / "b.eml").write_bytes(make_eml(subject="?", message_id="<m2@example.org>"))
    call_command("intake_mailbox", "--eml-dir", str(eml_dir))
    out = capsys.readouterr().out
    assert "a.eml" in out and "matched" in out and application.reference in out
    assert "unmatched" in out
    assert "someone@example.org" not in out and SUBJECT not in out

    box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    box.add(make_eml(subject=f"{SUBJECT} {application.reference}"))  # seen before
    box.add(make_eml(message_id="<m3@example.org>", subject="x"))
    call_command("intake_mailbox", "--maildir", str(tmp_path / "Maildir"))
    out = capsys.readouterr().out
    assert "al ontvangen" in out
    assert IncomingEmail.objects.count() == 3
    assert Receipt.objects.count() == 1
