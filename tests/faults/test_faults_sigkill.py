"""The server killed with SIGKILL in the middle of writes: after a restart no half-written
record (check_integrity is clean) and every write the client saw acknowledged (201) is there.

gunicorn (2 workers × 4 threads) on a copy of the test database (SQLite file in WAL mode, or a
PostgreSQL database under scripts/test-postgres.sh); four client threads post trajectory
activities and mandate receipts (each receipt also rewrites the application's derived state);
the whole process group is SIGKILLed while they write."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from doorstroom.accounts.services import token_create
from doorstroom.mandates import services as mandates
from doorstroom.organisations.models import Organisation
from tests.faults.live import Server, copy_test_database, drop_database, manage, request, server_env
from tests.monitoring.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WRITE_SECONDS = 5
ENOUGH_ACKS = 60

SEEN = """
import io, json
from django.core.management import call_command
from doorstroom.mandates.models import Receipt
from doorstroom.trajectories.models import Activity
out = io.StringIO()
try:
    call_command("check_integrity", stdout=out)
except Exception as exc:
    out.write(repr(exc))
print(json.dumps({
    "integrity": out.getvalue(),
    "activities": list(Activity.objects.values_list("note", flat=True)),
    "receipts": list(Receipt.objects.values_list("tracking_number", flat=True)),
}))
"""


@dataclass
class Writes:
    """What the clients post, and what the server acknowledged."""

    url: str
    partner: str
    reviewer: str
    trajectory_id: int
    application_id: int
    acked: dict[str, list[str]] = field(default_factory=lambda: {"activity": [], "receipt": []})
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def make(self, kind: str) -> tuple[str, str, dict[str, Any], str]:
        if kind == "activity":
            marker = f"a-{uuid.uuid4().hex}"
            body = {"on": "2024-02-01", "kind": "guidance", "hours": "1.50", "note": marker}
            path = f"/api/v1/trajectories/{self.trajectory_id}/activities/"
            return self.partner, path, body, marker
        marker = f"r-{uuid.uuid4().hex[:20]}"
        body = {
            "channel": "registered_letter",
            "received_on": "2024-03-01",
            "tracking_number": marker,
        }
        return (
            self.reviewer,
            f"/api/v1/mandate-applications/{self.application_id}/receipts/",
            body,
            marker,
        )

    def post(self, kind: str) -> tuple[int, str]:
        token, path, body, marker = self.make(kind)
        status, _, _ = request("POST", self.url + path, token=token, body=body)
        return status, marker

    def client(self, n: int) -> None:
        kinds = ("activity", "receipt")
        while not self.stop.is_set():
            kind = kinds[n % 2]
            n += 1
            try:
                status, marker = self.post(kind)
            except OSError:  # refused or reset: the server is gone (or restarting)
                time.sleep(0.05)
                continue
            with self.lock:
                self.statuses.append(status)
                if status == 201:
                    self.acked[kind].append(marker)

    def total(self) -> int:
        with self.lock:
            return len(self.acked["activity"]) + len(self.acked["receipt"])


def storm_then_kill(server: Server, writes: Writes) -> None:
    threads = [threading.Thread(target=writes.client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WRITE_SECONDS
    while time.monotonic() < deadline and writes.total() < ENOUGH_ACKS:
        time.sleep(0.05)
    server.kill()  # mid-write: the clients are still posting
    writes.stop.set()
    for thread in threads:
        thread.join(timeout=40)


def test_sigkill_mid_writes_leaves_no_half_record_and_loses_no_acknowledged_write(
    organisation: Organisation, make_user: Callable[..., Any], tmp_path: Path
) -> None:
    trajectory = chain(organisation, referred_on=date(2024, 1, 2), started_on=date(2024, 1, 3))
    assert trajectory.trajectory is not None
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )
    partner = token_create(username=make_user("applicant", organisation).username).key
    reviewer = token_create(username=make_user("reviewer").username).key
    database_url = copy_test_database(tmp_path)
    env = server_env(database_url, tmp_path)
    server = Server(env, tmp_path / "server.log")
    try:
        server.start()
        writes = Writes(
            url=server.url,
            partner=partner,
            reviewer=reviewer,
            trajectory_id=trajectory.trajectory.pk,
            application_id=application.pk,
        )
        assert writes.post("activity")[0] == 201  # both writes work before the storm
        assert writes.post("receipt")[0] == 201
        storm_then_kill(server, writes)

        assert writes.statuses, "no write reached the server"
        assert set(writes.statuses) == {201}  # never a 5xx, not even under load
        assert writes.acked["activity"] and writes.acked["receipt"]

        # After the crash: the invariants hold and every acknowledged write is there.
        # (`shell -c`: one process start instead of two on a busy machine.)
        result = manage(env, "shell", "-c", SEEN)
        assert result.returncode == 0, result.stderr
        seen = json.loads(result.stdout.strip().splitlines()[-1])
        assert "integrity: ok" in seen["integrity"], seen["integrity"]
        assert set(writes.acked["activity"]) <= set(seen["activities"])
        assert set(writes.acked["receipt"]) <= set(seen["receipts"])

        # And the server starts again and takes writes.
        server.start()
        assert writes.post("activity")[0] == 201
    finally:
        server.stop()
        drop_database(database_url)
