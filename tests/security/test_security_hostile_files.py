"""Hostile files: every error path of a third-party parser is a test case, never a 500.

The corpus (tests/security/hostile_files.py) goes through pypdf (common/pdf.pdf_check), pyHanko
(signatures/validation.inspect_pdf), the API upload, the applicant's page upload and an e-mail
attachment of the intake; the messages go through the `email` package (intake/parser.py), the
intake API and the reviewer's *Berichten* pages. What a user reads is plain Dutch: never the
parser's words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf.errors import (
    DependencyError,
    FileNotDecryptedError,
    LimitReachedError,
    PdfReadError,
    PdfStreamError,
)
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from doorstroom.common import pdf
from doorstroom.common.pdf import PdfCheckError, pdf_check
from doorstroom.common.uploads import clean_filename
from doorstroom.intake import parser
from doorstroom.intake.models import IncomingEmail
from doorstroom.intake.parser import MalformedEmail, parse_email
from doorstroom.mandates.models import Evidence, MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.signatures import validation
from doorstroom.signatures.validation import inspect_pdf
from tests.conftest import SUBJECT, make_pdf
from tests.security.hostile_files import (
    HostileMail,
    HostilePdf,
    mail_corpus,
    pdf_corpus,
    pdf_part,
    with_attachment,
)
from tests.web.test_web_applicant_pages import draft_application

pytestmark = pytest.mark.django_db

DUTCH_MESSAGES = {
    pdf.EMPTY,
    pdf.NOT_PDF,
    pdf.ENCRYPTED,
    pdf.UNREADABLE,
    pdf.NO_PAGES,
    pdf.TOO_MANY_PAGES,
    "Het verstuurde bestand is leeg.",  # DRF's own check of an empty file (API)
    "Het gekozen bestand is leeg.",  # the form's own check of an empty file (page)
}
TECHNICAL = ("%PDF", "pypdf", "Error", "xref", "trailer", "/Encrypt", "Traceback", "stream")

PDFS = pdf_corpus()
MAILS = mail_corpus()


def by_name(items: list[Any]) -> Any:
    return pytest.mark.parametrize("case", items, ids=[item.name for item in items])


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EID_TRUST_ROOTS = ""


@pytest.fixture
def application(organisation: Organisation) -> MandateApplication:
    return draft_application(organisation)


def assert_plain_dutch(message: str) -> None:
    assert message in DUTCH_MESSAGES, message
    assert not any(word in message for word in TECHNICAL), message


# --- the PDF check and the signature check ------------------------------------------------------


@by_name(PDFS)
def test_pdf_check_refuses_or_counts_never_raises_anything_else(case: HostilePdf) -> None:
    try:
        pages = pdf_check(case.data)
    except PdfCheckError as exc:
        assert case.outcome in ("refused", "either"), str(exc)
        assert_plain_dutch(str(exc))
    else:
        assert case.outcome in ("accepted", "either")
        assert 1 <= pages <= pdf.PDF_MAX_PAGES


@pytest.mark.parametrize(
    "name, expected",
    [
        ("encrypt-unknown-version", pdf.ENCRYPTED),
        ("rc4-no-password", pdf.ENCRYPTED),
        ("aes256-password", pdf.ENCRYPTED),
        ("zero-bytes", pdf.EMPTY),
        ("html-named-pdf", pdf.NOT_PDF),
        ("zero-pages", pdf.NO_PAGES),
        ("pages-too-many", pdf.TOO_MANY_PAGES),
        ("pages-self-reference", pdf.UNREADABLE),
        ("object-stream-bomb", pdf.UNREADABLE),
    ],
)
def test_pdf_check_says_why(name: str, expected: str) -> None:
    case = next(c for c in PDFS if c.name == name)
    with pytest.raises(PdfCheckError) as refused:
        pdf_check(case.data)
    assert str(refused.value) == expected


@pytest.mark.parametrize(
    "error",
    [
        NotImplementedError("Encryption V=9 NOT supported"),
        PdfReadError("Cannot find Root object"),
        PdfStreamError("Stream has ended unexpectedly"),
        LimitReachedError("Limit reached while decompressing"),
        FileNotDecryptedError("File has not been decrypted"),
        DependencyError("cryptography>=3.1 is required for AES algorithm"),
        RecursionError("maximum recursion depth exceeded"),
        ValueError("invalid literal"),
        KeyError("/Pages"),
        TypeError("'NoneType' object is not subscriptable"),
        AssertionError(),
        OverflowError("cannot fit 'int' into an index-sized integer"),
        IndexError("list index out of range"),
        AttributeError("'NullObject' has no attribute 'get'"),
        MemoryError(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_error_of_the_pdf_reader_is_a_dutch_refusal(
    error: Exception, monkeypatch: Any
) -> None:
    """pypdf versions differ in what they raise: whatever it is, the user reads Dutch."""

    def reader(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(pdf, "PdfReader", reader)
    with pytest.raises(PdfCheckError) as refused:
        pdf_check(make_pdf())
    assert str(refused.value) == pdf.UNREADABLE
    with pytest.raises(PdfCheckError) as refused:
        pdf_check(next(c for c in PDFS if c.name == "rc4-no-password").data)
    assert str(refused.value) == pdf.ENCRYPTED  # an /Encrypt entry names the likely cause


@by_name(PDFS)
def test_signature_check_never_raises(case: HostilePdf) -> None:
    finding = inspect_pdf(case.data, trust_roots=())
    assert finding.status in ("signed", "unsigned", "unreadable")
    assert all(s.unreadable or not s.valid for s in finding.signatures)
    assert all("\x00" not in s.field_name for s in finding.signatures)


@pytest.mark.parametrize(
    "error", [RecursionError(), NotImplementedError(), AssertionError(), MemoryError()]
)
def test_signature_check_survives_any_reader_error(error: Exception, monkeypatch: Any) -> None:
    import pyhanko.pdf_utils.reader

    def reader(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(pyhanko.pdf_utils.reader, "PdfFileReader", reader)
    finding = inspect_pdf(make_pdf(), trust_roots=())
    assert finding.status == "unreadable"
    assert finding.detail == type(error).__name__

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(validation, "_inspect", broken)
    assert inspect_pdf(make_pdf(), trust_roots=()).status == "unreadable"


# --- through the API, the page and the intake ---------------------------------------------------


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@by_name(PDFS)
def test_api_upload_is_201_or_a_dutch_400(
    case: HostilePdf, applicant: APIClient, application: MandateApplication
) -> None:
    response = applicant.post(
        f"/api/v1/mandate-applications/{application.pk}/evidence/",
        {"condition": "results", "file": upload(f"{case.name}.pdf", case.data)},
        format="multipart",
    )
    if case.outcome == "accepted" or (case.outcome == "either" and response.status_code == 201):
        assert response.status_code == 201, response.content
        assert Evidence.objects.filter(application=application).count() == 1
        return
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert list(body["errors"]) == ["file"]
    assert_plain_dutch(body["errors"]["file"][0])
    assert not Evidence.objects.exists()


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], organisation: Organisation) -> Client:
    client.force_login(make_user("applicant", organisation))
    return client


@by_name(PDFS)
def test_page_upload_shows_a_dutch_form_error(
    case: HostilePdf, staff: Client, application: MandateApplication
) -> None:
    url = reverse("applicant:evidence_add", args=[application.pk])
    response = staff.post(
        url, {"condition": "results", "file": upload(f"{case.name}.pdf", case.data)}
    )
    if response.status_code == 302:
        assert case.outcome in ("accepted", "either")
        assert Evidence.objects.filter(application=application).count() == 1
        return
    assert case.outcome in ("refused", "either")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is een probleem" in html
    shown = [m for m in DUTCH_MESSAGES if m.replace("'", "&#x27;") in html]
    assert shown, html[:2000]
    assert "Error" not in html and "%PDF" not in html
    assert not Evidence.objects.exists()


@by_name(PDFS)
def test_intake_attachment_is_listed_with_a_dutch_reason(
    case: HostilePdf, reviewer: APIClient, application: MandateApplication
) -> None:
    raw = with_attachment(
        f"<{case.name}@example.org>",
        pdf_part(b'filename="resultaten.pdf"', case.data),
        subject=f"{SUBJECT} {application.reference}",
    )
    response = reviewer.post("/api/v1/intake/emails/", raw, content_type="message/rfc822")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "matched"
    assert body["application"] == application.pk
    [attachment] = body["attachments"]
    if attachment["stored"]:
        assert case.outcome in ("accepted", "either")
    else:
        assert case.outcome in ("refused", "either")
        assert_plain_dutch(attachment["reason"])
        assert not Evidence.objects.exists()


# --- e-mail messages ----------------------------------------------------------------------------


@by_name(MAILS)
def test_message_is_parsed_or_malformed_never_an_error(case: HostileMail) -> None:
    try:
        parsed = parse_email(case.raw)
    except MalformedEmail as exc:
        assert exc.detail
        return
    texts = [parsed.message_id, parsed.sender, parsed.subject]
    texts += [a.filename for a in parsed.attachments] + [a.description for a in parsed.attachments]
    for text in texts:
        assert not any(ch in text for ch in "\x00\r\n\u202e"), text
    for attachment in parsed.attachments:
        assert "/" not in attachment.filename and "\\" not in attachment.filename


@by_name(MAILS)
def test_message_through_the_api_is_stored_and_shown_to_a_reviewer(
    case: HostileMail, reviewer: APIClient, make_user: Callable[..., User], client: Client
) -> None:
    response = reviewer.post("/api/v1/intake/emails/", case.raw, content_type="message/rfc822")
    assert response.status_code == 201, response.content
    email = IncomingEmail.objects.get()
    assert email.raw_size == len(case.raw)
    assert email.sha256 == hashlib.sha256(case.raw).hexdigest()
    with email.raw.open("rb") as handle:
        assert handle.read() == case.raw
    assert email.status in ("matched", "unmatched", "malformed")
    assert "\x00" not in email.message_id + email.subject + email.from_address
    again = reviewer.post("/api/v1/intake/emails/", case.raw, content_type="message/rfc822")
    assert again.status_code == 200 and IncomingEmail.objects.count() == 1

    client.force_login(make_user("reviewer"))
    assert client.get(reverse("reviewer:intake_queue")).status_code == 200
    page = client.get(reverse("reviewer:intake_email", args=[email.pk]))
    assert page.status_code == 200


@pytest.mark.parametrize(
    "error",
    [RecursionError(), NotImplementedError(), AssertionError(), MemoryError(), OverflowError()],
    ids=lambda e: type(e).__name__,
)
def test_every_error_of_the_email_parser_is_malformed(error: Exception, monkeypatch: Any) -> None:
    class Parser:
        def __init__(self, **kwargs: Any) -> None:
            pass

        def parsebytes(self, raw: bytes, headersonly: bool = False) -> Any:
            raise error

    monkeypatch.setattr(parser, "BytesParser", Parser)
    with pytest.raises(MalformedEmail) as malformed:
        parse_email(b"From: a@b.be\r\nMessage-ID: <x@y>\r\n\r\nx")
    assert type(error).__name__ in malformed.value.detail


def test_deep_nesting_and_long_headers_are_refused_quickly() -> None:
    deep = next(m for m in MAILS if m.name == "nested-multipart-deep").raw
    with pytest.raises(MalformedEmail, match="geneste delen"):
        parse_email(deep)
    words = b"From: a@b.be\r\nMessage-ID: <w@y>\r\nSubject: " + b"A " * 500_000 + b"\r\n\r\nx"
    with pytest.raises(MalformedEmail, match="kopregel"):
        parse_email(words)
    # A long header the intake never interprets does not make a message malformed.
    references = b"From: a@b.be\r\nMessage-ID: <r@y>\r\nReferences: " + b"<a@b> " * 5000
    assert parse_email(references + b"\r\n\r\nx").message_id == "<r@y>"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\x.pdf", "x.pdf"),
        ("C:x.pdf", "x.pdf"),
        ("factuur\u202efdp.exe", "factuurfdp.exe"),
        ("a\x00b\r\nc.pdf", "ab c.pdf"),
        ("..", "bestand"),
        ("", "bestand"),
        (None, "bestand"),
        ("Kwaliteitshandboek 2025 (versie 2).pdf", "Kwaliteitshandboek 2025 (versie 2).pdf"),
        ("é" * 300 + ".pdf", "é" * 255),
    ],
)
def test_clean_filename(name: Any, expected: str) -> None:
    assert clean_filename(name) == expected


def test_hostile_attachment_name_is_stored_clean_and_downloads(
    reviewer: APIClient, application: MandateApplication
) -> None:
    raw = with_attachment(
        "<naam@example.org>",
        pdf_part(b"filename*=utf-8''..%2F..%2Fkwaliteit%E2%80%AEfdp%00%0D%0A.pdf", make_pdf()),
        subject=f"{SUBJECT} {application.reference}",
    )
    response = reviewer.post("/api/v1/intake/emails/", raw, content_type="message/rfc822")
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get()
    assert evidence.original_name == "kwaliteitfdp .pdf"
    download = reviewer.get(
        f"/api/v1/mandate-applications/{application.pk}/evidence/{evidence.pk}/file/"
    )
    assert download.status_code == 200
    assert "\n" not in download["Content-Disposition"]
