"""`tick` started twice at the same moment does the work exactly once (PostgreSQL row locks)."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from doorstroom.mandates.models import Mandate, MandateApplication
from doorstroom.mandates.services import decision_create
from doorstroom.organisations.services import organisation_create
from doorstroom.outbox.models import Notification
from tests.conftest import ALL_MET, complete_application

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
    ),
]

ROWS = 12


def enterprise_number(i: int) -> str:
    base = 8_000_000 + i
    return f"{base:08d}{97 - base % 97:02d}"


def build() -> None:
    """ROWS mandates in their reminder window and ROWS overdue dossiers."""
    for i in range(ROWS):
        org = organisation_create(
            enterprise_number=enterprise_number(i), name=f"Partner {i}", postal_code="9000"
        )
        app = complete_application(org, received_on=date(2020, 3, 2))
        decision_create(
            application=app, decided_on=date(2020, 3, 10), starts_on=None, conditions=ALL_MET
        )
        late = organisation_create(
            enterprise_number=enterprise_number(100 + i), name=f"Laat {i}", postal_code="9000"
        )
        complete_application(late, received_on=date(2025, 12, 31), today=date(2026, 1, 2))


def test_two_ticks_at_once_do_the_work_once() -> None:
    build()
    barrier = threading.Barrier(2)
    outputs: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            out = io.StringIO()
            call_command("tick", "--today", "2026-03-01", stdout=out)
            outputs.append(out.getvalue())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(outputs) == 2
    # Each reminder and each overdue alert exactly once, whichever tick took the row.
    assert Notification.objects.filter(kind="renewal_reminder").count() == 2 * ROWS
    assert Notification.objects.filter(kind="decision_overdue").count() == ROWS
    assert Mandate.objects.filter(renewal_reminder_queued_on=date(2026, 3, 1)).count() == ROWS
    assert MandateApplication.objects.filter(status="overdue").count() == ROWS
    total = sum(
        int(line.split(":")[1].split()[0])
        for o in outputs
        for line in o.splitlines()
        if line.startswith("renewal reminders queued")
    )
    assert total == ROWS
