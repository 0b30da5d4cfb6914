"""Prometheus metrics: requests, latencies and queries per view, and the domain's gauges.

prometheus_client keeps the request metrics in the process (or, with several gunicorn
workers, in ``PROMETHEUS_MULTIPROC_DIR``, one file per worker, summed at scrape time). The
domain gauges are not kept at all: :class:`DomainCollector` counts them in the database when
Prometheus scrapes, so every process answers the same numbers and nothing can drift.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, time

from django.utils import timezone
from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from doorstroom.common import clock

disable_created_metrics()  # type: ignore[no-untyped-call]  # no `_created` twin for every series: half the text, same meaning

REQUESTS = Counter(
    "doorstroom_http_requests",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "doorstroom_http_request_duration_seconds",
    "Server time per request, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30),
)
QUERIES = Histogram(
    "doorstroom_db_queries_per_request",
    "Database queries per request, by view.",
    ["view"],
    buckets=(0, 1, 2, 4, 6, 8, 12, 16, 25, 50, 100),
)


def observe(*, view: str, method: str, status: int, seconds: float, queries: int) -> None:
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)
    QUERIES.labels(view=view).observe(queries)


def _age_seconds(now: datetime, since: datetime) -> float:
    return max(0.0, (now - since).total_seconds())


def oldest_unsent_notification_age(now: datetime | None = None) -> float | None:
    """Seconds since the longest-waiting due notification became due (None: none waiting).

    A notification waits from the later of its creation and the start of its due day; one
    that failed for good is counted by ``notifications_failing`` instead.
    """
    from doorstroom.outbox.models import Notification

    now = now or timezone.now()
    oldest = (
        Notification.objects.filter(
            sent_at__isnull=True,
            failed_permanently_at__isnull=True,
            due_on__lte=timezone.localdate(now),
        )
        .order_by("due_on", "created_at")
        .values_list("due_on", "created_at")
        .first()
    )
    if oldest is None:
        return None
    due_on, created_at = oldest
    due_start = timezone.make_aware(datetime.combine(due_on, time.min))
    return _age_seconds(now, max(due_start, created_at))


def oldest_waiting_task_age(now: datetime | None = None) -> float | None:
    """Seconds the oldest task ready to run has waited in the database queue (None: none)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    enqueued = (
        DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True)
    )
    first = enqueued.first()
    return None if first is None else _age_seconds(now, first)


def domain_counts() -> dict[str, float]:
    """What an operator must act on, counted in the database now."""
    from django_tasks_db.models import DBTaskResult

    from doorstroom.mandates.models import MandateApplication
    from doorstroom.mandates.selectors import past_due_q
    from doorstroom.outbox.models import Notification

    today = clock.today()
    return {
        # Undecided dossiers past their R15 due date (the reviewer queue's "overdue" section).
        "dossiers_overdue": MandateApplication.objects.filter(
            past_due_q(today), status__in=("complete", "overdue")
        ).count(),
        "notifications_failing": Notification.objects.filter(
            sent_at__isnull=True, failed_permanently_at__isnull=False
        ).count(),
        "notifications_waiting": Notification.objects.filter(
            sent_at__isnull=True, failed_permanently_at__isnull=True, due_on__lte=today
        ).count(),
        "tasks_waiting": DBTaskResult.objects.ready().count(),
        "notification_oldest_wait_seconds": oldest_unsent_notification_age() or 0.0,
        "task_oldest_wait_seconds": oldest_waiting_task_age() or 0.0,
    }


_GAUGE_HELP = {
    "dossiers_overdue": "Complete, undecided mandate applications past their R15 due date.",
    "notifications_failing": "Outbox notifications that failed for good (shown to admins).",
    "notifications_waiting": "Outbox notifications due and not yet sent.",
    "tasks_waiting": "Tasks ready to run in the database queue.",
    "notification_oldest_wait_seconds": "Wait of the oldest due, unsent notification.",
    "task_oldest_wait_seconds": "Wait of the oldest task ready to run.",
}


class DomainCollector(Collector):
    """Gauges read from the database at scrape time (one query each)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for name, value in domain_counts().items():
            yield GaugeMetricFamily(f"doorstroom_{name}", _GAUGE_HELP[name], value=value)


_DOMAIN_REGISTRY = CollectorRegistry(auto_describe=False)
_DOMAIN_REGISTRY.register(DomainCollector())


def exposition() -> bytes:
    """The text Prometheus scrapes: this process's (or all workers') metrics, then the gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        process = generate_latest(registry)
    else:
        process = generate_latest(PROCESS_REGISTRY)
    return process + generate_latest(_DOMAIN_REGISTRY)


__all__ = ["domain_counts", "exposition", "observe"]
