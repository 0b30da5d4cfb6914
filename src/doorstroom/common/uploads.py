"""Uploads from strangers: refused by size before the body is read, and names made harmless.

A view that takes a file declares its limit (``upload_limit``); `UploadLimitMiddleware` then

- refuses a request whose Content-Length is above the limit (plus a little room for the other
  form fields) before a byte of the body is read: 413, problem+json under /api/, a Dutch page
  elsewhere;
- refuses a body without a usable Content-Length (a chunked upload; Django under WSGI would
  read it as empty anyway): 411 in the same shapes;
- puts `LimitedUploadHandler` first for multipart bodies and parses them at once, so a file
  part that passes the limit mid-stream stops the upload there (``StopUpload``, the rest of the
  body is not read) and the request is refused in the same way, before the view or the CSRF
  check could stream it to a temporary file.

The middleware sits before CsrfViewMiddleware, whose check is the first to read ``request.POST``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

#: Room for the non-file fields of a multipart upload (condition, description, CSRF token,
#: part headers): a body may be this much larger than the file limit.
MULTIPART_ROOM = 64 * 1024
BODY_METHODS = ("POST", "PUT", "PATCH")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class UploadLimit:
    """The largest body a view accepts: the setting named, read per request (tests change it)."""

    setting: str
    default: int
    multipart: bool = True
    field: str = "file"  # the problem's `errors` key ("" for none)
    what: str = "file"  # "file" or "message": chooses the Dutch wording

    def file_bytes(self) -> int:
        return int(getattr(settings, self.setting, self.default))

    def body_bytes(self) -> int:
        return self.file_bytes() + (MULTIPART_ROOM if self.multipart else 0)


#: Evidence PDFs (the API and the applicant's page).
EVIDENCE_UPLOAD = UploadLimit("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)


def schema_responses() -> dict[Any, Any]:
    """413 and 411 problem+json answers of an upload operation (OpenAPI)."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiResponse

    problem_json = "application/problem+json"
    return {
        (413, problem_json): OpenApiResponse(
            OpenApiTypes.OBJECT, description="Te groot: geweigerd voor de inhoud gelezen wordt."
        ),
        (411, problem_json): OpenApiResponse(
            OpenApiTypes.OBJECT, description="Geen Content-Length (chunked): geweigerd."
        ),
    }


def upload_limit(limit: UploadLimit) -> Callable[[F], F]:
    """Declare the upload limit of a function view (kept through functools.wraps)."""

    def decorate(view: F) -> F:
        view.upload_limit = limit  # type: ignore[attr-defined]
        return view

    return decorate


def _limit_of(view_func: Callable[..., Any]) -> UploadLimit | None:
    limit = getattr(view_func, "upload_limit", None)
    if limit is None:  # a class-based view (DRF): the attribute is on the class
        limit = getattr(getattr(view_func, "view_class", None), "upload_limit", None)
    return limit if isinstance(limit, UploadLimit) else None


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file part and stops the upload once they pass the limit."""

    def __init__(self, limit: int, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)  # the rest of the body is not read
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def size_text(limit: int) -> str:
    """20 MB, or 900 kB below a megabyte (a test or a strict configuration)."""
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{max(1, limit // 1024)} kB"


def _message(limit: UploadLimit, reason: str) -> str:
    size = size_text(limit.file_bytes())
    if reason == "length":
        return _(
            "De grootte van de upload is niet opgegeven; stuur het bestand opnieuw, in één keer."
        )
    if reason == "unreadable":
        return _("De upload kon niet gelezen worden; stuur het formulier opnieuw.")
    if limit.what == "message":
        return _("Het bericht is te groot: hoogstens %(size)s.") % {"size": size}
    return _("Het bestand is te groot: hoogstens %(size)s.") % {"size": size}


def refusal(request: HttpRequest, limit: UploadLimit, reason: str) -> HttpResponse:
    """413 (too large), 411 (no length) or 400 (unreadable): problem+json or a Dutch page."""
    from doorstroom.common.api.problems import PROBLEM_CONTENT_TYPE, problem

    status, kind, title = {
        "size": (413, "payload-too-large", "Content Too Large"),
        "length": (411, "length-required", "Length Required"),
        "unreadable": (400, "bad-request", "Bad Request"),
    }[reason]
    detail = _message(limit, reason)
    if request.path.startswith("/api/"):
        errors = {limit.field: [detail]} if limit.field else None
        body = problem(status, title, detail, kind=kind, errors=errors)
        response: HttpResponse = JsonResponse(
            body, status=status, content_type=PROBLEM_CONTENT_TYPE
        )
    else:
        html = render_to_string(
            "web/upload_refused.html", {"detail": detail, "back": request.path}, request=request
        )
        response = HttpResponse(html, status=status)
    response["Connection"] = "close"  # the unread body must not be taken for the next request
    return response


def _content_length(request: HttpRequest) -> int | None:
    value = request.META.get("CONTENT_LENGTH")
    if value in (None, ""):
        return None
    try:
        length = int(str(value))
    except ValueError:
        return None
    return length if length >= 0 else None


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        limit = _limit_of(view_func)
        if limit is None or request.method not in BODY_METHODS:
            return None
        length = _content_length(request)
        if length is None:
            if request.META.get("HTTP_TRANSFER_ENCODING"):  # chunked: size unknown up front
                return refusal(request, limit, "length")
            return None  # no body at all: the view says what is missing
        if length > limit.body_bytes():
            return refusal(request, limit, "size")
        if not limit.multipart or not (request.content_type or "").startswith("multipart/"):
            return None
        handler = LimitedUploadHandler(limit.file_bytes(), request)
        request.upload_handlers.insert(0, handler)
        try:
            request.POST  # noqa: B018 - parse now, under the limit
        except RequestDataTooBig:  # the other fields together above DATA_UPLOAD_MAX_MEMORY_SIZE
            return refusal(request, limit, "size")
        except (MultiPartParserError, TooManyFieldsSent, TooManyFilesSent, UnreadablePostError):
            return refusal(request, limit, "unreadable")
        if handler.exceeded:
            return refusal(request, limit, "size")
        return None


def clean_filename(name: object, default: str = "bestand") -> str:
    """The last part of a sender's file name, without control or bidirectional characters.

    ``../../x.pdf`` becomes ``x.pdf``; ``factuur\\u202efdp.exe`` loses the right-to-left override
    that would show it as ``factuurexe.pdf``; NUL, CR and LF (which PostgreSQL text, JSON and
    HTTP headers refuse) are dropped. Files are stored under their checksum, never this name.
    """
    kept = []
    for ch in str(name or ""):
        if ch in "\t\r\n":
            kept.append(" ")
        elif not unicodedata.category(ch).startswith("C"):  # control, format (bidi), unassigned
            kept.append(ch)
    text = "".join(kept)
    text = PureWindowsPath(PurePosixPath(text).name).name
    text = " ".join(text.split()).strip(". ")
    return text[:255] or default
