"""A trajectory's stored totals (hours, internships, suspended days; `trajectories.totals`)
equal a recount of its rows after every write: through the services, through the ORM (add,
change, delete), in any order (hypothesis), and a failed write leaves them unchanged."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstroom.common.errors import InvalidInput, RuleViolation, StateConflict
from doorstroom.organisations.models import Organisation
from doorstroom.trajectories import services, totals
from doorstroom.trajectories.models import Activity, Internship, Suspension, Trajectory
from tests.monitoring.conftest import chain

pytestmark = pytest.mark.django_db

START = date(2024, 1, 3)


def stored(trajectory: Trajectory) -> tuple[Decimal, int, int]:
    row = Trajectory.objects.values_list(*totals.FIELDS).get(pk=trajectory.pk)
    return (Decimal(row[0]).quantize(Decimal("0.01")), row[1], row[2])


def counted(trajectory: Trajectory) -> tuple[Decimal, int, int]:
    hours = sum((a.hours for a in Activity.objects.filter(trajectory=trajectory)), Decimal(0))
    days = sum(
        (s.ends_on - s.starts_on).days + 1 for s in Suspension.objects.filter(trajectory=trajectory)
    )
    internships = Internship.objects.filter(trajectory=trajectory).count()
    return (hours.quantize(Decimal("0.01")), internships, days)


def open_trajectory(partner: Organisation) -> Trajectory:
    trajectory = chain(partner, referred_on=date(2024, 1, 2), started_on=START).trajectory
    assert trajectory is not None
    return trajectory


def test_each_service_keeps_the_totals(organisation: Organisation) -> None:
    trajectory = open_trajectory(organisation)
    assert stored(trajectory) == (Decimal("0.00"), 0, 0)
    services.activity_record(
        trajectory=trajectory, on=date(2024, 1, 4), kind="guidance", hours=Decimal("1.25")
    )
    services.activity_record(
        trajectory=trajectory, on=date(2024, 1, 5), kind="guidance", hours=Decimal("0.10")
    )
    assert stored(trajectory) == (Decimal("1.35"), 0, 0)
    services.suspension_add(
        trajectory=trajectory, starts_on=date(2024, 2, 1), ends_on=date(2024, 2, 1), reason="ziek"
    )
    assert stored(trajectory) == (Decimal("1.35"), 0, 1)  # one day: both ends included
    services.suspension_add(
        trajectory=trajectory, starts_on=date(2024, 3, 1), ends_on=date(2024, 3, 31), reason="x"
    )
    assert stored(trajectory) == (Decimal("1.35"), 0, 32)
    services.internship_add(
        trajectory=trajectory,
        employer_enterprise_number="0403.091.220",
        employer_name="Werkgever",
        vacancy="Magazijnier",
        starts_on=date(2024, 4, 1),
        ends_on=date(2024, 4, 30),
    )
    assert stored(trajectory) == (Decimal("1.35"), 1, 32) == counted(trajectory)


def test_changes_and_deletes_outside_the_services_keep_the_totals(
    organisation: Organisation,
) -> None:
    trajectory = open_trajectory(organisation)
    other = open_trajectory(organisation)
    activity = Activity.objects.create(trajectory=trajectory, on=START, kind="x", hours=3)
    suspension = Suspension.objects.create(
        trajectory=trajectory, starts_on=START, ends_on=START + timedelta(4), reason="r"
    )
    assert stored(trajectory) == (Decimal("3.00"), 0, 5)
    activity.hours = Decimal("2.50")
    activity.save()
    suspension.ends_on = START + timedelta(1)
    suspension.save()
    assert stored(trajectory) == (Decimal("2.50"), 0, 2) == counted(trajectory)
    activity.delete()
    suspension.delete()
    assert stored(trajectory) == (Decimal("0.00"), 0, 0)
    assert stored(other) == (Decimal("0.00"), 0, 0)  # only the written trajectory moves


def test_a_failed_write_changes_nothing(organisation: Organisation) -> None:
    trajectory = open_trajectory(organisation)
    services.activity_record(trajectory=trajectory, on=START, kind="guidance", hours=Decimal(2))
    services.suspension_add(
        trajectory=trajectory, starts_on=date(2024, 2, 1), ends_on=date(2024, 2, 10), reason="x"
    )
    before = stored(trajectory)
    with pytest.raises(InvalidInput):  # before the start
        services.activity_record(
            trajectory=trajectory, on=START - timedelta(1), kind="guidance", hours=Decimal(1)
        )
    with pytest.raises(InvalidInput):  # overlaps the first suspension
        services.suspension_add(
            trajectory=trajectory,
            starts_on=date(2024, 2, 10),
            ends_on=date(2024, 2, 12),
            reason="x",
        )
    with pytest.raises(RuleViolation):  # longer than 3 months
        services.internship_add(
            trajectory=trajectory,
            employer_enterprise_number="0403.091.220",
            employer_name="W",
            vacancy="V",
            starts_on=date(2024, 4, 1),
            ends_on=date(2024, 9, 30),
        )
    assert stored(trajectory) == before == counted(trajectory)
    Trajectory.objects.filter(pk=trajectory.pk).update(ended_on=date(2024, 3, 1))
    with pytest.raises(StateConflict):  # closed
        services.suspension_add(
            trajectory=trajectory, starts_on=date(2024, 3, 2), ends_on=date(2024, 3, 3), reason="x"
        )
    assert stored(trajectory) == before


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("activity"), st.integers(1, 2400), st.integers(0, 1)),
        st.tuples(st.just("suspension"), st.integers(0, 40), st.integers(0, 1)),
        st.tuples(st.just("internship"), st.integers(0, 60), st.integers(0, 1)),
        st.tuples(st.just("delete"), st.integers(0, 20), st.integers(0, 1)),
    ),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_any_sequence_of_writes_keeps_the_totals(
    organisation: Organisation, steps: list[tuple[Any, ...]]
) -> None:
    trajectories = [open_trajectory(organisation), open_trajectory(organisation)]
    rows: list[Any] = []
    for day, (kind, n, which) in enumerate(steps):
        trajectory = trajectories[which]
        on = START + timedelta(day * 50)
        if kind == "activity":
            rows.append(
                Activity.objects.create(
                    trajectory=trajectory, on=on, kind="guidance", hours=Decimal(n) / 100
                )
            )
        elif kind == "suspension":
            rows.append(
                Suspension.objects.create(
                    trajectory=trajectory, starts_on=on, ends_on=on + timedelta(n), reason="r"
                )
            )
        elif kind == "internship":
            rows.append(
                Internship.objects.create(
                    trajectory=trajectory,
                    employer_enterprise_number="0403091220",
                    employer_name="W",
                    vacancy="V",
                    starts_on=on,
                    ends_on=on + timedelta(n),
                )
            )
        elif rows:
            rows.pop(n % len(rows)).delete()
        for t in trajectories:
            assert stored(t) == counted(t)
    assert totals.differences() == []
    for row in rows:
        row.delete()
    assert [stored(t) for t in trajectories] == [(Decimal("0.00"), 0, 0)] * 2


def test_rebuild_writes_what_the_signals_write(organisation: Organisation) -> None:
    trajectory = open_trajectory(organisation)
    Activity.objects.create(trajectory=trajectory, on=START, kind="x", hours=Decimal("7.33"))
    Suspension.objects.create(trajectory=trajectory, starts_on=START, ends_on=START, reason="r")
    expected = stored(trajectory)
    Trajectory.objects.update(hours_total=0, internship_count=9, suspended_days=9)
    assert len(totals.differences()) == 1
    assert totals.rebuild() == 1
    assert stored(trajectory) == expected
    assert totals.differences() == []
