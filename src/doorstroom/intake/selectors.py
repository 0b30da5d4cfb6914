"""Reads of the e-mail intake: the reviewer's queue of messages waiting to be attached (R14)."""

from __future__ import annotations

from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

from django.db.models import QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.intake.models import IncomingEmail, IntakeStatus
from doorstroom.intake.parser import MalformedEmail, ParsedEmail, parse_email
from doorstroom.intake.services import _is_pdf

#: The statuses that wait for a reviewer: unmatched (attach by hand) and malformed (look at it).
WAITING = (IntakeStatus.UNMATCHED, IntakeStatus.MALFORMED)


def incoming_email_list_for_user(user: User) -> QuerySet[IncomingEmail]:
    """Reviewers and admins see every incoming message; other roles none."""
    queryset = IncomingEmail.objects.select_related("application")
    if user.role not in (Role.REVIEWER, Role.ADMIN):
        queryset = queryset.none()
    return queryset


def incoming_email_queue_for_user(user: User) -> QuerySet[IncomingEmail]:
    """Messages waiting for a reviewer, newest first (one query per page)."""
    return (
        incoming_email_list_for_user(user)
        .filter(status__in=WAITING)
        .defer("raw")
        .order_by("-created_at", "-id")
    )


def incoming_email_waiting_count(user: User) -> int:
    """How many messages wait to be attached by hand (the inbox shows it)."""
    return incoming_email_list_for_user(user).filter(status=IntakeStatus.UNMATCHED).count()


@dataclass(frozen=True)
class AttachmentView:
    name: str
    content_type: str
    size: int
    is_pdf: bool


@dataclass(frozen=True)
class EmailView:
    """What the detail page shows of the stored raw message."""

    parsed: ParsedEmail | None
    to: str
    attachments: list[AttachmentView]
    problem: str = ""


def incoming_email_view(email: IncomingEmail) -> EmailView:
    """Parse the stored raw message again for display; a malformed one shows why."""
    try:
        with email.raw.open("rb") as handle:
            raw = handle.read()
    except OSError:
        return EmailView(parsed=None, to="", attachments=[], problem="Het ruwe bericht ontbreekt.")
    try:
        parsed = parse_email(raw)
    except MalformedEmail as exc:
        return EmailView(parsed=None, to="", attachments=[], problem=exc.detail)
    try:
        headers = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        to = " ".join(str(headers.get("To") or "").split())
    except (ValueError, TypeError, LookupError, AttributeError, IndexError):
        to = ""
    return EmailView(
        parsed=parsed,
        to=to[:320],
        attachments=[
            AttachmentView(
                name=a.filename, content_type=a.content_type, size=len(a.data), is_pdf=_is_pdf(a)
            )
            for a in parsed.attachments
        ],
    )
