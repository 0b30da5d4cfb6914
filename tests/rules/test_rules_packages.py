"""Support package (R6 context): wage premium bounds, five-year validity, the fallback package."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom.rules.codes import GUIDANCE_LEVELS
from doorstroom.rules.packages import (
    fallback_package,
    package_valid_until,
    package_validity,
    wage_premium_bounds,
    wage_premium_valid,
)

ON = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("percent", "valid"),
    [
        (35, False),  # below the minimum
        (39, False),
        (40, True),  # minimum
        (42, False),  # not a step of 5
        (45, True),  # start package
        (60, True),  # start package
        (74, False),
        (75, True),  # maximum
        (80, False),  # a step above the maximum
        (0, False),
        (-40, False),
    ],
)
def test_wage_premium_bounds_and_steps(percent: int, valid: bool) -> None:
    assert wage_premium_valid(percent, ON) is valid


def test_wage_premium_bounds_come_from_parameters() -> None:
    low, high, step, used = wage_premium_bounds(ON)
    assert (low, high, step) == (40, 75, 5)
    assert [p.name for p in used] == [
        "wage_premium_min_percent",
        "wage_premium_max_percent",
        "wage_premium_step_percent",
    ]
    allowed = [p for p in range(0, 101) if wage_premium_valid(p, ON)]
    assert allowed == [40, 45, 50, 55, 60, 65, 70, 75]


@pytest.mark.parametrize(
    ("hired_on", "valid_from", "expected"),
    [
        (date(2018, 12, 31), date(2018, 12, 31), None),  # before the limit existed
        (date(2018, 12, 31), date(2024, 1, 1), None),  # re-evaluated later: still open
        (date(2019, 1, 1), date(2019, 1, 1), date(2023, 12, 31)),  # first hire under the limit
        (date(2019, 1, 1), date(2022, 5, 1), date(2023, 12, 31)),  # counted from hiring
        (date(2020, 2, 29), date(2020, 2, 29), date(2025, 2, 27)),  # 29 Feb → 28 Feb − 1 day
        (date(2024, 3, 1), date(2024, 3, 1), date(2029, 2, 28)),
        (date(2023, 7, 15), date(2023, 7, 15), date(2028, 7, 14)),
    ],
)
def test_package_validity(hired_on: date, valid_from: date, expected: date | None) -> None:
    assert package_valid_until(hired_on=hired_on, valid_from=valid_from) == expected


def test_package_validity_keeps_its_parameters() -> None:
    until, used = package_validity(hired_on=date(2019, 1, 1), valid_from=date(2019, 1, 1))
    assert until == date(2023, 12, 31)
    assert [p.name for p in used] == [
        "support_package_validity_applies_from",
        "support_package_validity_years",
    ]
    until, used = package_validity(hired_on=date(2018, 12, 31), valid_from=date(2020, 1, 1))
    assert until is None and [p.name for p in used] == ["support_package_validity_applies_from"]
    assert package_validity(hired_on=date(2018, 1, 1), valid_from=date(2018, 6, 1)) == (None, ())


def test_version_starting_after_the_limit_still_gets_the_limit() -> None:
    # Documented: the limit counts from hiring; the caller decides what a late version means.
    assert package_valid_until(hired_on=date(2019, 1, 1), valid_from=date(2024, 6, 1)) == date(
        2023, 12, 31
    )


def test_fallback_package_is_40_low() -> None:
    percent, level, used = fallback_package(on=ON)
    assert (percent, level) == (40, "low")
    assert level in GUIDANCE_LEVELS and wage_premium_valid(percent, ON)
    assert [p.name for p in used] == ["fallback_wage_premium_percent", "fallback_guidance_level"]


@given(st.dates(min_value=date(2019, 1, 1), max_value=date(2040, 12, 31)))
def test_hires_from_2019_get_at_most_five_years(hired_on: date) -> None:
    until = package_valid_until(hired_on=hired_on, valid_from=hired_on)
    assert until is not None
    assert hired_on < until
    assert (until - hired_on).days in range(365 * 5 - 1, 366 * 5)
