"""The pinned clock of a test run (issue 12: "a suite that passes on every date").

``pytest --today=YYYY-MM-DD`` (or ``DOORSTROOM_TEST_TODAY=YYYY-MM-DD``) moves the whole run to
that day with time-machine: every ``datetime.now()``, ``date.today()``, ``time.time()`` and so
Django's ``timezone.now()``/``timezone.localdate()`` (and ``doorstroom.common.clock.today()``)
see it. The run lands at 10:00 in Brussels and the clock keeps ticking from there, so
timestamps still advance (ordering, token and session expiry, django-axes windows) and the
Belgian date stays the pinned one for fourteen hours. ``time.monotonic()`` is not moved, so
timeouts and Hypothesis keep real time.

Threads (the live server of the browser tests) share the patched clock. Subprocesses do not:
a test that starts one (gunicorn in tests/faults and tests/concurrency, ``python -m
doorstroom``) runs it through :func:`pinned_command`, which in a pinned run starts the child
ticking from the parent's current instant (``python -m tests.pinned_clock <epoch> <module>
args…``; the repository root must be on its PYTHONPATH). Forked gunicorn workers inherit it.
"""

from __future__ import annotations

import os
import runpy
import sys
import time as time_module
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

ENV = "DOORSTROOM_TEST_TODAY"
BRUSSELS = ZoneInfo("Europe/Brussels")
#: The time of day a pinned run starts at (Brussels), far from midnight on either side.
MORNING = time(10, 0)


def parse(text: str) -> date:
    """``YYYY-MM-DD`` → date; ``ValueError`` otherwise."""
    return date.fromisoformat(text.strip())


def morning(day: date) -> datetime:
    """10:00 in Brussels on ``day``, as a UTC instant.

    UTC, not the Brussels zone: a zone-aware destination would make time-machine set the
    process's ``TZ`` as well, which the pinned run does not need (Django uses TIME_ZONE).
    """
    return datetime.combine(day, MORNING, tzinfo=BRUSSELS).astimezone(UTC)


def on(day: str) -> pytest.MarkDecorator:
    """Mark a test (or a module, as ``pytestmark``) to run on ``day`` (ticking from its
    morning): for stories told with fixed calendar dates that the services check against
    today ("not in the future", "valid today"). time-machine's marker puts its fixture first,
    so the users, tokens and sessions the test makes belong to that day as well."""
    return pytest.mark.time_machine(morning(parse(day)), tick=True)


def travel(day: date) -> object:
    """Start ticking time travel to the morning of ``day``; returns the started ``travel``."""
    import time_machine

    traveller = time_machine.travel(morning(day), tick=True)
    traveller.start()
    return traveller


def pinned_command(module: str, *args: str) -> list[str]:
    """The argv that runs ``python -m module args…`` (``python -c code args…`` when ``module``
    is ``"-c"``); in a pinned run, through this module at this process's current instant, so
    the child's clock continues where the parent's is (not at the morning of the day: a
    token made a minute ago in the parent must not lie in the child's future)."""
    if os.environ.get(ENV):
        now = repr(time_module.time())  # the parent's travelled instant
        return [sys.executable, "-m", "tests.pinned_clock", now, module, *args]
    if module == "-c":
        return [sys.executable, "-c", *args]
    return [sys.executable, "-m", module, *args]


def main() -> None:
    """``python -m tests.pinned_clock <epoch> <module>|-c <code> args…``: travel (ticking) to
    the instant ``epoch``, then run the module or the code."""
    at, module, *args = sys.argv[1:]
    import time_machine

    time_machine.travel(datetime.fromtimestamp(float(at), UTC), tick=True).start()
    if module == "-c":
        code, *rest = args
        sys.argv = ["-c", *rest]
        exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102 (our own code)
        return
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
