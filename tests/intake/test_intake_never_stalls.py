"""The mailbox never stalls: one bad message is queued with its reason, the run goes on.

Each message is ingested in its own transaction; a message that cannot be processed for any
reason is stored (raw bytes, SHA-256) in the reviewer's queue; reading the same folder again
changes nothing. The hostile messages come from tests/security/hostile_files.py.
"""

from __future__ import annotations

import hashlib
import mailbox
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError

from doorstroom.accounts.models import User
from doorstroom.common.errors import StateConflict
from doorstroom.intake import services
from doorstroom.intake.models import IncomingEmail
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Evidence, MandateApplication, Receipt
from doorstroom.organisations.models import Organisation
from tests.conftest import SUBJECT, make_pdf
from tests.intake.test_intake_email import make_eml
from tests.security.hostile_files import mail_corpus, pdf_part, unknown_encryption, with_attachment
from tests.web.test_web_applicant_pages import draft_application

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def first(organisation: Organisation) -> MandateApplication:
    return draft_application(organisation)


@pytest.fixture
def second(other_organisation: Organisation) -> MandateApplication:
    return draft_application(other_organisation)


def good(application: MandateApplication, number: int) -> bytes:
    return make_eml(
        subject=f"{SUBJECT} {application.reference}",
        message_id=f"<goed{number}@example.org>",
        attachments=[("resultaten.pdf", "application/pdf", make_pdf())],
    )


def poison(application: MandateApplication) -> bytes:
    """The message that stopped the intake: a PDF with an unknown encryption version."""
    return with_attachment(
        "<gif@example.org>",
        pdf_part(b'filename="kwaliteit.pdf"', unknown_encryption()),
        subject=f"{SUBJECT} {application.reference}",
    )


def as_eml_dir(tmp_path: Path, messages: list[bytes]) -> list[str]:
    folder = tmp_path / "eml"
    folder.mkdir(exist_ok=True)
    for number, raw in enumerate(messages):
        (folder / f"{number:02d}.eml").write_bytes(raw)
    return ["--eml-dir", str(folder)]


def as_maildir(tmp_path: Path, messages: list[bytes]) -> list[str]:
    box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    for raw in messages:
        box.add(raw)
    return ["--maildir", str(tmp_path / "Maildir")]


FOLDERS = pytest.mark.parametrize("folder", [as_eml_dir, as_maildir], ids=["eml-dir", "maildir"])


def run(args: list[str], capsys: Any) -> str:
    call_command("intake_mailbox", *args)  # raises (exit code 1) when a run fails
    return str(capsys.readouterr().out)


@FOLDERS
def test_poison_pdf_between_two_good_messages(
    folder: Callable[..., list[str]],
    tmp_path: Path,
    capsys: Any,
    first: MandateApplication,
    second: MandateApplication,
) -> None:
    messages = [good(first, 1), poison(first), good(second, 2)]
    out = run(folder(tmp_path, messages), capsys)
    assert "klaar: matched=3" in out
    assert Receipt.objects.filter(application=first).count() == 2  # the poison one's too
    assert Receipt.objects.filter(application=second).count() == 1
    assert Evidence.objects.filter(application=first).count() == 1
    assert Evidence.objects.filter(application=second).count() == 1
    stored = IncomingEmail.objects.get(message_id="<gif@example.org>")
    with stored.raw.open("rb") as handle:
        assert handle.read() == messages[1]
    assert stored.sha256 == hashlib.sha256(messages[1]).hexdigest()
    [attachment] = stored.attachments
    assert attachment["stored"] is False
    assert "beveiligd met een wachtwoord of versleuteld" in attachment["reason"]
    # The same folder again changes nothing.
    out = run(folder(tmp_path, []), capsys)
    assert "klaar: duplicate=3" in out
    assert IncomingEmail.objects.count() == 3 and Receipt.objects.count() == 3


@FOLDERS
def test_unexpected_failure_is_queued_with_its_reason(
    folder: Callable[..., list[str]],
    tmp_path: Path,
    capsys: Any,
    first: MandateApplication,
    second: MandateApplication,
    monkeypatch: Any,
) -> None:
    """Whatever breaks (here: the matching raises for one message), the run goes on."""
    real_match = services._match

    def match(parsed: Any, notes: list[str]) -> Any:
        if parsed.message_id == "<kapot@example.org>":
            raise RuntimeError("een fout die niemand voorzag")
        return real_match(parsed, notes)

    monkeypatch.setattr(services, "_match", match)
    broken = make_eml(subject=f"{SUBJECT} {first.reference}", message_id="<kapot@example.org>")
    out = run(folder(tmp_path, [good(first, 1), broken, good(second, 2)]), capsys)
    assert "matched=2" in out and "unmatched=1" in out
    queued = IncomingEmail.objects.get(message_id="<kapot@example.org>")
    assert queued.status == "unmatched"
    assert queued.reason.startswith("Verwerking mislukt (technische fout RuntimeError)")
    assert queued.sha256 == hashlib.sha256(broken).hexdigest()
    assert Receipt.objects.count() == 2
    out = run(folder(tmp_path, []), capsys)
    assert "klaar: duplicate=3" in out


