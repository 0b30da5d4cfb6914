"""Keys kept in files under var/ for the local demo (`make demo`, DOORSTROOM_DEMO=1).

A key is generated once (random, 50 bytes of `secrets`), written with mode 0600 and read back
on every later start, so the demo's sessions and national-number hashes survive a restart and
no key is a constant in the code. Production passes its keys in the environment instead
(docs/operations.md).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path


def key_file(path: Path) -> str:
    """The key in `path`; created (mode 0600) when missing. A file others may read is refused."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(50) + "\n")
            with contextlib.suppress(FileExistsError):  # a concurrent start won: keep its key
                os.link(tmp, path)  # atomic
        finally:
            os.unlink(tmp)
    if path.stat().st_mode & 0o077:
        raise RuntimeError(f"{path} may be read by others: run `chmod 600 {path}`")
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: remove it to generate a new key")
    return key
