"""One rounding of a distance for every page (R10 "nabijheid"): rules.referrals.distance_shown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from doorstroom.rules.referrals import distance_shown


@pytest.mark.parametrize(
    ("km", "shown"),
    [
        (40.65, Decimal("40.7")),  # half up, not the float's half-even 40.6
        (40.6499, Decimal("40.7")),  # kept as 40.650 in the trace: the same figure
        (40.6449, Decimal("40.6")),
        (12.3, Decimal("12.3")),
        (0.0, Decimal("0.0")),
        (0.04, Decimal("0.0")),
        (0.05, Decimal("0.1")),
        (123.45, Decimal("123.5")),
    ],
)
def test_distance_is_rounded_half_up_to_one_decimal_from_the_trace(
    km: float, shown: Decimal
) -> None:
    assert distance_shown(km) == shown


@pytest.mark.parametrize("km", [40.6499, 40.65, 7.04999, 99.95001, 3.14159])
def test_the_trace_value_and_the_computed_value_show_alike(km: float) -> None:
    assert distance_shown(round(km, 3)) == distance_shown(km)
