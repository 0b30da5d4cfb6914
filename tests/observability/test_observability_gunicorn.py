"""The production configuration (gunicorn, several workers): /metrics sums every worker."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.live import Server, copy_test_database, drop_database, request, server_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    url = copy_test_database(tmp_path)
    env = server_env(url, tmp_path)
    (tmp_path / "prometheus").mkdir()
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "prometheus")
    live = Server(env, tmp_path / "server.log", config=["-c", "python:doorstroom.config.gunicorn"])
    live.start()
    yield live
    live.stop()
    drop_database(url)


def test_metrics_add_up_over_the_workers(server: Server) -> None:
    for _ in range(12):
        status, headers, _body = request("GET", server.url + "/readyz")
        assert status == 200
        assert headers["X-Request-ID"]
    status, _headers, body = request("GET", server.url + "/metrics")
    assert status == 200
    counted = re.findall(
        rb'^doorstroom_http_requests_total\{[^}]*view="readyz"[^}]*\} ([0-9.e+]+)$', body, re.M
    )
    assert sum(float(value) for value in counted) == 12
    assert len(list((server.log.parent / "prometheus").glob("*.db"))) >= 1
