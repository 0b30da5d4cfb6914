"""One log line per request; LOG_FORMAT=json makes every line a JSON object with the request id."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from doorstroom.observability.context import RequestIdFilter, request_id_from

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def access_log() -> Iterator[_Lines]:
    logger = logging.getLogger("doorstroom.request")
    handler = _Lines()
    handler.addFilter(RequestIdFilter())
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_one_line_per_request_with_who_what_and_how_long(
    reviewer: APIClient, access_log: _Lines
) -> None:
    response = reviewer.get("/api/v1/mandate-applications/", HTTP_X_REQUEST_ID="lb-1234")
    assert response["X-Request-ID"] == "lb-1234"
    [line] = access_log.records
    user = response.wsgi_request.user
    assert line.request_id == "lb-1234"  # type: ignore[attr-defined]
    assert (line.user_id, line.role) == (user.pk, "reviewer")  # type: ignore[attr-defined]
    assert line.view == "api/v1/mandate-applications/"  # type: ignore[attr-defined]
    assert (line.method, line.status) == ("GET", 200)  # type: ignore[attr-defined]
    assert line.duration_ms >= 0 and line.db_queries >= 1  # type: ignore[attr-defined]


def test_an_unsafe_request_id_is_replaced(client: Client, access_log: _Lines) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="x\nFAKE 200 line")
    assert "\n" not in response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32
    assert request_id_from("a" * 65) != "a" * 65


def test_no_query_string_and_no_national_number_in_the_line(
    client: Client, access_log: _Lines
) -> None:
    client.get("/bestaat/12345678901/niet/?zoek=geheim")
    [line] = access_log.records
    text = line.getMessage() + json.dumps(vars(line), default=str)
    assert "12345678901" not in text and "geheim" not in text
    assert line.path == "/bestaat/…/niet/"  # type: ignore[attr-defined]


def test_a_national_number_in_a_path_is_never_written(tmp_path: Path) -> None:
    """A path with a national number is refused before any view (national_number_in_url) and
    what the loggers write of it is masked by the console handler."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "Client().get('/x/85073003328/y/')\n"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = _run_with(env, code)
    assert done.returncode == 0, done.stderr
    assert "national number" in done.stderr
    assert "85073003328" not in done.stderr and "033.28" not in done.stderr


def test_redaction_masks_valid_numbers_only() -> None:
    from doorstroom.common.hostile import mask_national_numbers

    assert mask_national_numbers("a 85.07.30-033.28 b 12345678901") == (
        "a 85.07.30-***.** b 12345678901"
    )


def _run_with(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_json_format_end_to_end(tmp_path: Path) -> None:
    """A real process configured by LOG_FORMAT=json writes parseable lines, request id on each."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "c.get('/healthz', HTTP_X_REQUEST_ID='probe-7')\n"
        "c.get('/bestaat-niet/')\n"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "LOG_FORMAT": "json",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = _run_with(env, code)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "doorstroom.request"]
    assert [(a["view"], a["status"]) for a in access] == [("healthz", 200), ("<unmatched>", 404)]
    assert access[0]["request_id"] == "probe-7"
    assert {"time", "level", "message", "user_id", "role", "duration_ms"} <= set(access[0])


def test_the_console_stays_plain_by_default(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); import logging\n"
        "logging.getLogger('doorstroom').warning('hallo')\n"
    )
    env = {"DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE, "LOG_FORMAT": "plain"}
    done = _run_with(env, code)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("WARNING doorstroom [-] hallo")


def test_an_unknown_format_is_refused_at_start() -> None:
    done = _run_with(
        {"DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE, "LOG_FORMAT": "xml"},
        "import django; django.setup()",
    )
    assert done.returncode != 0
    assert "LOG_FORMAT" in done.stderr
