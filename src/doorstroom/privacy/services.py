"""Write the processing log: one row per person whose record was read."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

from django.db import connection, transaction
from django.utils import timezone

from doorstroom.accounts.models import User
from doorstroom.privacy.models import AccessLog

#: Rows per INSERT: 5 parameters each, well below SQLite's 32,766 parameters per statement.
CHUNK = 1000


def access_log_record(
    *, user: User | None, employee_ids: Iterable[int], purpose: str, path: str = ""
) -> int:
    """Log a read of each person's record in one insert; returns the number of rows.

    Every list of people writes up to a page of rows on every read, so this is on the hot path
    of the searches and lists (docs/performance.md, "Lists and details near their floor"):
    one hand-written multi-row ``INSERT`` with the shared values adapted once, instead of a
    model instance per row and ``bulk_create`` (which also asks PostgreSQL for the new ids,
    which nobody reads). The columns and their values are those ``bulk_create`` wrote;
    ``at`` is the same ``now`` for every row of one read, as ``auto_now_add`` gave them.
    A page is one statement, atomic by itself, so it needs no BEGIN/COMMIT round trips of its
    own (inside a caller's transaction it joins that one); a longer list is written in chunks
    of ``CHUNK`` rows (SQLite's limit on parameters) inside one transaction.
    """
    ids = [int(employee_id) for employee_id in dict.fromkeys(employee_ids)]
    if not ids:
        return 0
    meta = AccessLog._meta
    fields = {field.name: field for field in meta.concrete_fields}
    at = fields["at"].get_db_prep_value(timezone.now(), connection)
    shared = [at, user.pk if user is not None else None, purpose, path[:300]]
    columns = ", ".join(
        connection.ops.quote_name(str(fields[name].column))
        for name in ("at", "user", "purpose", "path", "employee")
    )
    table = connection.ops.quote_name(meta.db_table)
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    with transaction.atomic() if len(chunks) > 1 else nullcontext(), connection.cursor() as cursor:
        for chunk in chunks:
            rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            params = [value for employee_id in chunk for value in (*shared, employee_id)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {rows}", params)  # noqa: S608
    return len(ids)
