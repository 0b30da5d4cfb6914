"""Security headers for every response, and a 503 when the database is unreachable.

Content Security Policy without 'unsafe-inline':
All scripts and styles come from our own static files (htmx is vendored, Swagger UI comes from
drf-spectacular-sidecar: common/api/docs.py), so the policy can be strict: nothing inline,
nothing from elsewhere, no framing. Only the Django admin is exempt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
logger = logging.getLogger("doorstroom.availability")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            return response  # the Django admin brings its own inline code
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        return response


class DatabaseUnavailableMiddleware:
    """The database unreachable: 503 with Retry-After instead of a 500, and no stuck connection.

    `process_exception` catches what a view raises (DRF re-raises what its handler does not
    know); `config.urls.handler500` catches the same errors raised by other middleware (the
    session or authentication lookup). Django opens a fresh connection for the next request
    (CONN_HEALTH_CHECKS, and a connection that raised is closed at the end of the request),
    so the app recovers by itself when the database returns.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return database_unavailable(request, exception)
        return None


def is_database_unavailable(exception: BaseException | None) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """503 problem+json under /api/, a Dutch page elsewhere; never touches the database."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from doorstroom.common.api.problems import problem_response

    # No reconnect here: at the end of the request Django closes a connection that raised
    # (request_finished → close_if_unusable_or_obsolete), so the next request connects afresh.
    logger.warning("database unavailable on %s: %s", request.path, exception)
    if request.path.startswith("/api/"):
        response: HttpResponse = problem_response(
            request,
            503,
            "De databank is tijdelijk niet bereikbaar; probeer het zo dadelijk opnieuw. "
            "(The database is temporarily unavailable; please retry shortly.)",
        )
    else:
        html = render_to_string(
            "web/unavailable.html", {"retry_after": settings.DB_UNAVAILABLE_RETRY_AFTER}
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.DB_UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
