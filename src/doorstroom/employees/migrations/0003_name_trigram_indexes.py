"""Trigram indexes for the search by name, on PostgreSQL only (a no-op elsewhere).

The search (`employees.selectors.employee_search`) keeps its meaning: every word is a part
of the given or the family name, case-insensitive. On PostgreSQL Django writes that as
``UPPER("family_name"::text) LIKE UPPER('%word%')``; a GIN index with ``gin_trgm_ops`` on
exactly that expression lets PostgreSQL find the rows through the trigrams of a word of three
characters or more instead of reading the table in id order (docs/performance.md,
"Performance II"). ``pg_trgm`` is a trusted extension (PostgreSQL 13+): the database owner
may create it. SQLite keeps no index for it (see docs/performance.md: why not a prefix search).
The indexes are not part of the models' state: no model change, nothing for SQLite to build.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEXES = (
    ("employees_employee_family_name_trgm", "family_name"),
    ("employees_employee_given_name_trgm", "given_name"),
)


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "employees_employee" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("employees", "0002_target_groups_package_trace")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
