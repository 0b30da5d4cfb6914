"""Backup and restore: the database and the evidence files in one verified archive.

An archive is a gzipped tar with
- `manifest.json`: format, engine, when, the row count of every table and the SHA-256 of every
  media file, all taken from the same snapshot as the dump;
- `db.sqlite3` (SQLite, copied with SQLite's online backup API: the app keeps running) or
  `db.pgdump` (PostgreSQL, `pg_dump -Fc` on an exported snapshot, so the counts and the dump
  agree even while the app writes);
- `media/…`: the evidence files.

`restore` checks the archive against its manifest before it touches anything, restores the
database (SQLite: the backup API into the live file; PostgreSQL: `pg_restore --clean`) and the
media files, then checks the result against the manifest again. Stop the web processes and
workers during a restore.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 # pg_dump/pg_restore with argument lists, no shell
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

FORMAT = "doorstroom-backup/1"
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    pass


@dataclass
class Manifest:
    engine: str
    created_at: str
    tables: dict[str, int]
    media: dict[str, str]
    database_file: str
    format: str = FORMAT

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise BackupError(f"Unknown archive format: {raw.get('format')!r}")
        return cls(**raw)


@dataclass
class Report:
    manifest: Manifest
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def media_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under MEDIA_ROOT, by its path relative to it (POSIX)."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256_file(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_tables(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        # Table names come from the database's own catalogue, quoted: not user input.
        sql = f"SELECT COUNT(*) FROM {_quote(table)}"  # noqa: S608 # nosec B608
        cursor.execute(sql)
        counts[table] = int(cursor.fetchone()[0])
    return counts


def table_counts() -> dict[str, int]:
    """The row count of every table of the live database."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        return _count_tables(cursor, tables)


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return sorted(row[0] for row in rows)


# --------------------------------------------------------------------------------------------
# PostgreSQL tools
# --------------------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore from PATH, else the newest under /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise BackupError(f"{name} not found (install the PostgreSQL client tools)")
    return str(candidates[-1])


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"], "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 # nosec B603 # fixed tool, argument list, no shell
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump on a snapshot exported by a repeatable-read transaction that also counts."""
    args, env = _pg_args()
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
    conn = connections.create_connection("default")
    try:
        conn.set_autocommit(False)
        with conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_tables(cursor, tables)
            _run(
                [
                    pg_tool("pg_dump"),
                    "-Fc",
                    "--no-owner",
                    "--snapshot",
                    snapshot,
                    "--file",
                    str(target),
                    *args,
                ],
                env,
            )
        conn.rollback()
    finally:
        conn.close()
    return counts


def _restore_postgresql(dump: Path) -> None:
    args, env = _pg_args()
    connections.close_all()
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env,
    )


# --------------------------------------------------------------------------------------------
# SQLite
# --------------------------------------------------------------------------------------------


def _raw_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)  # noqa: S101 (the engine is SQLite here)
    return raw


def _dump_sqlite(target: Path) -> dict[str, int]:
    copy = sqlite3.connect(target)
    try:
        _raw_sqlite().backup(copy)  # online: pages copied while others keep reading/writing
        return _count_tables(copy.cursor(), _sqlite_tables(copy))
    finally:
        copy.close()


def _restore_sqlite(dump: Path) -> None:
    source = sqlite3.connect(dump)
    try:
        source.backup(_raw_sqlite())
    finally:
        source.close()


# --------------------------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------------------------


def backup(archive: Path) -> Manifest:
    """Write the database and the media files into `archive` (a .tar.gz) with a manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    engine = _engine()
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="doorstroom-backup-") as tmp:
        database_file = "db.pgdump" if engine == "postgresql" else "db.sqlite3"
        dump = Path(tmp) / database_file
        counts = _dump_postgresql(dump) if engine == "postgresql" else _dump_sqlite(dump)
        media = media_checksums(media_root)
        manifest = Manifest(
            engine=engine,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            tables=counts,
            media=media,
            database_file=database_file,
        )
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            info = tarfile.TarInfo(MANIFEST)
            data = manifest.as_json()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=database_file)
            for name in media:
                tar.add(media_root / name, arcname=f"media/{name}")
        os.replace(partial, archive)  # a crash never leaves a half archive under the name
    return manifest


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Unsafe archive member: {member.name!r}")
        members.append(member)
    return members


def verify_archive(archive: Path, into: Path) -> Manifest:
    """Unpack into `into` and check every file against the manifest; return the manifest."""
    with tarfile.open(archive, "r:gz") as tar:
        members = _safe_members(tar)
        tar.extractall(into, members=members, filter="data")  # members checked above
    manifest = Manifest.from_json((into / MANIFEST).read_bytes())
    if not (into / manifest.database_file).is_file():
        raise BackupError(f"Archive lacks {manifest.database_file}")
    found = media_checksums(into / "media")
    if found != manifest.media:
        differ = sorted(set(found.items()) ^ set(manifest.media.items()))
        raise BackupError(f"Media files differ from the manifest: {differ[:5]}")
    return manifest


def compare(manifest: Manifest) -> list[str]:
    """What differs between the live database and media and the manifest."""
    problems = []
    counts = table_counts()
    for table, expected in sorted(manifest.tables.items()):
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, manifest {expected}")
    media = media_checksums(Path(settings.MEDIA_ROOT))
    for name in sorted(set(media) | set(manifest.media)):
        if media.get(name) != manifest.media.get(name):
            problems.append(f"media {name}: differs from the manifest")
    return problems


def restore(archive: Path) -> Report:
    """Restore the database and media files from `archive`, then check them against it."""
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="doorstroom-restore-") as tmp:
        unpacked = Path(tmp)
        manifest = verify_archive(archive, unpacked)
        if manifest.engine != engine:
            raise BackupError(f"Archive is a {manifest.engine} backup; this is {engine}")
        dump = unpacked / manifest.database_file
        if engine == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
        _restore_media(unpacked / "media", Path(settings.MEDIA_ROOT), manifest)
    return Report(manifest=manifest, problems=compare(manifest))


def _restore_media(source: Path, media_root: Path, manifest: Manifest) -> None:
    """Make MEDIA_ROOT hold exactly the archive's files (files added since are removed)."""
    media_root.mkdir(parents=True, exist_ok=True)
    for path in sorted(media_root.rglob("*"), reverse=True):
        relative = path.relative_to(media_root).as_posix()
        if path.is_file() and relative not in manifest.media:
            path.unlink()
    for name, digest in manifest.media.items():
        target = media_root / name
        if target.is_file() and _sha256_file(target) == digest:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".restoring")
        shutil.copyfile(source / name, tmp)
        os.replace(tmp, target)
