"""R15 Two-month target: due date after completion, overdue from the day after."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom.rules.calendar import add_months
from doorstroom.rules.mandates import decision_due_on, overdue


@pytest.mark.parametrize(
    ("completed_on", "due_on"),
    [
        (date(2025, 12, 31), date(2026, 2, 28)),
        (date(2023, 12, 31), date(2024, 2, 29)),
        (date(2024, 6, 10), date(2024, 8, 10)),
        (date(2025, 12, 30), date(2026, 2, 28)),
        (date(2025, 1, 31), date(2025, 3, 31)),
        (date(2025, 11, 1), date(2026, 1, 1)),
    ],
)
def test_due_on(completed_on: date, due_on: date) -> None:
    found, used = decision_due_on(completed_on=completed_on)
    assert found == due_on
    assert (used.name, used.value) == ("decision_target_months", 2)


DUE = date(2026, 2, 28)


@pytest.mark.parametrize(
    ("due_on", "today", "decided", "is_overdue"),
    [
        (DUE, DUE - timedelta(days=1), False, False),
        (DUE, DUE, False, False),  # the due day itself is still on time
        (DUE, DUE + timedelta(days=1), False, True),  # overdue from the day after
        (DUE, DUE + timedelta(days=1), True, False),  # decided: never overdue
        (DUE, date(2030, 1, 1), True, False),
        (None, date(2030, 1, 1), False, False),  # no due date: submission not complete yet
    ],
)
def test_overdue(due_on: date | None, today: date, decided: bool, is_overdue: bool) -> None:
    outcome = overdue(due_on=due_on, today=today, decided=decided)
    assert outcome.allowed is (not is_overdue)
    assert outcome.codes == (("decision_overdue",) if is_overdue else ())


def test_overdue_reason_is_flagged_but_not_blocking() -> None:
    outcome = overdue(due_on=DUE, today=DUE + timedelta(days=1), decided=False)
    (flag,) = outcome.reasons
    assert (flag.rule, flag.blocking, flag.params) == ("R15", False, {"due_on": "2026-02-28"})
    assert outcome.blocking_reasons == ()
    assert "28 februari 2026" in flag.message_nl


@given(st.dates(min_value=date(2019, 1, 1), max_value=date(2100, 12, 31)))
def test_due_date_never_before_completion_and_about_two_months(completed_on: date) -> None:
    due_on, _ = decision_due_on(completed_on=completed_on)
    assert completed_on < due_on
    assert 28 + 30 <= (due_on - completed_on).days <= 31 + 31
    assert due_on <= add_months(completed_on, 2)
    assert not overdue(due_on=due_on, today=due_on, decided=False).codes
    assert overdue(due_on=due_on, today=due_on + timedelta(days=1), decided=False).codes
