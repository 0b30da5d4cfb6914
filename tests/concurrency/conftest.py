"""Live servers for the concurrency tests: gunicorn processes on the committed PostgreSQL test DB.

The tests in this folder are transactional (`transaction=True`), so what the test process writes
is committed and visible to the servers, and what the servers write is visible to the test.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from doorstroom.accounts.services import token_create, user_create
from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.services import trajectory_start
from tests import pinned_clock
from tests.factories import enterprise_number, national_number

SRC = Path(__file__).resolve().parents[2] / "src"
POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency needs PostgreSQL (row locks, several servers); SQLite serialises writers",
)
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)
FAVOURABLE = {
    c: {"favourable": True, "motivation": "Gunstig."}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url() -> str:
    """The URL of the test database this process uses (pytest-django's `test_<name>`)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        # the repository root too: a pinned run starts servers through tests/pinned_clock.py
        PYTHONPATH=os.pathsep.join((str(SRC), str(SRC.parent))),
        DJANGO_SETTINGS_MODULE="doorstroom.config.settings",
        DJANGO_DEBUG="false",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on 127.0.0.1 (production redirects to HTTPS)
        SECRET_KEY="concurrency-tests-only",
        # the test process's key: the server finds the employees this process hashed
        NATIONAL_NUMBER_HASH_KEY=settings.NATIONAL_NUMBER_HASH_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)


def _wait_ready(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server on {server.port} died:\n{server.log.read_text()[-3000:]}")
        try:
            conn = server.connection()
            conn.request("GET", "/api/v1/mandates/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on {server.port} not ready:\n{server.log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def servers(django_db_setup: Any, django_db_blocker: Any) -> Iterator[list[Server]]:
    """Two gunicorn servers (2 workers × 8 threads each) on two ports, one database."""
    if connection.vendor != "postgresql":
        pytest.skip("live servers on one database need PostgreSQL")
    with django_db_blocker.unblock():
        env = server_env()
    logs = Path(tempfile.mkdtemp(prefix="doorstroom-servers-"))
    started: list[Server] = []
    try:
        for n in range(2):
            port = free_port()
            log = logs / f"gunicorn-{n}.log"
            process = subprocess.Popen(  # noqa: S603
                pinned_clock.pinned_command(
                    "gunicorn",
                    "doorstroom.config.wsgi:application",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=2",
                    "--worker-class=gthread",
                    "--threads=8",
                    "--timeout=120",
                    "--graceful-timeout=5",
                    "--log-level=warning",
                ),
                env=env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
            started.append(Server(port=port, process=process, log=log))
        deadline = time.monotonic() + 60
        for server in started:
            _wait_ready(server, deadline)
        yield started
    finally:
        for server in started:
            server.process.terminate()
        for server in started:
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()


@dataclass
class Answer:
    status: int
    body: Any
    content_type: str


@dataclass
class Client:
    """One keep-alive HTTP connection to one server, authenticated with one token."""

    server: Server
    token: str
    conn: http.client.HTTPConnection | None = field(default=None)

    def post(self, path: str, body: dict[str, Any]) -> Answer:
        payload = json.dumps(body).encode()
        headers = {
            "Authorization": f"Token {self.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        for attempt in range(2):
            if self.conn is None:
                self.conn = self.server.connection()
            try:
                self.conn.request("POST", f"/api/v1{path}", body=payload, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection before it read this request;
                # nothing was processed, so sending it again on a new connection is safe.
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            content_type = response.getheader("Content-Type", "")
            parsed: Any = raw.decode(errors="replace")
            if "json" in content_type:
                parsed = json.loads(raw)
            return Answer(response.status, parsed, content_type)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def token_for(username: str, role: str, organisation: Organisation | None = None) -> str:
    user_create(
        username=username, role=role, organisation_id=organisation.pk if organisation else None
    )
    return str(token_create(username=username).key)


def trajectories_for(
    partner: Organisation,
    count: int,
    *,
    today: date,
    postal_codes: Sequence[str] = ("9000",),
    started_days_ago: Sequence[int] = (0,),
) -> list[Trajectory]:
    """`count` employees referred to `partner`, each with a trajectory: employee `i` lives at
    `postal_codes[i % …]` and started `started_days_ago[i % …]` days before `today` (all
    evaluated and referred on the earliest of those days). By default all in Gent, today."""
    since = today - timedelta(days=max(started_days_ago))
    employer = organisations.organisation_create(
        enterprise_number=enterprise_number(6_900_001), name="Maatwerk", postal_code="9000"
    )
    result = []
    for i in range(1, count + 1):
        employee = employee_create(
            national_number=national_number(i),
            given_name=f"Werknemer{i}",
            family_name="Test",
            postal_code=postal_codes[i % len(postal_codes)],
            employer=employer,
            framework="maatwerk",
            target_group="work_disability",
            hired_on=date(2020, 3, 1),
            package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
        )
        evaluation = evaluation_create(
            employee=employee,
            evaluated_on=since,
            needs_support=False,
            package_still_correct=True,
            criteria=FAVOURABLE,
        )
        referral = referral_create(evaluation=evaluation, partner=partner, referred_on=since)
        started_on = today - timedelta(days=started_days_ago[i % len(started_days_ago)])
        result.append(trajectory_start(referral=referral, started_on=started_on))
    return result
