"""How far a running import is, readable by any process while the import's transaction is open.

The import writes all its rows in one transaction, so a progress column in the database would
stay invisible to the page until the end (and on SQLite would wait for the write lock). A small
file beside the media (shared by the hosts, like the evidence) says "done of total" instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings


def _path(import_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "registers" / f"{import_id}.progress.json"


def progress_write(import_id: int, done: int, total: int) -> None:
    path = _path(import_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps({"done": done, "total": total}))
    partial.replace(path)  # atomic: a reader never sees half a file


def progress_read(import_id: int) -> tuple[int, int]:
    try:
        data = json.loads(_path(import_id).read_text())
        return int(data["done"]), int(data["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0, 0


def progress_clear(import_id: int) -> None:
    _path(import_id).unlink(missing_ok=True)
