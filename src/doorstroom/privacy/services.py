"""Write the processing log: one row per person whose record was read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from doorstroom.accounts.models import User
from doorstroom.privacy.models import AccessLog

#: Rows per INSERT (the people's ids are one parameter; a bound on one statement's size).
CHUNK = 1000


def _rows_of_ids(fields: dict[str, Field[Any, Any]], names: tuple[str, ...]) -> str:
    """The SELECT of the log's rows: the four shared values and each id of the list
    parameter, in the list's order."""
    if connection.vendor == "postgresql":
        shared = ", ".join(f"CAST(%s AS {fields[name].db_type(connection)})" for name in names[:-1])
        return (
            f"SELECT {shared}, ids.id FROM unnest(CAST(%s AS bigint[])) WITH ORDINALITY"  # noqa: S608
            " AS ids(id, n) ORDER BY ids.n"
        )
    return "SELECT %s, %s, %s, %s, ids.value FROM json_each(%s) AS ids ORDER BY ids.key"


def access_log_record(
    *, user: User | None, employee_ids: Iterable[int], purpose: str, path: str = ""
) -> int:
    """Log a read of each person's record in one insert; returns the number of rows.

    Every list of people writes up to a page of rows on every read, so this is on the hot path
    of the searches and lists (docs/performance.md, "Lists and details near their floor" and
    "Performance II"): one hand-written ``INSERT … SELECT`` with the shared values adapted
    once and the people's ids as one parameter, in their order (an array on PostgreSQL, a
    JSON list on SQLite), instead of a model instance per row and ``bulk_create`` (which also
    asks PostgreSQL for the new ids, which nobody reads). A multi-row ``VALUES`` with five
    parameters per row cost the driver more than the insert: psycopg parses a long statement
    anew each time and adapts every parameter; this one is short and the same for every page.
    The columns and their values are those ``bulk_create`` wrote; ``at`` is the same ``now``
    for every row of one read, as ``auto_now_add`` gave them. A page is one statement, atomic
    by itself, so it needs no BEGIN/COMMIT round trips of its own (inside a caller's
    transaction it joins that one); a longer list is written in chunks of ``CHUNK`` rows
    inside one transaction.
    """
    ids = [int(employee_id) for employee_id in dict.fromkeys(employee_ids)]
    if not ids:
        return 0
    meta = AccessLog._meta
    fields = {field.name: field for field in meta.concrete_fields}
    at = fields["at"].get_db_prep_value(timezone.now(), connection)
    shared = [at, user.pk if user is not None else None, purpose, path[:300]]
    names = ("at", "user", "purpose", "path", "employee")
    columns = ", ".join(connection.ops.quote_name(str(fields[name].column)) for name in names)
    table = connection.ops.quote_name(meta.db_table)
    statement = f"INSERT INTO {table} ({columns}) {_rows_of_ids(fields, names)}"
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    with transaction.atomic() if len(chunks) > 1 else nullcontext(), connection.cursor() as cursor:
        for chunk in chunks:
            ids_param: list[int] | str = (
                chunk if connection.vendor == "postgresql" else json.dumps(chunk)
            )
            cursor.execute(statement, [*shared, ids_param])
    return len(ids)
