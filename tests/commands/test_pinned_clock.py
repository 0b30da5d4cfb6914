"""The pinned clock of a run (tests/pinned_clock.py): ``--today`` moves every clock the code
reads, timestamps still advance, and a subprocess started through ``pinned_command`` agrees."""

from __future__ import annotations

import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from doorstroom.common import clock
from tests import pinned_clock

ROOT = Path(__file__).resolve().parents[2]


def test_the_run_is_on_the_pinned_day(pytestconfig: pytest.Config) -> None:
    pinned = pytestconfig.getoption("today")
    if pinned:
        day = date.fromisoformat(pinned)
        assert clock.today() == timezone.localdate() == date.today() == day
    else:
        assert clock.today() == timezone.localdate()
    before = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > before  # the pinned clock ticks: timestamps keep their order


@pytest.mark.parametrize(
    "day",
    ["2024-02-29", "2024-03-31", "2024-10-27", "2026-12-31", "2027-01-01", "2025-03-01"],
)
def test_the_morning_is_on_that_day_in_brussels(day: str) -> None:
    # Daylight-saving changes (last Sundays of March and October) included.
    instant = pinned_clock.morning(date.fromisoformat(day))
    assert instant.astimezone(pinned_clock.BRUSSELS).date() == date.fromisoformat(day)
    assert instant.astimezone(pinned_clock.BRUSSELS).hour == 10


def test_a_bad_date_is_refused() -> None:
    with pytest.raises(ValueError):
        pinned_clock.parse("29-02-2024")
    with pytest.raises(ValueError):
        pinned_clock.parse("2025-02-29")


def test_a_subprocess_continues_the_parent_clock(
    monkeypatch: pytest.MonkeyPatch, time_machine: Any
) -> None:
    time_machine.move_to(pinned_clock.morning(date(2024, 2, 29)), tick=True)
    monkeypatch.setenv(pinned_clock.ENV, "2024-02-29")
    code = (
        "import sys, time, datetime; print(datetime.date.today(), time.time() - float(sys.argv[1]))"
    )
    argv = pinned_clock.pinned_command("-c", code, repr(time.time()))
    out = subprocess.run(  # noqa: S603 (our interpreter, fixed arguments)
        argv, capture_output=True, text=True, check=True, cwd=ROOT, timeout=60
    )
    day, lag = out.stdout.split()
    assert day == "2024-02-29"
    assert 0 <= float(lag) < 3600  # on the parent's clock (which ticks), not hours apart
    monkeypatch.delenv(pinned_clock.ENV)
    assert pinned_clock.pinned_command("gunicorn", "x")[1:] == ["-m", "gunicorn", "x"]
    assert pinned_clock.pinned_command("-c", "pass", "y")[1:] == ["-c", "pass", "y"]
