"""A real server in a subprocess (gunicorn, as in production) on a database of its own, for the
fault tests: it can be killed, restarted and pointed at a database that is not there."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

from tests import pinned_clock

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_test_database(tmp_path: Path) -> str:
    """A DATABASE_URL for a copy of the (migrated, committed) test database."""
    if connection.vendor == "sqlite":
        (tmp_path / "db").mkdir(exist_ok=True)
        target = tmp_path / "db" / "live.sqlite3"
        copy = sqlite3.connect(target)
        connection.ensure_connection()
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}"
    settings = connection.settings_dict
    name = f"faults_{os.getpid()}_{secrets.token_hex(3)}"
    connections.close_all()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
    user = settings.get("USER") or "postgres"
    return f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{name}"


def drop_database(url: str) -> None:
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "doorstroom.config.settings",
        "DJANGO_DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECRET_KEY": "faults-" + secrets.token_urlsafe(40),
        "NATIONAL_NUMBER_HASH_KEY": settings.NATIONAL_NUMBER_HASH_KEY,  # the test process's
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "DOORSTROOM_VAR_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    if os.environ.get(pinned_clock.ENV):  # a pinned run: servers start via tests/pinned_clock.py
        env["PYTHONPATH"] += os.pathsep + str(ROOT)
    return env


class Server:
    def __init__(self, env: dict[str, str], log: Path, config: list[str] | None = None) -> None:
        self.env = env
        self.log = log
        # How gunicorn is told what to serve: the WSGI path, or a configuration module.
        self.config = config or ["doorstroom.config.wsgi:application"]
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60, ready: int = 200) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
                pinned_clock.pinned_command(
                    "gunicorn",
                    *self.config,
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                    "--timeout",
                    "30",
                    "--preload",  # the app is loaded before the server answers
                    "--no-control-socket",
                ),
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed master and workers
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                if request("GET", self.url + "/healthz", timeout=5)[0] == ready:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole server (master and workers) at once: a crash, no cleanup."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def request(
    method: str, url: str, *, token: str | None = None, body: Any = None, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (http://127.0.0.1)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def manage(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        pinned_clock.pinned_command("doorstroom", *args),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
