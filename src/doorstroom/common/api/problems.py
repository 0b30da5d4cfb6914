"""One error shape for the whole API: application/problem+json (RFC 9457).

Every error (validation, authentication, permission, not found, rule violation, conflict, and
the framework's own) leaves through `exception_handler`, so clients parse one shape.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from doorstroom.common.errors import DomainError
from doorstroom.common.hostile import domain_error_for

PROBLEM_BASE = "https://doorstroom.vdab.be/problems/"
PROBLEM_CONTENT_TYPE = "application/problem+json"

# Field errors that carry a well-known reason code (API.md): clients match on the code.
FIELD_REASON_CODES = {
    "enterprise_number_invalid": "enterprise_number_invalid",
    "national_number_invalid": "national_number_invalid",
    "postal_code_unknown": "postal_code_unknown",
}


def problem(
    status_code: int,
    title: str,
    detail: str,
    *,
    kind: str,
    reasons: list[dict[str, Any]] | None = None,
    errors: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + kind,
        "title": title,
        "status": status_code,
        "detail": detail,
        "reasons": reasons or [],
    }
    if errors:
        body["errors"] = errors
    return body


def _flatten(detail: Any) -> dict[str, list[str]]:
    """DRF nests errors (lists, dicts per field, per list item); flatten to field → messages."""
    out: dict[str, list[str]] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                out.setdefault(prefix or "non_field_errors", []).extend(str(v) for v in value)
            else:
                for index, sub in enumerate(value):
                    walk(f"{prefix}.{index}" if prefix else str(index), sub)
        else:
            out.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk("", detail)
    return out


def _codes(detail: Any) -> list[tuple[str, str, str]]:
    """(field, code, message) for every leaf error detail that carries a known reason code."""
    found: list[tuple[str, str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list):
            for sub in value:
                walk(prefix, sub)
        elif isinstance(value, exceptions.ErrorDetail) and value.code in FIELD_REASON_CODES:
            found.append((prefix, FIELD_REASON_CODES[value.code], str(value)))

    walk("", detail)
    return found


def _validation_problem(exc: exceptions.ValidationError) -> dict[str, Any]:
    errors = _flatten(exc.detail)
    reasons = [
        {"code": code, "rule": "", "message": message, "field": field}
        for field, code, message in _codes(exc.detail)
    ]
    first = next(iter(errors.items()), ("", ["Invalid input."]))
    detail = f"{first[0]}: {first[1][0]}" if first[0] != "non_field_errors" else first[1][0]
    return problem(
        400,
        "Invalid input",
        detail,
        kind="invalid-input",
        reasons=reasons,
        errors=errors,
    )


def domain_problem(exc: DomainError, language: str) -> dict[str, Any]:
    return problem(
        exc.status,
        exc.title,
        exc.detail,
        kind=exc.problem,
        reasons=[r.as_dict(language) for r in exc.reasons],
        errors={k: list(v) for k, v in exc.errors.items()} or None,
    )


def _language(context: dict[str, Any]) -> str:
    request = context.get("request")
    code = getattr(request, "LANGUAGE_CODE", "nl") or "nl"
    return "en" if code.startswith("en") else "nl"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # A hostile value that failed deep inside (a date before any parameter, a date computation
    # past year 9999, an integer beyond the database's range): the answer it deserves.
    exc = domain_error_for(exc, context.get("request")) or exc
    if isinstance(exc, DomainError):
        body = domain_problem(exc, _language(context))
        return Response(body, status=exc.status, content_type=PROBLEM_CONTENT_TYPE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        body = _validation_problem(exc)
        return Response(body, status=400, content_type=PROBLEM_CONTENT_TYPE)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    kind = {
        400: "bad-request",
        401: "not-authenticated",
        403: "forbidden",
        404: "not-found",
        405: "method-not-allowed",
        406: "not-acceptable",
        415: "unsupported-media-type",
        429: "throttled",
    }.get(response.status_code, "error")
    response.data = problem(
        response.status_code, _title(response.status_code), str(detail), kind=kind
    )
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _title(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def problem_response(request: HttpRequest, status_code: int, detail: str) -> JsonResponse:
    """A problem+json response outside DRF (URL not found, server error under /api/)."""
    kinds = {
        404: "not-found",
        400: "bad-request",
        403: "forbidden",
        405: "method-not-allowed",
        429: "too-many-login-failures",
        500: "server-error",
        503: "service-unavailable",
    }
    body = problem(status_code, _title(status_code), detail, kind=kinds.get(status_code, "error"))
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)
