"""The lead times of the scheduled reminders (R1, R6, R15): both sides of each day."""

from __future__ import annotations

from datetime import date

import pytest

from doorstroom.rules.mandates import decision_due_alert_on, recognition_reminder_on
from doorstroom.rules.packages import package_evaluation_due_on


@pytest.mark.parametrize(
    ("due_on", "alert_on"),
    [(date(2026, 2, 28), date(2026, 2, 21)), (date(2024, 3, 6), date(2024, 2, 28))],
)
def test_decision_due_alert_a_week_before(due_on: date, alert_on: date) -> None:
    day, lead = decision_due_alert_on(due_on=due_on)
    assert day == alert_on
    assert lead.name == "decision_due_alert_lead_days" and lead.value == 7


def test_recognition_reminder_ninety_days_before() -> None:
    day, lead = recognition_reminder_on(valid_until=date(2026, 6, 30))
    assert day == date(2026, 4, 1)
    assert lead.value == 90


def test_package_evaluation_due_ninety_days_before_the_last_day() -> None:
    day, lead = package_evaluation_due_on(valid_until=date(2028, 12, 31))
    assert day == date(2028, 10, 2)
    assert lead.name == "package_evaluation_lead_days"
