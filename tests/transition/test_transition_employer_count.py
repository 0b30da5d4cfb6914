"""R8's count of an employer's employees in a trajectory on the evaluation day
(`employees.services.employer_in_trajectory_count`), on both sides of a trajectory's first and
last day; read through the employees' trajectories since employees sit below trajectories."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from doorstroom.employees.services import employer_in_trajectory_count
from doorstroom.organisations.models import Organisation
from tests.factories import enterprise_number
from tests.monitoring.conftest import chain


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2024, 2, 29), 0),  # before the first start
        (date(2024, 3, 1), 1),  # the first starts
        (date(2024, 3, 9), 1),
        (date(2024, 3, 10), 2),  # the second starts
        (date(2024, 3, 20), 2),  # the second's last day still counts
        (date(2024, 3, 21), 1),  # the day after it ended
    ],
)
def test_running_trajectories_of_the_employer_are_counted(db: Any, on: date, expected: int) -> None:
    partner = Organisation.objects.create(
        enterprise_number=enterprise_number(6_000_077), name="Partner", postal_code="9000"
    )
    first = chain(partner, referred_on=date(2024, 2, 1), started_on=date(2024, 3, 1))
    chain(
        partner,
        referred_on=date(2024, 2, 1),
        started_on=date(2024, 3, 10),
        ended_on=date(2024, 3, 20),
    )
    chain(partner, referred_on=date(2024, 2, 1))  # referred, never started
    employer_id = first.person.employer_id
    assert employer_in_trajectory_count(employer_id=employer_id, on=on) == expected
    assert employer_in_trajectory_count(employer_id=partner.pk, on=on) == 0
