"""Hostile input, answered at one depth for the API and the pages (docs/security.md, T9, T3).

- :func:`domain_error_for` turns the errors hostile values cause deep inside (a parameter not in
  force on a date from 1321, a date computation past year 9999, an integer the database driver
  cannot bind, a request with too many fields) into the domain error the client should have
  got. The API's error handler (``common/api/problems.py``) and :class:`HostileInputMiddleware`
  (pages) both use it, so every service is covered without a check of its own.
- :class:`HostileInputMiddleware`: a national number in a URL or query string is refused before
  any view or log sees it (400 ``national_number_in_url``); unmatched paths under ``/api/``
  answer problem+json even where Django would render HTML (404/405/400, DEBUG or not); every
  API response and every page for a signed-in user carries ``Cache-Control: no-store``.
- :class:`MaskNationalNumbers`: a logging filter that masks national numbers in the records of
  the request loggers (the development server logs the whole request line).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from urllib.parse import unquote_plus

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers
from stdnum.be import nn

from doorstroom.common.converters import ID_MAX
from doorstroom.common.errors import DateOutOfRange, DomainError, InvalidInput
from doorstroom.rules import dates
from doorstroom.rules.params import ParameterNotInForce
from doorstroom.rules.reasons import reason

API_PREFIX = "/api/"
PROBLEM_CONTENT_TYPE = "application/problem+json"

#: 11 digits, alone or grouped as yy.mm.dd-nnn.cc (dots, dashes or spaces between groups).
NATIONAL_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])"
    r"(\d{2})([. ]?)(\d{2})[. ]?(\d{2})([-. ]?)(\d{3})[. ]?(\d{2})"
    r"(?![0-9A-Za-z])"
)
_DATE_OVERFLOW = re.compile(r"^(date value out of range|year -?\d+ is out of range)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

logger = logging.getLogger("doorstroom.hostile")


# --- national numbers ---------------------------------------------------------------------


def _is_national_number(match: re.Match[str]) -> bool:
    """A valid checksum, or the separated spelling yy.mm.dd-nnn.cc (a number, even mistyped)."""
    digits = "".join(match.group(1, 3, 4, 6, 7))
    return bool(match.group(2) and match.group(5)) or nn.is_valid(digits)


def contains_national_number(text: str) -> bool:
    return any(_is_national_number(m) for m in NATIONAL_NUMBER.finditer(text))


def mask_national_numbers(text: str) -> str:
    """``text`` with every national number cut to its birth date (``85.07.30-***.**``)."""

    def cut(match: re.Match[str]) -> str:
        if not _is_national_number(match):
            return match.group(0)
        return f"{match.group(1)}.{match.group(3)}.{match.group(4)}-***.**"

    return NATIONAL_NUMBER.sub(cut, text)


def _url_text(request: HttpRequest) -> str:
    return unquote_plus(request.path) + "?" + unquote_plus(request.META.get("QUERY_STRING", ""))


class MaskNationalNumbers(logging.Filter):
    """Masks national numbers in a record's message (installed on the request loggers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a badly formatted record is left to the handler
            return True
        if NATIONAL_NUMBER.search(text) and contains_national_number(text):
            record.msg, record.args = mask_national_numbers(text), None
        return True


#: Loggers that write request lines or paths (Django's and gunicorn's).
REQUEST_LOGGERS = (
    "django.server",
    "django.request",
    "django.security",
    "gunicorn.access",
    "doorstroom.request",  # the access line of the observability middleware (main)
)


def install_log_masking() -> None:
    for name in REQUEST_LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(f, MaskNationalNumbers) for f in target.filters):
            target.addFilter(MaskNationalNumbers())


# --- errors from deep inside --------------------------------------------------------------


def _values(request: HttpRequest) -> Iterable[tuple[str, Any]]:
    """(name, value) of the query string and the top level of an already parsed body."""
    for name, values in request.GET.lists():
        for value in values:
            yield name, value
    data = getattr(request, "_full_data", None)  # DRF's parsed body, when it was read
    if isinstance(data, dict):
        yield from data.items()


