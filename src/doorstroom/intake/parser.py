"""Raw RFC 5322 bytes → the facts the intake needs (standard `email` package, default policy)."""

from __future__ import annotations

import email.errors
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")

# Defects that mean the MIME structure cannot be trusted at all.
_FATAL_DEFECTS = (
    email.errors.NoBoundaryInMultipartDefect,
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
)
_PARSE_ERRORS = (
    email.errors.MessageError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    IndexError,
    UnicodeError,
)


class MalformedEmail(Exception):
    """The bytes are not a readable e-mail message; `detail` says why (Dutch)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str
    sender: str
    subject: str
    date: date | None
    body: str
    attachments: list[Attachment] = field(default_factory=list)


def synthetic_message_id(raw: bytes) -> str:
    """A stable stand-in when the message has no (readable) Message-ID: same bytes, same id."""
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@intake.doorstroom>"


def _brussels_date(message: Message) -> date | None:
    header = message.get("Date")
    if header is None:
        return None
    try:
        moment: datetime | None = getattr(header, "datetime", None)
    except _PARSE_ERRORS:
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:  # "-0000": the sender's zone is unknown; read it as UTC
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(BRUSSELS).date()


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except _PARSE_ERRORS:
        return ""
    return content if isinstance(content, str) else ""


def _attachments(message: EmailMessage) -> list[Attachment]:
    found: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if not filename and not part.is_attachment():
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            data = b""
        found.append(
            Attachment(
                filename=str(filename or "bijlage"),
                content_type=part.get_content_type(),
                data=data,
                description=str(part.get("Content-Description") or ""),
            )
        )
    return found


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse the raw message; raise MalformedEmail when it has no headers or no usable MIME."""
    if not raw or not raw.strip():
        raise MalformedEmail("Het bericht is leeg.")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    except _PARSE_ERRORS as exc:
        raise MalformedEmail(f"Het bericht is niet te lezen ({type(exc).__name__}).") from exc
    if not isinstance(message, EmailMessage):
        raise MalformedEmail("Het bericht is niet te lezen.")
    try:
        if not message.keys() or not (message.get("From") or message.get("Message-ID")):
            raise MalformedEmail("Het bericht heeft geen geldige kopregels (From, Message-ID).")
        defects = [d for part in message.walk() for d in part.defects]
        fatal = [d for d in defects if isinstance(d, _FATAL_DEFECTS)]
        if fatal:
            raise MalformedEmail(f"De MIME-structuur is ongeldig ({type(fatal[0]).__name__}).")
        message_id = str(message.get("Message-ID") or "").strip() or synthetic_message_id(raw)
        sender = parseaddr(str(message.get("From") or ""))[1].strip().lower()
        subject = " ".join(str(message.get("Subject") or "").split())
        return ParsedEmail(
            message_id=message_id[:500],
            sender=sender[:320],
            subject=subject,
            date=_brussels_date(message),
            body=_body(message),
            attachments=_attachments(message),
        )
    except _PARSE_ERRORS as exc:
        raise MalformedEmail(f"Het bericht is niet te lezen ({type(exc).__name__}).") from exc
