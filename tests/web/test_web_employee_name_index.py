"""The search by name keeps its meaning; its trigram indexes exist on PostgreSQL only."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

migration = importlib.import_module("doorstroom.employees.migrations.0003_name_trigram_indexes")


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "employees_employee")
    return {name for name in found if name.endswith("_trgm")}


def test_the_trigram_indexes_exist_on_postgresql_only() -> None:
    if connection.vendor == "postgresql":
        assert _indexes() == {name for name, _column in migration.INDEXES}
    else:
        assert _indexes() == set()


class _Recorder:
    def __init__(self, vendor: str) -> None:
        self.connection = type("C", (), {"vendor": vendor})()
        self.statements: list[str] = []

    def execute(self, sql: str) -> None:
        self.statements.append(sql)


def test_the_migration_is_a_no_op_elsewhere() -> None:
    editor: Any = _Recorder("sqlite")
    migration.create(None, editor)
    migration.drop(None, editor)
    assert editor.statements == []


def test_on_postgresql_the_index_is_on_the_searched_expression() -> None:
    editor: Any = _Recorder("postgresql")
    migration.create(None, editor)
    assert editor.statements[0] == "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    # Django writes icontains on PostgreSQL as UPPER("column"::text) LIKE UPPER(…): the
    # indexed expression must be the same for the planner to use it.
    assert 'USING gin ((UPPER("family_name"::text)) gin_trgm_ops)' in editor.statements[1]
    assert 'USING gin ((UPPER("given_name"::text)) gin_trgm_ops)' in editor.statements[2]
