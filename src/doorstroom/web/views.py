"""The pages that exist so far: a start page and the error pages (the role pages come later)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for a load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "web/error.html", {"status": 404, "title": "Pagina niet gevonden"}, status=404
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/error.html", {"status": 500, "title": "Er ging iets mis"}, status=500
    )
