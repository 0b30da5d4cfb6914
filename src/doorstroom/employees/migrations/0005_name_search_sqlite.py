"""A trigram full-text index of the names for the search by name, on SQLite only.

PostgreSQL serves ``employee_search`` through the trigram indexes of 0003. SQLite cannot
index ``LIKE '%word%'``, so the search read the employees in id order until a page was full:
fast for a common name, a scan of the whole table for a rare one. SQLite's FTS5 has a
``trigram`` tokenizer (SQLite 3.34+) whose index answers a quoted phrase as a
case-insensitive substring of a column: the same meaning as ``icontains`` on PostgreSQL, so
the search means one thing on both databases (docs/performance.md, "Search by name").

The index is an *external-content* FTS5 table over ``employees_employee``: it stores only
the trigrams, and three triggers keep it in step with every insert, update and delete,
whoever writes (the services, retention's pseudonymisation, the benchmark generator's bulk
inserts, a restore, Django's test flush). Not part of the models' state: no model change,
nothing for PostgreSQL to build.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "employees_employee_name"

CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "given_name, family_name, content='employees_employee', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON employees_employee BEGIN "
    f"INSERT INTO {TABLE}(rowid, given_name, family_name) "
    "VALUES (new.id, new.given_name, new.family_name); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON employees_employee BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, given_name, family_name) "
    "VALUES ('delete', old.id, old.given_name, old.family_name); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE OF given_name, family_name "
    f"ON employees_employee BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, given_name, family_name) "
    "VALUES ('delete', old.id, old.given_name, old.family_name); "
    f"INSERT INTO {TABLE}(rowid, given_name, family_name) "
    "VALUES (new.id, new.given_name, new.family_name); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
)
DROP = (
    f"DROP TRIGGER IF EXISTS {TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {TABLE}_au",
    f"DROP TABLE IF EXISTS {TABLE}",
)


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("employees", "0004_historicalsupportpackage")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
