"""R3 Six-year validity: period, renewal reminder and status of a mandate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom.rules.calendar import add_years
from doorstroom.rules.mandates import mandate_period, mandate_status, renewal_reminder_on


@pytest.mark.parametrize(
    ("starts_on", "valid_until"),
    [
        (date(2022, 3, 1), date(2028, 2, 29)),  # DOMAIN.md examples
        (date(2024, 2, 29), date(2030, 2, 27)),
        (date(2023, 7, 15), date(2029, 7, 14)),
        (date(2019, 1, 1), date(2024, 12, 31)),
        (date(2024, 3, 1), date(2030, 2, 28)),
        (date(2026, 3, 1), date(2032, 2, 29)),
    ],
)
def test_mandate_period(starts_on: date, valid_until: date) -> None:
    period = mandate_period(starts_on=starts_on)
    assert (period.valid_from, period.valid_until) == (starts_on, valid_until)
    assert [(p.name, p.value) for p in period.parameters] == [("mandate_validity_years", 6)]


@given(st.dates(min_value=date(2019, 1, 1), max_value=date(2100, 12, 31)))
def test_mandate_lasts_exactly_six_years(starts_on: date) -> None:
    period = mandate_period(starts_on=starts_on)
    assert period.valid_until > period.valid_from
    assert period.valid_until + timedelta(days=1) == add_years(period.valid_from, 6)
    assert (
        mandate_status(
            valid_from=period.valid_from, valid_until=period.valid_until, today=period.valid_until
        )
        == "active"
    )


def test_renewal_reminder() -> None:
    reminder, lead = renewal_reminder_on(valid_until=date(2028, 2, 29))
    assert reminder == date(2028, 2, 29) - timedelta(days=180)
    assert (lead.name, lead.value) == ("renewal_reminder_lead_days", 180)


VALID_FROM, VALID_UNTIL = date(2022, 3, 1), date(2028, 2, 29)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (VALID_FROM - timedelta(days=1), "future"),
        (VALID_FROM, "active"),
        (VALID_UNTIL, "active"),
        (VALID_UNTIL + timedelta(days=1), "expired"),
    ],
)
def test_mandate_status(today: date, status: str) -> None:
    assert mandate_status(valid_from=VALID_FROM, valid_until=VALID_UNTIL, today=today) == status