def _too_large(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > ID_MAX
    digits = str(value).strip().lstrip("+-")
    # Compared as text: int() refuses strings of more than 4,300 digits.
    return digits.isdigit() and (len(digits.lstrip("0")) > 19 or int(digits) > ID_MAX)


def _latest_date(request: HttpRequest) -> str:
    found = [str(v) for _, v in _values(request) if _ISO_DATE.match(str(v))]
    return max(found) if found else "?"


def domain_error_for(exc: BaseException, request: HttpRequest | None) -> DomainError | None:
    """The domain error a hostile value deep inside a request amounts to, or None."""
    if isinstance(exc, ParameterNotInForce):
        on: date | str = exc.on or "?"
        return DateOutOfRange(dates.date_out_of_range(on))
    if isinstance(exc, OverflowError | ValueError) and _DATE_OVERFLOW.match(str(exc)):
        return DateOutOfRange(
            dates.date_out_of_range(_latest_date(request) if request is not None else "?")
        )
    if isinstance(exc, OverflowError):  # an integer the database driver cannot bind
        fields = sorted({name for name, v in _values(request) if _too_large(v)} if request else ())
        message = f"Een getal is te groot; het grootste is {ID_MAX}."
        return InvalidInput.many({name: [message] for name in fields or ["non_field_errors"]})
    if isinstance(exc, SuspiciousOperation):  # too many fields, a body too large, …
        logging.getLogger("django.security").warning("refused request: %s", exc)
        return InvalidInput("non_field_errors", "Het verzoek is te groot of heeft te veel velden.")
    return None


# --- the middleware -----------------------------------------------------------------------


class HostileInputMiddleware:
    """Placed after the session, authentication and message middleware (settings.MIDDLEWARE),
    before any view: nothing that runs before it logs a URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if contains_national_number(_url_text(request)):
            response = self._national_number_refused(request)
        else:
            response = self.get_response(request)
            if request.path.startswith(API_PREFIX):
                response = _as_problem(request, response)
        if request.path.startswith(API_PREFIX) or _signed_in(request):
            add_never_cache_headers(response)  # personal data: never kept by a cache
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        error = domain_error_for(exception, request)
        if error is None:
            return None
        if request.path.startswith(API_PREFIX):
            return _problem(error, request)
        return _page(request, error.status, error.detail)

    def _national_number_refused(self, request: HttpRequest) -> HttpResponseBase:
        from django.contrib import messages
        from django.shortcuts import redirect

        found = reason("national_number_in_url")
        logger.warning("refused a URL holding a national number (%s)", request.method)
        in_path = contains_national_number(unquote_plus(request.path))
        _forget_url(request)  # nothing rendered below may echo the number (a page's links)
        if request.path.startswith(API_PREFIX):
            error = DomainError(found.message_en, reasons=(found,))
            response: HttpResponseBase = _problem(error, request)
        elif _signed_in(request) and request.method == "GET" and not in_path:
            messages.error(request, found.message_nl)
            response = redirect(request.path)  # the same page without its query string
        else:
            response = _page(request, 400, found.message_nl)
        # Django's request logger writes the path of every 4xx: this one may hold the number.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response


def _forget_url(request: HttpRequest) -> None:
    """Drop the query string and mask the path of a refused request before anything renders."""
    from django.http import QueryDict

    request.META["QUERY_STRING"] = ""
    request.GET = QueryDict()
    request.path = mask_national_numbers(unquote_plus(request.path))
    request.path_info = mask_national_numbers(unquote_plus(request.path_info))


def _signed_in(request: HttpRequest) -> bool:
    """Signed in, or unknown because the session cannot be read (the database is down): then
    the answer is treated as personal too (no-store), never an exception here."""
    from django.db import DatabaseError

    try:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
    except DatabaseError:
        return True


def _problem(error: DomainError, request: HttpRequest) -> HttpResponse:
    from django.http import JsonResponse

    from doorstroom.common.api.problems import domain_problem

    code = getattr(request, "LANGUAGE_CODE", "nl") or "nl"
    body = domain_problem(error, "en" if code.startswith("en") else "nl")
    return JsonResponse(body, status=error.status, content_type=PROBLEM_CONTENT_TYPE)


def _page(request: HttpRequest, status: int, text: str) -> HttpResponse:
    from django.shortcuts import render

    title = "Ongeldige invoer" if status == 400 else "Deze datum kan niet"
    return render(
        request, "web/error.html", {"status": status, "title": title, "text": text}, status=status
    )


def _as_problem(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """A 400/404/405 under /api/ that Django rendered as HTML (DEBUG, a resolver miss, a
    suspicious request) answers problem+json like every other API error."""
    if response.status_code not in (400, 404, 405):
        return response
    content_type = response.get("Content-Type", "")
    if content_type.startswith(PROBLEM_CONTENT_TYPE) or content_type.startswith("application/"):
        return response
    from doorstroom.common.api.problems import problem_response

    detail = {
        400: "Ongeldig verzoek.",
        404: "Deze resource bestaat niet.",
        405: f"Methode {request.method} is hier niet toegestaan.",
    }[response.status_code]
    converted = problem_response(request, response.status_code, detail)
    if response.has_header("Allow"):
        converted["Allow"] = response["Allow"]
    converted._has_been_logged = getattr(response, "_has_been_logged", False)  # type: ignore[attr-defined]
    return converted
