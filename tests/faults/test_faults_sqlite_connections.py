"""The embedded SQLite default: WAL set once per file, connections kept while their file is."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE t (x INTEGER)")
    plain.commit()
    plain.close()
    return path


@pytest.fixture
def wrapper(sqlite_file: Path, django_db_blocker: Any) -> Iterator[Any]:
    """A connection of our backend to a file of its own, outside the test database."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "doorstroom.common.sqlite", "NAME": str(sqlite_file)}}
    )
    found = handler["default"]
    with django_db_blocker.unblock():
        yield found
        found.close()


def _mode(path: Path) -> str:
    plain = sqlite3.connect(path)
    try:
        return str(plain.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        plain.close()


def test_a_file_not_in_wal_is_switched_once_and_stays(
    sqlite_file: Path, wrapper: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    connect = sqlite3.dbapi2.connect

    def traced(*args: Any, **kwargs: Any) -> Any:
        found = connect(*args, **kwargs)
        found.set_trace_callback(statements.append)
        return found

    monkeypatch.setattr(sqlite3.dbapi2, "connect", traced)
    assert _mode(sqlite_file) == "delete"
    wrapper.ensure_connection()
    assert _mode(sqlite_file) == "wal"
    assert "PRAGMA journal_mode=WAL" in statements
    wrapper.close()
    statements.clear()
    wrapper.ensure_connection()
    # A file already in WAL: a new connection only reads the mode.
    assert "PRAGMA journal_mode" in statements
    assert "PRAGMA journal_mode=WAL" not in statements
    assert _mode(sqlite_file) == "wal"


def test_a_kept_connection_is_usable_while_its_file_is(sqlite_file: Path, wrapper: Any) -> None:
    wrapper.ensure_connection()
    assert wrapper.is_usable()
    away = sqlite_file.with_name("away.sqlite3")
    sqlite_file.rename(away)
    assert not wrapper.is_usable()  # moved away: the next request opens the path anew
    away.rename(sqlite_file)
    assert wrapper.is_usable()


def test_a_replaced_file_is_opened_anew(sqlite_file: Path, wrapper: Any) -> None:
    wrapper.ensure_connection()
    copy = sqlite_file.with_name("restored.sqlite3")
    shutil.copyfile(sqlite_file, copy)
    copy.replace(sqlite_file)  # what a restore does
    assert not wrapper.is_usable()
    wrapper.close()
    wrapper.ensure_connection()
    assert wrapper.is_usable()


def test_the_default_database_keeps_connections_with_health_checks() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "doorstroom.common.sqlite"
    assert (database["CONN_MAX_AGE"] or 0) > 0
    assert database["CONN_HEALTH_CHECKS"] is True
    assert "journal_mode" not in database["OPTIONS"]["init_command"]