def test_failure_after_writes_rolls_back_only_that_message(
    first: MandateApplication, monkeypatch: Any
) -> None:
    """The receipt written before the failure is rolled back with it; the message is kept."""
    real_store = services._store_attachments

    def store(**kwargs: Any) -> Any:
        real_store(**kwargs)
        raise KeyError("boem")

    monkeypatch.setattr(services, "_store_attachments", store)
    email = services.email_ingest(raw=good(first, 1), received_by=None, today=TODAY)
    assert email.status == "unmatched" and "KeyError" in email.reason
    assert not Receipt.objects.exists() and not Evidence.objects.exists()
    assert email.attachments == [
        {"name": "resultaten.pdf", "stored": False, "reason": "Bericht niet verwerkt."}
    ]


def test_one_failing_attachment_does_not_stop_the_others(
    first: MandateApplication, monkeypatch: Any
) -> None:
    real_add = mandates.evidence_add

    def add(**kwargs: Any) -> Any:
        if kwargs["original_name"] == "kwaliteit.pdf":
            raise RuntimeError("stuk")
        return real_add(**kwargs)

    monkeypatch.setattr(mandates, "evidence_add", add)
    raw = make_eml(
        subject=f"{SUBJECT} {first.reference}",
        attachments=[
            ("kwaliteit.pdf", "application/pdf", make_pdf()),
            ("resultaten.pdf", "application/pdf", make_pdf()),
        ],
    )
    email = services.email_ingest(raw=raw, received_by=None, today=TODAY)
    assert email.status == "matched"
    broken, fine = email.attachments
    assert broken["stored"] is False and "technische fout RuntimeError" in broken["reason"]
    assert fine["stored"] is True
    assert Evidence.objects.get().condition == "results"


def test_attaching_by_hand_that_fails_again_is_a_conflict(
    first: MandateApplication, make_user: Callable[..., User], monkeypatch: Any
) -> None:
    email = services.email_ingest(
        raw=make_eml(subject="Vraag", message_id="<hand@example.org>"), received_by=None
    )
    assert email.status == "unmatched"

    def process(**kwargs: Any) -> None:
        raise RuntimeError("opnieuw stuk")

    monkeypatch.setattr(services, "_process", process)
    with pytest.raises(StateConflict, match="technische fout RuntimeError"):
        services.email_attach(email=email, application=first, user=make_user("reviewer"))
    email.refresh_from_db()
    assert email.status == "unmatched"


def test_database_down_stops_the_run(tmp_path: Path, monkeypatch: Any) -> None:
    def down(**kwargs: Any) -> Any:
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(services, "_ingest", down)
    with pytest.raises(OperationalError):
        services.email_ingest(raw=make_eml(), received_by=None)
    with pytest.raises(CommandError, match="databank"):
        call_command("intake_mailbox", *as_eml_dir(tmp_path, [make_eml()]))


@FOLDERS
def test_every_hostile_message_in_one_folder(
    folder: Callable[..., list[str]],
    tmp_path: Path,
    capsys: Any,
    first: MandateApplication,
    second: MandateApplication,
) -> None:
    """Malformed MIME, unknown charsets, no Message-ID, 0 bytes, huge and long headers, nested
    messages, broken base64, path traversal and right-to-left names: all stored, exit 0."""
    hostile = [m.raw for m in mail_corpus()]
    messages = [good(first, 1), *hostile, good(second, 2)]
    out = run(folder(tmp_path, messages), capsys)
    assert "klaar:" in out and "not_stored" not in out
    distinct = {hashlib.sha256(raw).hexdigest() for raw in messages}
    assert set(IncomingEmail.objects.values_list("sha256", flat=True)) <= distinct
    assert Receipt.objects.filter(application=first).exists()
    assert Receipt.objects.filter(application=second).exists()
    assert IncomingEmail.objects.filter(status="malformed").exists()
    for email in IncomingEmail.objects.all():
        assert email.reason or email.status == "matched"
    before = IncomingEmail.objects.count()
    run(folder(tmp_path, []), capsys)
    assert IncomingEmail.objects.count() == before


def test_unreadable_or_oversized_file_is_reported_and_skipped(
    tmp_path: Path, capsys: Any, settings: Any, first: MandateApplication
) -> None:
    settings.INTAKE_MAX_BYTES = 5000
    args = as_eml_dir(tmp_path, [make_eml(message_id="<groot@x>", body="x" * 6000), good(first, 1)])
    (tmp_path / "eml" / "10.eml").mkdir()  # a folder named .eml: cannot be read as a file
    call_command("intake_mailbox", *args)
    captured = capsys.readouterr()
    assert "00.eml: niet gelezen" in captured.err and "10.eml: niet gelezen" in captured.err
    assert "matched=1" in captured.out and "not_read=2" in captured.out
    assert IncomingEmail.objects.count() == 1
