"""Raw RFC 5322 bytes → the facts the intake needs (standard `email` package, default policy).

The bytes come from anyone who can send an e-mail: whatever the `email` package raises on them
(its own errors, but also RecursionError for deeply nested parts, LookupError for an unknown
charset, ...) becomes MalformedEmail, and every text taken from the message loses its control
and bidirectional characters (NUL is refused by PostgreSQL and its JSON; CR/LF would split an
HTTP header; a right-to-left override disguises a file name).
"""

from __future__ import annotations

import email.errors
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from doorstroom.common.uploads import clean_filename

BRUSSELS = ZoneInfo("Europe/Brussels")

# Defects that mean the MIME structure cannot be trusted at all.
_FATAL_DEFECTS = (
    email.errors.NoBoundaryInMultipartDefect,
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
)
# What reading one header or part may raise; a failure there loses only that header or part.
_PARSE_ERRORS = (
    email.errors.MessageError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    IndexError,
    UnicodeError,
    AssertionError,
    NotImplementedError,
)


#: More nested parts than any real message has; the `email` parser's time grows with the square
#: of the nesting (1500 levels take seconds), so such a message is refused before parsing.
MAX_NESTED_PARTS = 200
_NESTING = re.compile(rb"boundary\s*=|message/rfc822", re.IGNORECASE)
#: The default policy's header parser takes time that grows with the square of a header's
#: words (a 1 MB Subject of "A A A ..." took 200 s; a Content-Type of 3200 parameters 5 s).
#: The headers it interprets (the intake's and the MIME ones) are limited to this length;
#: others (References, Received, DKIM-Signature, ...) are never interpreted.
MAX_HEADER_CHARS = 4 * 1024
INTERPRETED_HEADERS = frozenset(
    {
        "from",
        "to",
        "subject",
        "message-id",
        "date",
        "content-type",
        "content-disposition",
        "content-transfer-encoding",
        "content-description",
    }
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


def clean_text(value: object) -> str:
    """One line of text from a header: control and format characters out, spaces collapsed."""
    kept = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch for ch in str(value or "")
    )
    return " ".join(kept.split())


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
        try:
            data = part.get_payload(decode=True)
        except _PARSE_ERRORS:  # a broken transfer encoding: the attachment is kept empty
            data = b""
        if not isinstance(data, bytes):
            data = b""
        found.append(
            Attachment(
                filename=clean_filename(filename, "bijlage"),
                content_type=clean_text(part.get_content_type())[:100],
                data=data,
                description=clean_text(part.get("Content-Description"))[:500],
            )
        )
    return found


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse the raw message; raise MalformedEmail when it has no headers or no usable MIME."""
    if not raw or not raw.strip():
        raise MalformedEmail("Het bericht is leeg.")
    if any(n > MAX_NESTED_PARTS for n, _ in enumerate(_NESTING.finditer(raw), 1)):
        raise MalformedEmail(f"Het bericht heeft meer dan {MAX_NESTED_PARTS} geneste delen.")
    try:
        if _header_too_long(raw):
            raise MalformedEmail(f"Een kopregel is langer dan {MAX_HEADER_CHARS} tekens.")
        return _parse(raw)
    except MalformedEmail:
        raise
    except Exception as exc:  # untrusted input: any failure of the parser (RecursionError, ...)
        raise MalformedEmail(f"Het bericht is niet te lezen ({type(exc).__name__}).") from exc


def _header_too_long(raw: bytes) -> bool:
    """The interpreted headers of every part, measured on a quick parse (compat32) that does
    not interpret them."""
    message = BytesParser(policy=policy.compat32).parsebytes(raw)
    return any(
        len(str(value)) > MAX_HEADER_CHARS
        for part in message.walk()
        for name, value in part.raw_items()
        if str(name).lower() in INTERPRETED_HEADERS
    )


def _parse(raw: bytes) -> ParsedEmail:
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
        message_id = clean_text(message.get("Message-ID")) or synthetic_message_id(raw)
        sender = clean_text(parseaddr(str(message.get("From") or ""))[1]).lower()
        subject = clean_text(message.get("Subject"))
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
