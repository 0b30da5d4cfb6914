"""Outcomes recorded at the same moment in different groups: no deadlock, no error,
and the indicators' tables still equal the facts.

Every outcome moves the same rows of the breakdowns' duration histograms (the totals', a
province's, a framework's), each writer a different set beside them, and the first writers
of a key race to insert it. `tally.add_to_rows` locks the rows it moves in id order, and adds
a key's count to its first row only, so neither a deadlock nor a raced duplicate shows.
"""

from __future__ import annotations

import threading

from django.db import connection

from doorstroom.common import clock
from doorstroom.monitoring import tally
from doorstroom.monitoring.models import IndicatorTally
from doorstroom.trajectories.models import Outcome, Trajectory
from doorstroom.trajectories.services import outcome_record
from tests.concurrency.conftest import POSTGRES_ONLY, TRANSACTIONAL, trajectories_for
from tests.factories import make_partner

pytestmark = [TRANSACTIONAL, POSTGRES_ONLY]

WRITERS = 8
#: The employees' postal codes: four provinces, so the writers lock four groups (a group is a
#: partner, a province, a framework and a target group) and share the totals' rows.
EMPLOYEES = ("9000", "3500", "2000", "8000")


def test_simultaneous_outcomes_neither_deadlock_nor_count_twice() -> None:
    today = clock.today()
    partner = make_partner("Jobkracht Gent vzw", "9000")
    # four provinces (four groups), three durations
    trajectories = trajectories_for(
        partner, WRITERS, today=today, postal_codes=EMPLOYEES, started_days_ago=(70, 69, 68)
    )
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
