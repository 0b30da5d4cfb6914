"""Bulk writing of generated rows: COPY on PostgreSQL, executemany on SQLite.

Rows are plain tuples in the order of the columns named for the table. Primary keys are set by
the generator (so rows can point at each other before they exist) and the sequences are moved
past them at the end. For every model with django-simple-history the same rows are written to
its historical table as a creation ("+") at the row's creation time, which is what the services
would have left behind; its ``history_id`` is the row's primary key (one creation row per record),
so it does not depend on the order in which parallel connections write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

Row = tuple[Any, ...]


def columns_of(model: type[Model], fields: Sequence[str]) -> list[str]:
    return [_column(model, name) for name in fields]


def _column(model: type[Model], name: str) -> str:
    return str(model._meta.get_field(name).column)  # type: ignore[union-attr]


def _history_model(model: type[Model]) -> type[Model] | None:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


def history_plan(
    model: type[Model], fields: Sequence[str]
) -> tuple[str, list[str], list[int]] | None:
    """(history table, its columns, positions of the row's values kept) or None without history.

    The columns are the kept ones, then history_date, history_change_reason, history_type,
    history_user_id and history_id: see `history_row`."""
    history = _history_model(model)
    if history is None:
        return None
    kept = {f.name for f in history._meta.concrete_fields}
    keep = [i for i, name in enumerate(fields) if name in kept]
    cols = [_column(model, fields[i]) for i in keep]
    cols += [
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
        "history_id",
    ]
    return history._meta.db_table, cols, keep


class Writer:
    """Collects rows per model and writes them in one round trip per table and flush."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.pending: dict[type[Model], tuple[list[str], list[Row], int | None]] = {}
        self.models_written: set[type[Model]] = set()
        self.rows_written = 0

    def add(
        self,
        model: type[Model],
        fields: Sequence[str],
        rows: Iterable[Row],
        *,
        created_index: int | None = None,
    ) -> None:
        """Queue rows; ``created_index`` is the position of ``created_at`` for the history row."""
        if model not in self.pending:
            self.pending[model] = (list(fields), [], created_index)
        self.pending[model][1].extend(rows)

    def flush(self) -> None:
        for model, (fields, rows, created_index) in self.pending.items():
            if not rows:
                continue
            self._write(model._meta.db_table, columns_of(model, fields), rows)
            self.models_written.add(model)
            plan = history_plan(model, fields)
            if plan is not None and created_index is not None:
                table, cols, keep = plan
                hist_rows = [
                    (*(row[i] for i in keep), row[created_index], None, "+", None, row[0])
                    for row in rows
                ]
                self._write(table, cols, hist_rows)
        self.pending = {}

    def _write(self, table: str, cols: list[str], rows: list[Row]) -> None:
        quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
        with connection.cursor() as cursor:
            if self.postgres:
                sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(cols))
                sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"  # noqa: S608 (model tables)
                cursor.executemany(sql, rows)
        self.rows_written += len(rows)

    def reset_sequences(self) -> None:
        models = list(self.models_written)
        models += [h for h in map(_history_model, self.models_written) if h is not None]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
