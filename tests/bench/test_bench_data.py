"""The benchmark data generator (`benchdata/`): deterministic whatever the number of workers,
valid and unique national numbers, referential integrity, and an empty database only.

Small runs on SQLite (scale 0.01: 250 employees) with a small chunk, so that the employees
span several chunks and two worker processes really share them."""

from __future__ import annotations

import io
import math
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from stdnum.be import nn

from doorstroom.benchdata import people
from doorstroom.benchdata.generator import Generator
from doorstroom.employees.models import Employee, Evaluation
from doorstroom.privacy.national_numbers import national_number_hash
from doorstroom.trajectories.models import Activity, Trajectory

pytestmark = pytest.mark.django_db

SCALE = 0.01
CHUNK = 60  # 250 employees: five chunks, the last one short
#: Compared row for row between runs: the people's tables, their history, and the organisations.
TABLES = (
    "employees_employee",
    "employees_historicalemployee",
    "employees_supportpackage",
    "employees_evaluation",
    "employees_criterionjudgement",
    "referrals_referral",
    "trajectories_trajectory",
    "trajectories_activity",
    "trajectories_historicalactivity",
    "trajectories_internship",
    "trajectories_outcome",
    "organisations_organisation",
    "mandates_mandateapplication",
)


class _Undo(Exception):
    """Raised to roll a generated database back within the test."""


def _dump() -> dict[str, list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        dump = {}
        for table in TABLES:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 (our table names)
            dump[table] = cursor.fetchall()
    return dump


def _generate_and_dump(*, workers: int, seed: int = 7) -> dict[str, list[tuple[Any, ...]]]:
    """Generate into the test database, dump it, and roll it back."""
    try:
        with transaction.atomic():
            Generator(scale=SCALE, seed=seed, workers=workers, chunk=CHUNK).run()
            dump = _dump()
            raise _Undo
    except _Undo:
        pass
    assert not Employee.objects.exists()
    return dump


def test_same_seed_gives_the_same_rows_with_one_or_two_workers() -> None:
    one = _generate_and_dump(workers=1)
    again = _generate_and_dump(workers=1)
    two = _generate_and_dump(workers=2)
    assert len(one["employees_employee"]) == 250
    assert one["trajectories_trajectory"], "the sample must reach trajectories"
    assert one["trajectories_activity"]
    assert one == again
    assert one == two


def test_another_seed_gives_other_rows() -> None:
    assert _generate_and_dump(workers=1, seed=7) != _generate_and_dump(workers=1, seed=8)


def test_national_numbers_are_valid_unique_and_hashed_as_the_app_does() -> None:
    Generator(scale=SCALE, seed=3, workers=1, chunk=CHUNK).run()
    offset = people.national_number_offset(3)
    employees = list(Employee.objects.values_list("id", "national_number_hash"))
    numbers = {pk: people.national_number_for(pk - 1, offset) for pk, _ in employees}
    assert all(nn.is_valid(n) for n in numbers.values())
    assert len(set(numbers.values())) == len(employees) == 250
    # The stored hash is the app's own (`privacy/national_numbers.py`): search finds them.
    assert {h for _, h in employees} == {national_number_hash(n) for n in numbers.values()}
    masked = Employee.objects.get(pk=1).national_number_masked
    assert masked == f"{numbers[1][0:2]}.{numbers[1][2:4]}.{numbers[1][4:6]}-***.**"


def test_national_numbers_are_unique_across_chunks_at_any_scale() -> None:
    """The map from employee to number is a bijection of the whole space of numbers."""
    assert math.gcd(people.NATIONAL_NUMBER_STEP, people.NATIONAL_NUMBERS) == 1
    offset = people.national_number_offset(1)
    sample = [people.national_number_for(i, offset) for i in range(0, 3_000_000, 13)]
    assert len(set(sample)) == len(sample)
    assert all(nn.is_valid(n) for n in sample[:2000])
    # Serial 998 stays free for the harness's known people.
    assert all(n[6:9] not in ("998", "999", "000") for n in sample)


def test_generated_data_keeps_its_integrity_and_sequences_move_past_it() -> None:
    Generator(scale=SCALE, seed=5, workers=2, chunk=CHUNK).run()
    out = io.StringIO()
    call_command("check_integrity", stdout=out)  # raises CommandError on a breach
    assert "integrity: ok" in out.getvalue()
    if connection.vendor == "sqlite":
        # Every reference points at an existing row (not checked during the load).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
    # New rows get fresh keys after the generated ones (gaps between chunks are fine).
    trajectory = Trajectory.objects.order_by("id").first()
    assert trajectory is not None
    activity = Activity.objects.create(
        trajectory=trajectory, on=date(2026, 10, 1), kind="guidance", hours="1.00"
    )
    assert activity.pk > Activity.objects.exclude(pk=activity.pk).order_by("-pk")[0].pk
    assert activity.history.count() == 1
    evaluation_ids = list(Evaluation.objects.values_list("id", flat=True))
    assert len(evaluation_ids) == len(set(evaluation_ids))


def test_bench_data_refuses_a_database_with_data(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("bench_data", scale=0.002, workers=1, no_progress=True)
    count = Employee.objects.count()
    assert count == 50
    with pytest.raises(CommandError, match="holds data already"):
        call_command("bench_data", scale=0.002, workers=1, no_progress=True)
    assert Employee.objects.count() == count


def test_bench_data_refuses_zero_workers() -> None:
    with pytest.raises(CommandError, match="--workers"):
        call_command("bench_data", scale=0.002, workers=0, no_progress=True)
