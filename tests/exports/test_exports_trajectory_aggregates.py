"""The trajectory export's hours, internships and suspended days, read by grouped queries
merged with the trajectories as they stream, agree with each trajectory's own rows."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from doorstroom.exports import tables
from doorstroom.organisations.models import Organisation
from doorstroom.trajectories.models import Activity, Internship, Trajectory
from tests.exports.test_exports_api import csv_rows
from tests.monitoring.conftest import chain

pytestmark = pytest.mark.django_db


def _expected(trajectory: Trajectory) -> tuple[Decimal, int, int]:
    hours = sum((a.hours for a in trajectory.activities.all()), Decimal(0))
    suspended = sum((s.ends_on - s.starts_on).days + 1 for s in trajectory.suspensions.all())
    return hours, trajectory.internships.count(), suspended


def _shown(row: list[str]) -> tuple[Decimal, int, int]:
    return Decimal(row[12].replace(",", ".")), int(row[13]), int(row[14])


def test_aggregates_follow_each_trajectory(
    reviewer: APIClient, organisation: Organisation, other_organisation: Organisation
) -> None:
    rng = random.Random(4)  # noqa: S311 - test data
    for i in range(40):
        # Few start days, so many trajectories share one and the id decides the order.
        day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 3))
        c = chain(
            (organisation, other_organisation)[i % 2],
            referred_on=day,
            started_on=day,
            suspended=(day, day + timedelta(days=rng.randint(0, 5)))
            if rng.random() < 0.4
            else None,
        )
        assert c.trajectory is not None
        for _ in range(rng.randint(0, 3)):
            Activity.objects.create(
                trajectory=c.trajectory, on=day, kind="x", hours=Decimal(rng.randint(1, 9)) / 2
            )
        for _ in range(rng.randint(0, 2)):
            Internship.objects.create(
                trajectory=c.trajectory,
                employer_enterprise_number="0417497106",
                employer_name="B",
                vacancy="V",
                starts_on=day,
                ends_on=day,
            )
    rows = csv_rows(reviewer.get("/api/v1/exports/trajectories.csv"))[1:]
    ordered = Trajectory.objects.order_by("started_on", "id")
    assert [int(r[0]) for r in rows] == [t.pk for t in ordered]
    for row, trajectory in zip(rows, ordered, strict=True):
        assert _shown(row) == _expected(trajectory), trajectory.pk


def test_no_trajectory_no_aggregate_query(django_assert_num_queries: object) -> None:
    user = User(role="esf_officer")
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert list(tables.trajectory_rows(user, tables.TrajectoryFilter())) == []


# Outside a test transaction, as in production; serialized_rollback puts the migrated rows back
# (a plain flush would renumber the content types on PostgreSQL for the tests after it).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_reads_without_holding_the_write_lock() -> None:
    """On SQLite the rows are read outside a transaction (one would be IMMEDIATE); on
    PostgreSQL inside one, so the server-side cursors are not WITH HOLD."""
    user = User(role="esf_officer")
    seen: list[bool] = []

    def rows() -> object:
        seen.append(connection.in_atomic_block)
        yield from ()

    wrapped = tables._in_one_snapshot(lambda: rows())  # type: ignore[arg-type,return-value]
    list(wrapped())
    assert seen == [connection.vendor == "postgresql"]
    assert list(tables.mandate_rows(user, today=date(2026, 1, 1))) == []
