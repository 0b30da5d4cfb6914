"""R15: decided within the two-month target, both sides of the due day (used by R5)."""

from __future__ import annotations

from datetime import date

import pytest

from doorstroom.rules.mandates import decided_within_target

DUE = date(2024, 3, 15)


@pytest.mark.parametrize(
    ("decided_on", "expected"),
    [(date(2024, 3, 14), True), (DUE, True), (date(2024, 3, 16), False)],
)
def test_on_or_before_the_due_day_is_within(decided_on: date, expected: bool) -> None:
    assert (
        decided_within_target(complete_on=date(2024, 1, 15), decided_on=decided_on, due_on=DUE)
        is expected
    )


def test_without_a_due_date_never_within() -> None:
    assert not decided_within_target(complete_on=None, decided_on=date(2024, 1, 1), due_on=None)
