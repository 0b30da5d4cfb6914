"""The readiness probe and the metrics endpoint (liveness stays ``/healthz``)."""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from doorstroom.observability import metrics, probes


def readyz(request: HttpRequest) -> JsonResponse:
    """200 when this instance can serve, 503 with the failing checks when it cannot."""
    report = probes.readiness()
    return JsonResponse(report, status=200 if report["status"] == "ready" else 503)


def _allowed(request: HttpRequest) -> bool:
    """A matching bearer token (METRICS_TOKEN), or an address in METRICS_ALLOWED_NETWORKS."""
    token: str = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    networks: list[Any] = settings.METRICS_ALLOWED_NETWORKS
    return any(address in network for network in networks)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus text format; refused (403) to anyone without the token or network."""
    if not _allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(
        metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8"
    )
