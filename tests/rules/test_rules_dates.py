"""The range of known dates and the longest report period (R16, ``date_out_of_range``)."""

from __future__ import annotations

from datetime import date

import pytest

from doorstroom.rules import dates
from doorstroom.rules.params import ParameterNotInForce, first_day, parameter


def test_the_range_starts_at_the_first_parameter_value() -> None:
    assert first_day() == date(2019, 1, 1)
    assert dates.date_range() == (date(2019, 1, 1), date(9899, 12, 31))
    parameter("mandate_validity_years", first_day())  # the first day is evaluated
    with pytest.raises(ParameterNotInForce) as caught:
        parameter("mandate_validity_years", date(2018, 12, 31))
    assert caught.value.on == date(2018, 12, 31)
    assert caught.value.name == "mandate_validity_years"


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2018, 12, 31), False),
        (date(2019, 1, 1), True),
        (date(9899, 12, 31), True),
        (date(9900, 1, 1), False),
        (date(1, 1, 1), False),
        (date(9999, 12, 31), False),
    ],
)
def test_both_ends_are_inside(day: date, inside: bool) -> None:
    assert dates.in_range(day) is inside


def test_the_reason_names_the_date_and_the_range() -> None:
    found = dates.date_out_of_range(date(1321, 2, 6))
    assert found.code == "date_out_of_range" and found.rule == "R16" and found.blocking
    assert found.params == {"on": "1321-02-06", "first": "2019-01-01", "last": "9899-12-31"}
    assert "6 februari 1321" in found.message_nl and "1 januari 2019" in found.message_nl


def test_a_period_of_ten_years_is_the_longest() -> None:
    assert dates.period_last_day(date(2019, 1, 1)) == date(2028, 12, 31)
    assert dates.period_problems(date(2019, 1, 1), date(2028, 12, 31)) == {}
    too_long = dates.period_problems(date(2019, 1, 1), date(2029, 1, 1))
    assert list(too_long) == ["to"]
    assert too_long["to"].params["last"] == "2028-12-31"


def test_a_period_with_an_end_outside_names_that_end() -> None:
    assert list(dates.period_problems(date(2018, 12, 31), date(2019, 1, 1))) == ["from"]
    assert list(dates.period_problems(date(1, 1, 1), date(9999, 12, 31))) == ["from", "to"]
    assert dates.period_problems(date(9899, 1, 1), date(9899, 12, 31)) == {}
