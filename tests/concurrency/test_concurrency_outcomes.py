"""Outcomes recorded at the same moment by partners in different groups: no deadlock, no error,
and the indicators' tables still equal the facts.

Every outcome moves the same rows of the breakdowns' duration histograms (the totals', a
province's, a framework's), each writer a different set beside them, and the first writers
of a key race to insert it. `tally.add_to_rows` locks the rows it moves in id order, and adds
a key's count to its first row only, so neither a deadlock nor a raced duplicate shows.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from django.db import connection

from doorstroom.common import clock
from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.monitoring import tally
from doorstroom.monitoring.models import IndicatorTally
from doorstroom.organisations.services import organisation_create
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.models import Outcome, Trajectory
from doorstroom.trajectories.services import outcome_record, trajectory_start
from tests.concurrency.conftest import FAVOURABLE, POSTGRES_ONLY, TRANSACTIONAL
from tests.factories import enterprise_number, make_partner, national_number

pytestmark = [TRANSACTIONAL, POSTGRES_ONLY]

WRITERS = 8
#: The employees' postal codes: four provinces, so the writers lock four groups (a group is a
#: partner, a province, a framework and a target group) and share the totals' rows.
EMPLOYEES = ("9000", "3500", "2000", "8000")


def _trajectories() -> list[Trajectory]:
    """`WRITERS` trajectories with one partner, of employees in four provinces, started on
    three different days (three durations)."""
    today = clock.today()
    partner = make_partner("Jobkracht Gent vzw", "9000")
    employer = organisation_create(
        enterprise_number=enterprise_number(6_960_001), name="Maatwerk", postal_code="9000"
    )
    made = []
    for i in range(WRITERS):
        employee = employee_create(
            national_number=national_number(700 + i),
            given_name=f"Werknemer{i}",
            family_name="Test",
            postal_code=EMPLOYEES[i % len(EMPLOYEES)],
            employer=employer,
            framework="maatwerk",
            target_group="work_disability",
            hired_on=today - timedelta(days=2000),
            package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
        )
        evaluation = evaluation_create(
            employee=employee,
            evaluated_on=today - timedelta(days=90),
            needs_support=False,
            package_still_correct=True,
            criteria=FAVOURABLE,
        )
        referral = referral_create(
            evaluation=evaluation,
            partner=partner,
            referred_on=today - timedelta(days=80),
        )
        started = today - timedelta(days=70 - i % 3)
        made.append(trajectory_start(referral=referral, started_on=started))
    return made


def test_simultaneous_outcomes_neither_deadlock_nor_count_twice() -> None:
    trajectories = _trajectories()
    today = clock.today()
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def record(trajectory: Trajectory, i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcome_record(
                trajectory=trajectory,
                kind="stopped" if i % 2 else "returned",
                on=today,
                reason="Stopgezet op eigen vraag.",
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(trajectory, i))
        for i, trajectory in enumerate(trajectories)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Outcome.objects.count() == WRITERS
    assert tally.verify() == []
    stopped = IndicatorTally.objects.filter(metric="outcome_stopped", target_group__isnull=True)
    assert sum(stopped.values_list("n", flat=True)) == WRITERS // 2
