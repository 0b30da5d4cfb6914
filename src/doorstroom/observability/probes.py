"""Readiness: may this instance take traffic now?

Liveness (``/healthz``) only asks whether the process answers. Readiness also asks whether it
can do its work: the database answers, every migration of this code is applied (a new
release started before ``migrate`` must not serve), and the work queues are moving (the
oldest due notification and the oldest ready task have not waited longer than their limit,
``READINESS_OUTBOX_MAX_AGE`` and ``READINESS_TASK_MAX_AGE`` seconds; 0 reports the age without
failing on it).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from doorstroom.observability import metrics

logger = logging.getLogger("doorstroom.availability")

#: Once every migration is applied it stays so for this process (new code means a new process).
_migrations_done = False


def pending_migrations() -> list[str]:
    """Migrations of this code not yet applied to the database, as ``app.name``."""
    global _migrations_done
    if _migrations_done:
        return []
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    _migrations_done = not pending
    return pending


def _check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _check_migrations() -> dict[str, Any]:
    pending = pending_migrations()
    return {"ok": not pending, "pending": pending[:20]}


def _check_age(age: float | None, limit: int) -> dict[str, Any]:
    seconds = round(age or 0.0)
    return {"ok": limit <= 0 or seconds <= limit, "oldest_seconds": seconds, "limit": limit}


def readiness() -> dict[str, Any]:
    """Every check with its verdict; ``status`` is ``ready`` only when all are ok."""
    checks: dict[str, dict[str, Any]] = {}
    try:
        checks["database"] = _check_database()
        checks["migrations"] = _check_migrations()
        checks["outbox"] = _check_age(
            metrics.oldest_unsent_notification_age(), settings.READINESS_OUTBOX_MAX_AGE
        )
        checks["tasks"] = _check_age(
            metrics.oldest_waiting_task_age(), settings.READINESS_TASK_MAX_AGE
        )
    except DatabaseError as exc:
        logger.warning("readiness: database unavailable (%s)", type(exc).__name__)
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    ready = all(check["ok"] for check in checks.values())
    return {"status": "ready" if ready else "not_ready", "checks": checks}
