"""/readyz: the database, the migrations and the two queues decide whether an instance serves."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.utils import timezone

from doorstroom.common import clock
from doorstroom.observability import probes
from doorstroom.outbox.models import Notification
from doorstroom.outbox.services import notification_queue
from doorstroom.outbox.tasks import deliver_notification

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _ready(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/readyz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def _waiting_notification(hours: float) -> Notification:
    row, _ = notification_queue(
        kind="test",
        dedupe_key=f"wait:{hours}",
        subject="s",
        body="b",
        due_on=clock.today() - timedelta(days=1),
    )
    Notification.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(hours=hours)
    )
    return row


def test_ready_when_everything_is_in_order(client: Client) -> None:
    status, body = _ready(client)
    assert status == 200
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "migrations", "outbox", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())


def test_not_ready_while_a_migration_is_pending(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan comes from Django's executor; here one migration is reported unapplied."""
    monkeypatch.setattr(probes, "_migrations_done", False)
    monkeypatch.setattr(
        probes.MigrationExecutor,
        "migration_plan",
        lambda self, targets: [(self.loader.graph.nodes[("outbox", "0001_initial")], False)],
    )
    status, body = _ready(client)
    assert status == 503
    assert body["checks"]["migrations"] == {"ok": False, "pending": ["outbox.0001_initial"]}


def test_applied_migrations_are_checked_once_per_process(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(probes, "_migrations_done", False)
    assert probes.pending_migrations() == []
    monkeypatch.setattr(probes, "MigrationExecutor", None)  # would fail if asked again
    assert probes.pending_migrations() == []


def test_not_ready_when_the_database_fails(client: Client) -> None:
    def refuse(*args: Any) -> Any:
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        status, body = _ready(client)
    assert status == 503
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}


@override_settings(READINESS_OUTBOX_MAX_AGE=3600)
def test_outbox_waiting_longer_than_its_limit(client: Client) -> None:
    _waiting_notification(hours=0.5)
    status, body = _ready(client)
    assert status == 200
    assert 1700 < body["checks"]["outbox"]["oldest_seconds"] < 1900

    _waiting_notification(hours=2)
    status, body = _ready(client)
    assert status == 503
    assert body["checks"]["outbox"]["ok"] is False
    assert body["checks"]["outbox"]["limit"] == 3600


@override_settings(READINESS_OUTBOX_MAX_AGE=0)
def test_a_zero_limit_reports_without_failing(client: Client) -> None:
    _waiting_notification(hours=48)
    status, body = _ready(client)
    assert status == 200
    # It waits from the start of its due day (yesterday), not from its creation 48 h ago.
    assert 24 * 3600 <= body["checks"]["outbox"]["oldest_seconds"] < 48 * 3600


def test_sent_failed_and_future_notifications_do_not_wait(client: Client) -> None:
    sent = _waiting_notification(hours=10)
    Notification.objects.filter(pk=sent.pk).update(sent_at=timezone.now())
    failed = _waiting_notification(hours=11)
    Notification.objects.filter(pk=failed.pk).update(failed_permanently_at=timezone.now())
    notification_queue(
        kind="test",
        dedupe_key="later",
        subject="s",
        body="b",
        due_on=clock.today() + timedelta(days=3),
    )
    assert _ready(client)[0] == 200


@override_settings(TASKS=DATABASE_QUEUE, READINESS_TASK_MAX_AGE=600)
def test_a_task_waiting_in_the_database_queue(client: Client) -> None:
    from django_tasks_db.models import DBTaskResult

    deliver_notification.enqueue(notification_id=1)
    assert _ready(client)[0] == 200
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=20))
    status, body = _ready(client)
    assert status == 503
    assert body["checks"]["tasks"]["ok"] is False
    assert body["checks"]["tasks"]["oldest_seconds"] >= 1200


def test_probes_are_served_over_plain_http_in_production(client: Client) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/readyz").status_code == 200
        assert client.get("/healthz").status_code == 200
