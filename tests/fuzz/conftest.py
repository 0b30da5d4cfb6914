"""The two organisations' records of tests/security, and a report of how much the run sent."""

from __future__ import annotations

from typing import Any

from tests.security.conftest import world  # noqa: F401 - the fixture, shared


def pytest_terminal_summary(terminalreporter: Any, config: Any) -> None:
    counts = getattr(config, "fuzz_counts", None)
    if counts:
        terminalreporter.write_line(
            f"schemathesis: {counts['operations']} operations, {counts['cases']} cases, "
            f"{counts['requests']} requests"
        )
