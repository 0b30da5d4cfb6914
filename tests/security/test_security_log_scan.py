"""The log scan finds national numbers in every spelling and really fails a session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.log_scan import find_national_numbers

NUMBER = "85073003328"


@pytest.mark.parametrize(
    "text",
    [
        f"INSZ {NUMBER} gevonden",
        "rijksregisternummer=85.07.30-033.28",
        "850730-033.28",
        "85 07 30 033 28",
        "85.07.30.033.28",
        f"('{NUMBER}',)",
    ],
)
def test_every_spelling_is_found(text: str) -> None:
    assert find_national_numbers(text) == [NUMBER]


@pytest.mark.parametrize(
    "text",
    [
        "85.07.30-***.**",  # the masked form is fine
        "85073003329",  # wrong checksum: not a national number
        f"x{NUMBER}",  # part of a longer token (a hash, an id)
        f"{NUMBER}7",
        "a3f" + NUMBER + "bc",
        "trajectory 12345678901 started",  # an ordinary id whose checksum fails
    ],
)
def test_other_text_is_not_flagged(text: str) -> None:
    assert find_national_numbers(text) == []


PROBE = """
import logging

def test_logs(caplog):
    logging.getLogger("doorstroom.probe").{level}("gezocht op %s", "{value}")
"""


def _probe(tmp_path: Path, value: str, level: str = "debug") -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_probe.py").write_text(PROBE.format(value=value, level=level))
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "src")])}
    return subprocess.run(  # noqa: S603 - our own interpreter on our own probe
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.security.log_scan",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_probe.py"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_session_that_logs_a_national_number_fails(tmp_path: Path) -> None:
    result = _probe(tmp_path, "85.07.30-033.28")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "national numbers in the logs" in result.stdout
    assert "doorstroom.probe" in result.stdout
    report = result.stdout.split("national numbers in the logs")[1]
    assert "850730-***.**" in report
    assert "033.28" not in report  # the report itself does not leak the number


def test_a_session_that_logs_the_masked_form_passes(tmp_path: Path) -> None:
    result = _probe(tmp_path, "85.07.30-***.**", level="warning")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no national number" in result.stdout
