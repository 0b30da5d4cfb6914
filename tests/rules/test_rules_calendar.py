"""Calendar arithmetic: month-end clamping, 29 February, closed intervals (DOMAIN.md "Dates")."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom.rules.calendar import add_months, add_years, is_within, last_day_of_period

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 6, 10), 2, date(2024, 8, 10)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 30), 1, date(2025, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 5, 5), 0, date(2025, 5, 5)),
        (date(2025, 5, 5), 12, date(2026, 5, 5)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), 6, date(2030, 2, 28)),
        (date(2022, 3, 1), 6, date(2028, 3, 1)),
        (date(2023, 7, 15), 6, date(2029, 7, 15)),
    ],
)
def test_add_years(start: date, years: int, expected: date) -> None:
    assert add_years(start, years) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 1), 1, date(2025, 1, 31)),
        (date(2025, 1, 31), 1, date(2025, 2, 27)),  # until the day before 28 February
        (date(2025, 2, 1), 3, date(2025, 4, 30)),
        (date(2025, 12, 31), 2, date(2026, 2, 27)),
    ],
)
def test_last_day_of_period(start: date, months: int, expected: date) -> None:
    assert last_day_of_period(start, months) == expected


@pytest.mark.parametrize(
    ("day", "valid_until", "expected"),
    [
        (date(2024, 12, 31), date(2025, 12, 31), False),  # day before valid_from
        (date(2025, 1, 1), date(2025, 12, 31), True),  # valid_from
        (date(2025, 12, 31), date(2025, 12, 31), True),  # valid_until
        (date(2026, 1, 1), date(2025, 12, 31), False),  # day after valid_until
        (date(2024, 12, 31), None, False),
        (date(2025, 1, 1), None, True),
        (date(2199, 1, 1), None, True),  # open end runs on
    ],
)
def test_is_within(day: date, valid_until: date | None, expected: bool) -> None:
    assert is_within(day, date(2025, 1, 1), valid_until) is expected


@given(dates, st.integers(min_value=-240, max_value=240))
def test_add_months_never_overflows_a_month(start: date, months: int) -> None:
    result = add_months(start, months)
    month_index = start.year * 12 + start.month - 1 + months
    assert (result.year, result.month - 1) == divmod(month_index, 12)
    last = stdlib_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last)


@given(dates, st.integers(min_value=0, max_value=240))
def test_add_months_is_monotone(start: date, months: int) -> None:
    assert add_months(start, months) <= add_months(start, months + 1)
    assert add_months(start, months) <= add_months(start + timedelta(days=1), months)


@given(dates, st.integers(min_value=1, max_value=120))
def test_period_ends_inside_and_before_next_start(start: date, months: int) -> None:
    end = last_day_of_period(start, months)
    assert start <= end
    assert end + timedelta(days=1) == add_months(start, months)
