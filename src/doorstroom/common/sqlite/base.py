"""Django's SQLite backend with WAL set once per file and connections kept while safe.

Why: every new connection used to run ``PRAGMA journal_mode=WAL`` and connections were not
reused (``CONN_MAX_AGE=0``), ≈ 3 ms per request (docs/performance.md, "Performance II").

* WAL is a property of the database file and persists: a new connection only reads the mode
  (no lock) and switches to WAL when the file is not in it yet (a new or restored file).
  ``synchronous=NORMAL`` and the busy timeout are per connection and cheap; they stay in the
  settings (``init_command``, ``timeout``).
* Connections are reused (``CONN_MAX_AGE``) with health checks: a kept connection is usable
  only while the path still names the file it opened (same device and inode). A file moved
  away, deleted or replaced (a restore) makes the next request open the path anew, so it
  either sees the new file or fails as the database being unavailable (503) instead of
  serving from a file that is no longer the database.
"""

from __future__ import annotations

import os
from typing import Any

from django.db.backends.sqlite3 import base


def _identity(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


class DatabaseWrapper(base.DatabaseWrapper):
    _file: tuple[int, int] | None = None

    def get_new_connection(self, conn_params: Any) -> Any:
        conn = super().get_new_connection(conn_params)
        if self.is_in_memory_db():
            return conn
        (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
        if str(mode).lower() != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        self._file = _identity(str(self.settings_dict["NAME"]))
        return conn

    def is_usable(self) -> bool:
        if self.is_in_memory_db():
            return True
        return self._file is not None and _identity(str(self.settings_dict["NAME"])) == self._file
