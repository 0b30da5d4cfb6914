"""Queries and server time per request, as response headers; only in the bench settings."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = [0]

        def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            count[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            # A streamed body runs its queries after this returns: the harness counts those
            # in-process instead (bench/__main__.py, `count_streamed_queries`).
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count[0])
        response["X-Bench-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        return response
