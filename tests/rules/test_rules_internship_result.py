"""R12: the window of an internship's result and of a hire's first working day; R6 context:
the first day of the package regime. Both sides of every date."""

from __future__ import annotations

from datetime import date

import pytest

from doorstroom.rules.packages import package_regime_start
from doorstroom.rules.trajectories import (
    first_working_day_window,
    internship_result_check,
    internship_result_window,
    outcome_check,
)

STARTS, ENDS, TRAJECTORY = date(2026, 2, 1), date(2026, 4, 30), date(2026, 1, 5)


@pytest.mark.parametrize(
    ("result", "result_on", "allowed"),
    [
        ("hired", date(2026, 1, 31), False),
        ("hired", date(2026, 2, 1), True),
        ("hired", date(2026, 5, 30), True),
        ("hired", date(2026, 5, 31), False),
        ("not_hired", date(2026, 1, 31), False),
        ("not_hired", date(2026, 2, 1), True),
        ("not_hired", date(2026, 5, 30), True),
        ("not_hired", date(2026, 5, 31), False),
        ("stopped_early", date(2026, 1, 31), False),
        ("stopped_early", date(2026, 2, 1), True),
        ("stopped_early", date(2026, 4, 30), True),
        ("stopped_early", date(2026, 5, 1), False),
    ],
)
def test_internship_result_window(result: str, result_on: date, allowed: bool) -> None:
    outcome = internship_result_check(
        result=result,
        result_on=result_on,
        starts_on=STARTS,
        ends_on=ENDS,
        trajectory_started_on=TRAJECTORY,
    )
    assert outcome.allowed is allowed
    assert outcome.codes == (() if allowed else ("internship_result_outside_period",))
    if not allowed:
        params = outcome.reasons[0].params
        assert (params["earliest"], params["result"]) == ("2026-02-01", result)


def test_the_window_keeps_its_parameter() -> None:
    earliest, latest, used = internship_result_window(
        result="hired", starts_on=STARTS, ends_on=ENDS, trajectory_started_on=TRAJECTORY
    )
    assert (earliest, latest) == (STARTS, date(2026, 5, 30))
    assert [(p.name, p.value) for p in used] == [("internship_result_max_days_after_end", 30)]
    assert internship_result_window(
        result="stopped_early", starts_on=STARTS, ends_on=ENDS, trajectory_started_on=TRAJECTORY
    ) == (STARTS, ENDS, ())


def test_an_unknown_result_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown result"):
        internship_result_window(
            result="maybe", starts_on=STARTS, ends_on=ENDS, trajectory_started_on=TRAJECTORY
        )


@pytest.mark.parametrize(
    ("first_working_day", "allowed"),
    [
        (date(2026, 1, 4), False),  # the day before the trajectory started
        (date(2026, 1, 5), True),
        (date(2026, 3, 10), True),  # the outcome's own day
        (date(2026, 6, 8), True),  # 90 days after it
        (date(2026, 6, 9), False),
    ],
)
def test_first_working_day_window(first_working_day: date, allowed: bool) -> None:
    outcome = outcome_check(
        kind="hired",
        on=date(2026, 3, 10),
        started_on=TRAJECTORY,
        first_working_day=first_working_day,
    )
    assert outcome.allowed is allowed
    assert outcome.codes == (() if allowed else ("first_working_day_out_of_range",))
    assert [p.name for p in outcome.parameters] == ["first_working_day_max_days_after_outcome"]


def test_first_working_day_window_across_a_leap_day() -> None:
    earliest, latest, days = first_working_day_window(on=date(2028, 2, 1), started_on=TRAJECTORY)
    assert (earliest, latest, days.value) == (TRAJECTORY, date(2028, 5, 1), 90)


def test_other_outcomes_ignore_a_first_working_day() -> None:
    outcome = outcome_check(
        kind="returned", on=date(2026, 3, 10), started_on=TRAJECTORY, first_working_day=None
    )
    assert outcome.allowed and outcome.parameters == ()


def test_every_reason_of_an_outcome_is_listed() -> None:
    outcome = outcome_check(
        kind="hired", on=date(2026, 1, 4), started_on=TRAJECTORY, first_working_day=date(2026, 1, 1)
    )
    assert outcome.codes == ("outcome_before_start", "first_working_day_out_of_range")


def test_the_package_regime_starts_with_the_first_wage_premium_bounds() -> None:
    assert package_regime_start() == date(2019, 1, 1)
