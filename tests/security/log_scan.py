"""A pytest plugin: no log line of the whole test session may hold a whole national number.

At the start of the session a handler on the root logger (root level lowered to DEBUG) sees
every record of every logger; each message (with its traceback, if any) is searched for
national numbers in every usual spelling (``85073003328``, ``85.07.30-033.28``,
``850730-033.28``, ``85 07 30 033 28``) and a candidate counts only when ``stdnum.be.nn``
accepts its checksum, so ordinary 11-digit ids do not trip it. At the end of the session the
run fails (exit status 1) and names every offending logger and line.

``tests/conftest.py`` registers it; ``test_security_log_scan.py`` proves it fails a session
that logs a number (a probe run in a subprocess).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from stdnum.be import nn

NAME = "national-number-log-scan"

#: 11 digits, optionally grouped as yy.mm.dd-nnn.cc (dots, dashes or spaces between groups).
CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])"
    r"(\d{2})[. ]?(\d{2})[. ]?(\d{2})[-. ]?(\d{3})[. ]?(\d{2})"
    r"(?![0-9A-Za-z])"
)


def find_national_numbers(text: str) -> list[str]:
    """Every valid national number in ``text``, as 11 compact digits."""
    found = []
    for match in CANDIDATE.finditer(text):
        digits = "".join(match.groups())
        if nn.is_valid(digits):
            found.append(digits)
    return found


def mask(text: str) -> str:
    """``text`` with every national number cut to its birth date: the report must not leak."""

    def cut(match: re.Match[str]) -> str:
        digits = "".join(match.groups())
        return f"{digits[:6]}-***.**" if nn.is_valid(digits) else match.group(0)

    return CANDIDATE.sub(cut, text)


@dataclass
class Hit:
    logger: str
    level: str
    message: str
    numbers: list[str]


class _Collector(logging.Handler):
    def __init__(self, hits: list[Hit]) -> None:
        super().__init__(level=logging.DEBUG)
        self.hits = hits
        self.seen = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.seen += 1
        try:
            text = record.getMessage()
        except Exception:  # a badly formatted record is still scanned raw
            text = f"{record.msg} {record.args}"
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            text += "\n" + record.exc_text
        numbers = find_national_numbers(text)
        if numbers:
            self.hits.append(Hit(record.name, record.levelname, text[:500], numbers))


@dataclass(eq=False)  # a pluggy plugin must stay hashable
class LogScan:
    hits: list[Hit] = field(default_factory=list)
    handler: _Collector | None = None
    previous_level: int = logging.WARNING
    handler_levels: dict[logging.Handler, int] = field(default_factory=dict)

    def pytest_sessionstart(self, session: Any) -> None:
        """Lower the root logger to DEBUG for the scan; its own handlers keep their output."""
        root = logging.getLogger()
        self.handler = _Collector(self.hits)
        self.previous_level = root.level
        for handler in root.handlers:
            self.handler_levels[handler] = handler.level
            handler.setLevel(max(handler.level, root.level))
        root.setLevel(logging.DEBUG)
        root.addHandler(self.handler)

    def pytest_runtest_setup(self, item: Any) -> None:
        """Re-attach if something re-ran the logging configuration (``django.setup()``)."""
        root = logging.getLogger()
        if self.handler is not None and self.handler not in root.handlers:
            for handler in root.handlers:
                self.handler_levels.setdefault(handler, handler.level)
                handler.setLevel(max(handler.level, root.level))
            root.setLevel(logging.DEBUG)
            root.addHandler(self.handler)

    def pytest_sessionfinish(self, session: Any, exitstatus: int) -> None:
        root = logging.getLogger()
        if self.handler is not None:
            root.removeHandler(self.handler)
        for handler, level in self.handler_levels.items():
            handler.setLevel(level)
        root.setLevel(self.previous_level)
        if self.hits:
            session.exitstatus = 1

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        seen = self.handler.seen if self.handler else 0
        if not self.hits:
            terminalreporter.write_line(
                f"national-number log scan: {seen} log records, no national number"
            )
            return
        terminalreporter.section("national numbers in the logs", red=True)
        for hit in self.hits:
            terminalreporter.write_line(f"{hit.level} {hit.logger}: {mask(hit.message)}")
        terminalreporter.write_line(
            f"FAILED: {len(self.hits)} of {seen} log records hold a whole national number"
        )


def register(config: Any) -> None:
    if not config.pluginmanager.has_plugin(NAME):
        config.pluginmanager.register(LogScan(), NAME)


def pytest_configure(config: Any) -> None:
    """So ``-p tests.security.log_scan`` works on its own (the probe does this)."""
    register(config)
