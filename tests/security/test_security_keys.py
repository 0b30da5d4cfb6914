"""Keys (issue 12): outside debug mode NATIONAL_NUMBER_HASH_KEY is required and differs from
SECRET_KEY; the demo generates both once under var/ (mode 0600) and runs with DEBUG off on
plain HTTP. docs/security.md T3 and T16."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from doorstroom.config.keys import key_file
from tests.security.test_security_hardening import production_env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(env, "-m", "doorstroom", "check")


def test_production_refuses_to_start_without_a_national_number_key(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["NATIONAL_NUMBER_HASH_KEY"]
    result = check(env)
    assert result.returncode != 0
    assert "NATIONAL_NUMBER_HASH_KEY must be set" in result.stderr


def test_production_refuses_a_short_national_number_key(tmp_path: Path) -> None:
    result = check(production_env(tmp_path, NATIONAL_NUMBER_HASH_KEY="x" * 31))
    assert result.returncode != 0
    assert "at least 32 random characters" in result.stderr


def test_production_refuses_the_secret_key_as_national_number_key(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    result = check(production_env(tmp_path, SECRET_KEY=key, NATIONAL_NUMBER_HASH_KEY=key))
    assert result.returncode != 0
    assert "NATIONAL_NUMBER_HASH_KEY must differ from SECRET_KEY" in result.stderr


def test_production_starts_with_both_keys(tmp_path: Path) -> None:
    result = check(production_env(tmp_path))
    assert result.returncode == 0, result.stderr


def demo_env(tmp_path: Path) -> dict[str, str]:
    env = production_env(tmp_path, DOORSTROOM_DEMO="1")
    for name in ("DJANGO_DEBUG", "SECRET_KEY", "NATIONAL_NUMBER_HASH_KEY", "ALLOWED_HOSTS"):
        del env[name]
    return env


DEMO_VALUES = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECRET_KEY); print(s.NATIONAL_NUMBER_HASH_KEY); "
    "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_HSTS_SECONDS, '127.0.0.1' in s.ALLOWED_HOSTS, 'localhost' in s.ALLOWED_HOSTS)"
)


def test_the_demo_generates_its_keys_once_under_var(tmp_path: Path) -> None:
    first = run(demo_env(tmp_path), "-c", DEMO_VALUES)
    assert first.returncode == 0, first.stderr
    secret, national, values = first.stdout.splitlines()
    assert values.split() == ["False", "False", "False", "False", "0", "True", "True"]
    assert len(secret) >= 50 and len(national) >= 50 and secret != national
    for name, key in (("secret_key", secret), ("national_number_hash_key", national)):
        path = tmp_path / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text().strip() == key
    again = run(demo_env(tmp_path), "-c", DEMO_VALUES)
    assert again.stdout == first.stdout  # kept: the hashes and sessions survive a restart
    other = run(demo_env(tmp_path / "elsewhere"), "-c", DEMO_VALUES)
    assert other.stdout.splitlines()[:2] != [secret, national]  # random, not a constant


def test_a_key_file_others_may_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("a-key-that-is-long-enough-to-be-used-here-0123456789\n")
    os.chmod(path, 0o644)
    with pytest.raises(RuntimeError, match="chmod 600"):
        key_file(path)
    os.chmod(path, 0o600)
    assert key_file(path) == "a-key-that-is-long-enough-to-be-used-here-0123456789"


def test_an_empty_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.touch(mode=0o600)
    with pytest.raises(RuntimeError, match="empty"):
        key_file(path)
