"""Shared pages: the start page (each role's work queue), health, and the error pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

FAVICON = Path(__file__).resolve().parent / "static" / "web" / "favicon.ico"
logger = logging.getLogger(__name__)

ROLE_HOME = {
    "applicant": "applicant:home",
    "reviewer": "reviewer:inbox",
    "consultant": "consultant:home",
    "esf_officer": "esf:home",
    "admin": "beheer:home",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the work queue of their role."""
    try:
        return redirect(reverse(ROLE_HOME[getattr(request.user, "role", "")]))
    except (KeyError, NoReverseMatch):
        return render(request, "web/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for a load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers ask for whatever the page links (pages link the SVG too)."""
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(
        request, "web/error.html", {"status": status, "title": title, "text": text}, status=status
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "Geen toegang",
        "Uw rol geeft geen toegang tot deze pagina. Denkt u dat dit niet klopt, neem dan "
        "contact op met de functioneel beheerder.",
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Pagina niet gevonden",
        "Deze pagina bestaat niet, of u heeft er geen toegang toe. Controleer het adres.",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a stale or foreign form is refused with our 403, not Django's page."""
    if request.path.startswith("/api/"):
        from doorstroom.common.api.problems import problem_response

        return problem_response(request, 403, "CSRF-controle mislukt. (CSRF verification failed.)")
    return _error(
        request,
        403,
        "Formulier verlopen",
        "Dit formulier is verlopen of kwam niet van deze site. Ga terug, herlaad de pagina en "
        "probeer het opnieuw.",
    )


SERVER_ERROR = {
    "status": 500,
    "title": "Er ging iets mis",
    "text": (
        "Er ging iets mis aan onze kant. Er is niets verloren gegaan; probeer het later opnieuw."
    ),
}


def server_error(request: HttpRequest) -> HttpResponse:
    """The branded 500 page; rendered without the request's context when that fails too (the
    error may have left the request half-built: no user, no session, no database)."""
    try:
        return render(request, "web/error.html", SERVER_ERROR, status=500)
    except Exception:
        logger.exception("the 500 page failed with the request's context")
        return HttpResponse(render_to_string("web/error.html", SERVER_ERROR), status=500)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes lockout (AXES_LOCKOUT_CALLABLE): 429 with Retry-After, Dutch first."""
    from django.conf import settings

    from doorstroom.common.api.problems import problem_response

    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if request.path.startswith("/api/"):
        response: HttpResponse = problem_response(
            request,
            429,
            "Te veel mislukte aanmeldpogingen; probeer het later opnieuw. "
            "(Too many failed login attempts; try again later.)",
        )
    else:
        context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": max(1, seconds // 60)}
        response = render(request, "web/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
