"""One observation per request: its id, its metrics and its log line.

First in ``MIDDLEWARE``, so it also times and counts what the other middleware answer
(redirects, 503s, lockouts). The log line names the view, never the query string, and masks
any run of eleven digits in the path: a national number never reaches the logs.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from doorstroom.observability import metrics
from doorstroom.observability.context import REQUEST_ID, request_id_from

logger = logging.getLogger("doorstroom.request")

_ELEVEN_DIGITS = re.compile(r"\d{11}|\d{2}[.]\d{2}[.]\d{2}-\d{3}[.]\d{2}")


class _QueryCounter:
    """A database execute wrapper that only counts (cheap: no SQL kept)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def view_name(request: HttpRequest) -> str:
    """The URL pattern that answered (``api/v1/mandate-applications/<int:id>/``): few values,
    no ids, readable without a lookup table."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.route or match.view_name or "<unnamed>"


def _user(request: HttpRequest) -> tuple[int | None, str]:
    """Who asked, if the request already knows: never loads the session or the user for the
    log line (with the database down that would turn a 503 into an exception)."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = request.__dict__.get("_cached_user")  # set once a view or middleware looked
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user.pk, getattr(user, "role", "")


class RequestObservationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        token = REQUEST_ID.set(request_id)
        counter = _QueryCounter()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        seconds = time.perf_counter() - started
        response.headers["X-Request-ID"] = request_id
        view = view_name(request)
        metrics.observe(
            view=view,
            method=request.method or "",
            status=response.status_code,
            seconds=seconds,
            queries=counter.count,
        )
        user_id, role = _user(request)
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            view,
            response.status_code,
            seconds * 1000,
            extra={
                "request_id": request_id,
                "user_id": user_id,
                "role": role,
                "view": view,
                "method": request.method,
                "path": _ELEVEN_DIGITS.sub("…", request.path),
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "db_queries": counter.count,
            },
        )
        return response
