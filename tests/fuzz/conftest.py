"""The two organisations' records of tests/security, and the tally of what the run sent."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.security.conftest import world  # noqa: F401 - the fixture, shared


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """schemathesis calls the WSGI app directly, not through Django's test client, so the
    request signals would close the test's connection (it is inside the test's transaction,
    which Django treats as unusable). Do what the test client does: keep it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def pytest_terminal_summary(terminalreporter: Any, config: Any) -> None:
    harness = sys.modules.get("tests.fuzz.harness")  # only when the fuzz tests ran
    for line in harness.summary() if harness else []:
        terminalreporter.write_line(line)
