"""R12 and DOMAIN.md "Dates": phase deadlines, suspensions, internships, the outcome."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom.rules.trajectories import (
    Period,
    extend_by_suspensions,
    internship_check,
    internship_latest_end,
    outcome_check,
    package_after_outcome,
    phase_deadlines,
    suspended_days,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def p(start: str, end: str) -> Period:
    return Period(d(start), d(end))


# ---------------------------------------------------------------- suspensions

FROM, DEADLINE = d("2026-01-15"), d("2026-04-14")


@pytest.mark.parametrize(
    ("suspensions", "expected"),
    [
        pytest.param((), "2026-04-14", id="none"),
        pytest.param((p("2026-01-01", "2026-01-10"),), "2026-04-14", id="entirely-before"),
        pytest.param((p("2026-01-01", "2026-01-14"),), "2026-04-14", id="ends-day-before-from"),
        pytest.param((p("2026-01-01", "2026-01-15"),), "2026-04-15", id="ends-on-from"),
        pytest.param((p("2026-01-10", "2026-01-20"),), "2026-04-20", id="overlaps-the-start"),
        pytest.param((p("2026-01-15", "2026-01-15"),), "2026-04-15", id="one-day-on-from"),
        pytest.param((p("2026-02-01", "2026-02-10"),), "2026-04-24", id="entirely-inside"),
        # Ending the day before, on and after the (unsuspended) deadline.
        pytest.param((p("2026-04-01", "2026-04-13"),), "2026-04-27", id="ends-day-before"),
        pytest.param((p("2026-04-01", "2026-04-14"),), "2026-04-28", id="ends-on-deadline"),
        pytest.param((p("2026-04-01", "2026-04-15"),), "2026-04-28", id="ends-day-after"),
        # Starting on and the day after the deadline.
        pytest.param((p("2026-04-14", "2026-04-16"),), "2026-04-15", id="starts-on-deadline"),
        pytest.param((p("2026-04-15", "2026-04-20"),), "2026-04-14", id="starts-day-after"),
        pytest.param((p("2026-04-10", "2026-04-20"),), "2026-04-19", id="overlaps-the-deadline"),
        pytest.param((p("2026-05-01", "2026-05-31"),), "2026-04-14", id="entirely-after"),
        pytest.param(
            (p("2026-02-01", "2026-02-10"), p("2026-02-05", "2026-02-15")),
            "2026-04-29",
            id="two-overlapping-count-once",
        ),
        pytest.param(
            (p("2026-02-01", "2026-02-10"), p("2026-02-01", "2026-02-10")),
            "2026-04-24",
            id="same-twice",
        ),
        pytest.param(
            (p("2026-02-01", "2026-02-10"), p("2026-02-03", "2026-02-04")),
            "2026-04-24",
            id="one-inside-another",
        ),
        pytest.param(
            (p("2026-02-01", "2026-02-05"), p("2026-02-06", "2026-02-10")),
            "2026-04-24",
            id="two-touching",
        ),
        # Not applied again to the moved date: a suspension after the unsuspended deadline
        # does not count, even when it lies before the moved deadline.
        pytest.param(
            (p("2026-02-01", "2026-02-10"), p("2026-04-20", "2026-04-22")),
            "2026-04-24",
            id="second-inside-the-move-does-not-count",
        ),
        pytest.param(
            (p("2026-04-20", "2026-04-22"), p("2026-02-01", "2026-02-10")),
            "2026-04-24",
            id="unordered-input",
        ),
    ],
)
def test_a_deadline_moves_by_the_suspended_days_on_or_before_it(
    suspensions: tuple[Period, ...], expected: str
) -> None:
    assert extend_by_suspensions(DEADLINE, from_date=FROM, suspensions=suspensions) == d(expected)


@pytest.mark.parametrize(
    ("deadline", "suspension", "expected"),
    [
        # Month ends: the move counts calendar days across short and long months.
        pytest.param("2026-01-31", ("2026-01-30", "2026-01-31"), "2026-02-02", id="31-january"),
        pytest.param("2026-01-31", ("2026-02-01", "2026-02-03"), "2026-01-31", id="after-31-jan"),
        pytest.param("2025-02-28", ("2025-02-27", "2025-02-28"), "2025-03-02", id="28-feb"),
        pytest.param("2026-04-30", ("2026-04-30", "2026-05-05"), "2026-05-01", id="30-april"),
        # 29 February is a day like any other: suspended, it counts; as a result, it is kept.
        pytest.param("2024-02-28", ("2024-02-28", "2024-02-28"), "2024-02-29", id="to-29-feb"),
        pytest.param("2024-02-29", ("2024-02-29", "2024-02-29"), "2024-03-01", id="on-29-feb"),
        pytest.param("2024-02-29", ("2024-03-01", "2024-03-10"), "2024-02-29", id="after-29-feb"),
        pytest.param("2024-03-01", ("2024-02-28", "2024-03-01"), "2024-03-04", id="across-29-feb"),
        pytest.param("2025-03-01", ("2025-02-28", "2025-03-01"), "2025-03-03", id="across-28-feb"),
        # 31 December: the move crosses the year.
        pytest.param("2026-12-31", ("2026-12-31", "2026-12-31"), "2027-01-01", id="on-31-dec"),
        pytest.param("2026-12-31", ("2026-12-30", "2027-01-05"), "2027-01-02", id="across-31-dec"),
        pytest.param("2026-12-31", ("2027-01-01", "2027-01-05"), "2026-12-31", id="after-31-dec"),
        # Only the day on the deadline counts, not the day after it (31 December).
        pytest.param("2026-12-30", ("2026-12-30", "2026-12-31"), "2026-12-31", id="30-dec-only"),
    ],
)
def test_suspensions_at_month_and_year_ends(
    deadline: str, suspension: tuple[str, str], expected: str
) -> None:
    moved = extend_by_suspensions(
        d(deadline), from_date=d("2023-01-01"), suspensions=(p(*suspension),)
    )
    assert moved == d(expected)


def test_suspended_days_counts_each_day_once() -> None:
    overlapping = (p("2026-02-01", "2026-02-10"), p("2026-02-05", "2026-02-15"))
    assert suspended_days(overlapping, first=d("2026-01-01"), last=d("2026-12-31")) == 15
    assert suspended_days(overlapping, first=d("2026-02-05"), last=d("2026-02-05")) == 1
    assert suspended_days(overlapping, first=d("2026-02-16"), last=d("2026-02-20")) == 0
    assert suspended_days(overlapping, first=d("2026-02-10"), last=d("2026-02-01")) == 0
    assert suspended_days((), first=d("2026-01-01"), last=d("2026-12-31")) == 0


def test_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        p("2026-02-02", "2026-02-01")
    assert p("2026-02-01", "2026-02-01").starts_on == d("2026-02-01")


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
periods = st.builds(
    lambda start, length: Period(start, start + timedelta(days=length)),
    days,
    st.integers(min_value=0, max_value=60),
)


def _suspended(suspensions: list[Period]) -> set[date]:
    return {
        s.starts_on + timedelta(days=i)
        for s in suspensions
        for i in range((s.ends_on - s.starts_on).days + 1)
    }


@given(days, st.integers(min_value=0, max_value=200), st.lists(periods, max_size=5))
def test_extension_properties(from_date: date, length: int, suspensions: list[Period]) -> None:
    deadline = from_date + timedelta(days=length)
    extended = extend_by_suspensions(deadline, from_date=from_date, suspensions=suspensions)
    suspended = _suspended(suspensions)
    # Exactly the distinct suspended days in [from_date, unsuspended deadline], no more.
    inside = {day for day in suspended if from_date <= day <= deadline}
    assert extended == deadline + timedelta(days=len(inside))
    assert deadline <= extended <= deadline + timedelta(days=len(suspended))
    # Suspended days after the unsuspended deadline never count.
    later = [s for s in suspensions if s.starts_on > deadline]
    assert extend_by_suspensions(deadline, from_date=from_date, suspensions=later) == deadline


@given(days, st.integers(min_value=0, max_value=200), periods)
def test_a_suspension_before_the_deadline_moves_it_by_its_length(
    from_date: date, length: int, suspension: Period
) -> None:
    deadline = from_date + timedelta(days=length)
    moved = extend_by_suspensions(deadline, from_date=from_date, suspensions=[suspension])
    if from_date <= suspension.starts_on and suspension.ends_on <= deadline:
        assert moved == deadline + (suspension.ends_on - suspension.starts_on) + timedelta(days=1)


@given(days, st.integers(min_value=0, max_value=200), st.lists(periods, max_size=4), periods)
def test_another_suspension_never_shortens(
    from_date: date, length: int, suspensions: list[Period], extra: Period
) -> None:
    deadline = from_date + timedelta(days=length)
    before = extend_by_suspensions(deadline, from_date=from_date, suspensions=suspensions)
    after = extend_by_suspensions(deadline, from_date=from_date, suspensions=[*suspensions, extra])
    assert after >= before


# ---------------------------------------------------------------- phases


@pytest.mark.parametrize(
    ("started_on", "suspensions", "hired_on", "intake", "matching", "aftercare"),
    [
        pytest.param("2026-01-15", (), None, "2026-02-14", "2026-05-14", None, id="plain"),
        pytest.param(
            "2026-01-31", (), None, "2026-02-27", "2026-05-27", None, id="month-end-clamp"
        ),
        pytest.param("2024-01-30", (), None, "2024-02-28", "2024-05-28", None, id="leap-february"),
        pytest.param(
            "2026-01-15",
            (p("2026-02-01", "2026-02-10"),),
            None,
            "2026-02-24",
            "2026-05-24",
            None,
            id="suspended-in-intake",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-02-10", "2026-02-20"),),
            None,
            "2026-02-19",
            "2026-05-25",
            None,
            id="suspension-across-intake-end",
        ),
        # A suspension ending the day before, on and after the intake's last day (02-14).
        pytest.param(
            "2026-01-15",
            (p("2026-02-05", "2026-02-13"),),
            None,
            "2026-02-23",
            "2026-05-23",
            None,
            id="ends-day-before-intake-end",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-02-05", "2026-02-14"),),
            None,
            "2026-02-24",
            "2026-05-24",
            None,
            id="ends-on-intake-end",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-02-05", "2026-02-15"),),
            None,
            "2026-02-24",
            "2026-05-25",
            None,
            id="ends-day-after-intake-end",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-02-15", "2026-02-20"),),
            None,
            "2026-02-14",
            "2026-05-20",
            None,
            id="starts-day-after-intake-end",
        ),
        # The same around the job matching's last day (05-14).
        pytest.param(
            "2026-01-15",
            (p("2026-05-10", "2026-05-13"),),
            None,
            "2026-02-14",
            "2026-05-18",
            None,
            id="ends-day-before-matching-end",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-05-10", "2026-05-14"),),
            None,
            "2026-02-14",
            "2026-05-19",
            None,
            id="ends-on-matching-end",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-05-10", "2026-05-15"),),
            None,
            "2026-02-14",
            "2026-05-19",
            None,
            id="ends-day-after-matching-end",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-05-15", "2026-05-20"),),
            None,
            "2026-02-14",
            "2026-05-14",
            None,
            id="starts-day-after-matching-end",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-02-01", "2026-02-10"), p("2026-02-05", "2026-02-15")),
            None,
            "2026-02-28",
            "2026-05-29",
            None,
            id="overlapping-count-once",
        ),
        # Exactly N days, even where months differ in length: the schedule is clamped first.
        pytest.param(
            "2026-01-31",
            (p("2026-02-01", "2026-02-10"),),
            None,
            "2026-03-09",
            "2026-06-06",
            None,
            id="month-end-start-suspended",
        ),
        # 29 February: the intake ends on 02-28, job matching starts on 02-29.
        pytest.param(
            "2024-01-29",
            (p("2024-02-29", "2024-03-02"),),
            None,
            "2024-02-28",
            "2024-05-31",
            None,
            id="suspended-from-29-february",
        ),
        pytest.param(
            "2024-01-29",
            (p("2024-02-28", "2024-02-29"),),
            None,
            "2024-02-29",
            "2024-05-30",
            None,
            id="suspended-to-29-february",
        ),
        # 31 December: the intake's last day; the moves cross the year.
        pytest.param(
            "2026-12-01",
            (p("2026-12-31", "2027-01-01"),),
            None,
            "2027-01-01",
            "2027-04-02",
            None,
            id="suspended-on-31-december",
        ),
        pytest.param(
            "2026-12-01",
            (p("2027-01-01", "2027-01-02"),),
            None,
            "2026-12-31",
            "2027-04-02",
            None,
            id="suspended-after-31-december",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-03-01", "2026-03-31"),),
            None,
            "2026-02-14",
            "2026-06-14",
            None,
            id="suspended-in-job-matching",
        ),
        pytest.param(
            "2026-01-15",
            (),
            "2026-05-01",
            "2026-02-14",
            "2026-05-14",
            "2026-07-31",
            id="hired",
        ),
        pytest.param(
            "2026-01-15",
            (p("2026-06-01", "2026-06-07"),),
            "2026-05-01",
            "2026-02-14",
            "2026-05-14",
            "2026-08-07",
            id="hired-suspended-in-aftercare",
        ),
        # Aftercare counts from the hire: days suspended before it are in the hiring date.
        pytest.param(
            "2026-01-15",
            (p("2026-02-01", "2026-02-10"),),
            "2026-05-01",
            "2026-02-24",
            "2026-05-24",
            "2026-07-31",
            id="hired-suspended-before-the-hire",
        ),
        pytest.param(
            "2026-06-15",
            (p("2026-12-31", "2026-12-31"),),
            "2026-10-01",
            "2026-07-14",
            "2026-10-14",
            "2027-01-01",
            id="hired-aftercare-ends-31-december",
        ),
    ],
)
def test_phase_deadlines(
    started_on: str,
    suspensions: tuple[Period, ...],
    hired_on: str | None,
    intake: str,
    matching: str,
    aftercare: str | None,
) -> None:
    deadlines = phase_deadlines(
        started_on=d(started_on),
        suspensions=suspensions,
        hired_on=d(hired_on) if hired_on else None,
    )
    assert deadlines.intake_until == d(intake)
    assert deadlines.job_matching_until == d(matching)
    assert deadlines.aftercare_until == (d(aftercare) if aftercare else None)
    names = [x.name for x in deadlines.parameters]
    expected = ["phase_intake_months", "phase_job_matching_months"]
    assert names == ([*expected, "phase_aftercare_months"] if hired_on else expected)


# ---------------------------------------------------------------- internships

TRAJECTORY_START = d("2023-06-01")


@pytest.mark.parametrize(
    ("starts_on", "latest_end"),
    [
        ("2026-01-15", "2026-04-14"),
        ("2026-01-31", "2026-04-29"),  # 04-31 does not exist: clamped to 04-30, minus one day
        ("2025-11-30", "2026-02-27"),  # 02-30 → 02-28, minus one day
        ("2023-11-30", "2024-02-28"),  # leap year: 02-29, minus one day
        ("2023-12-01", "2024-02-29"),  # the latest day is 29 February
        ("2024-12-01", "2025-02-28"),
        ("2024-02-29", "2024-05-28"),
        ("2026-12-31", "2027-03-30"),
    ],
)
def test_internship_latest_end_on_both_sides(starts_on: str, latest_end: str) -> None:
    latest = d(latest_end)
    computed, months = internship_latest_end(
        starts_on=d(starts_on), trajectory_started_on=TRAJECTORY_START, suspensions=()
    )
    assert (computed, months.name, months.value) == (latest, "internship_max_months", 3)
    ok = internship_check(
        starts_on=d(starts_on),
        ends_on=latest,
        trajectory_started_on=TRAJECTORY_START,
        trajectory_ended_on=None,
        suspensions=(),
    )
    assert ok.allowed and ok.codes == ()
    assert [x.name for x in ok.parameters] == ["internship_max_months"]
    late = internship_check(
        starts_on=d(starts_on),
        ends_on=latest + timedelta(days=1),
        trajectory_started_on=TRAJECTORY_START,
        trajectory_ended_on=None,
        suspensions=(),
    )
    assert not late.allowed and late.codes == ("internship_too_long",)
    (reason,) = late.reasons
    assert (reason.rule, reason.blocking) == ("R12", True)
    assert reason.params == {
        "starts_on": starts_on,
        "ends_on": (latest + timedelta(days=1)).isoformat(),
        "latest_end": latest_end,
    }


def test_a_four_month_internship_is_refused() -> None:
    outcome = internship_check(
        starts_on=d("2026-01-15"),
        ends_on=d("2026-05-14"),
        trajectory_started_on=TRAJECTORY_START,
        trajectory_ended_on=None,
        suspensions=(),
    )
    assert outcome.codes == ("internship_too_long",)
    assert "14 april 2026" in outcome.reasons[0].message_nl


@pytest.mark.parametrize(
    ("ends_on", "allowed"),
    [("2026-04-24", True), ("2026-04-25", False)],
)
def test_suspension_extends_the_internship(ends_on: str, allowed: bool) -> None:
    outcome = internship_check(
        starts_on=d("2026-01-15"),
        ends_on=d(ends_on),
        trajectory_started_on=TRAJECTORY_START,
        trajectory_ended_on=None,
        suspensions=(p("2026-02-01", "2026-02-10"), p("2025-12-01", "2026-01-14")),
    )
    assert outcome.allowed is allowed


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "trajectory_ended_on", "codes"),
    [
        ("2026-01-05", "2026-02-05", None, ()),  # starts on the trajectory's first day
        ("2026-01-04", "2026-02-05", None, ("internship_outside_trajectory",)),  # day before
        ("2026-01-10", "2026-03-31", "2026-03-31", ()),  # ends on the trajectory's last day
        ("2026-01-10", "2026-04-01", "2026-03-31", ("internship_outside_trajectory",)),
        (
            "2026-01-04",
            "2026-05-01",
            "2026-03-31",
            ("internship_too_long", "internship_outside_trajectory"),
        ),
        ("2026-01-05", "2026-01-05", None, ()),  # a one-day internship
    ],
)
def test_internship_inside_the_trajectory(
    starts_on: str, ends_on: str, trajectory_ended_on: str | None, codes: tuple[str, ...]
) -> None:
    outcome = internship_check(
        starts_on=d(starts_on),
        ends_on=d(ends_on),
        trajectory_started_on=d("2026-01-05"),
        trajectory_ended_on=d(trajectory_ended_on) if trajectory_ended_on else None,
        suspensions=(),
    )
    assert outcome.codes == codes
    assert outcome.allowed is (codes == ())


def test_internship_ending_before_it_starts_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        internship_check(
            starts_on=d("2026-02-01"),
            ends_on=d("2026-01-31"),
            trajectory_started_on=TRAJECTORY_START,
            trajectory_ended_on=None,
            suspensions=(),
        )


# ---------------------------------------------------------------- outcome


@pytest.mark.parametrize("kind", ["hired", "returned", "stopped"])
@pytest.mark.parametrize(
    ("on", "allowed"), [("2026-01-04", False), ("2026-01-05", True), ("2026-06-30", True)]
)
def test_outcome_not_before_the_start(kind: str, on: str, allowed: bool) -> None:
    outcome = outcome_check(kind=kind, on=d(on), started_on=d("2026-01-05"))
    assert outcome.allowed is allowed
    assert outcome.codes == (() if allowed else ("outcome_before_start",))
    if not allowed:
        assert outcome.reasons[0].params == {"on": "2026-01-04", "started_on": "2026-01-05"}


def test_unknown_outcome_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="transferred"):
        outcome_check(kind="transferred", on=d("2026-01-05"), started_on=d("2026-01-05"))
    with pytest.raises(ValueError, match="transferred"):
        package_after_outcome(kind="transferred", beyond_employee=True, on=d("2026-01-05"))


@pytest.mark.parametrize(
    ("kind", "beyond_employee", "fallback"),
    [
        ("returned", True, True),
        ("returned", False, False),
        ("hired", True, False),
        ("hired", False, False),
        ("stopped", True, False),
        ("stopped", False, False),
    ],
)
def test_package_after_outcome(kind: str, beyond_employee: bool, fallback: bool) -> None:
    result = package_after_outcome(kind=kind, beyond_employee=beyond_employee, on=d("2026-06-30"))
    if not fallback:
        assert result is None
        return
    assert result is not None
    percent, level, used = result
    assert (percent, level) == (40, "low")
    assert [x.name for x in used] == ["fallback_wage_premium_percent", "fallback_guidance_level"]
