"""Rules of the trajectory: R12 and the durations of DOMAIN.md "Dates".

Why here and not in the trajectory app: the phases and the internship have maximum durations
(intake 1 month, job matching 3 months, internship 3 months, aftercare 3 months: sector
summaries of the Maatwerk implementing order, dated parameters per R16) and a trajectory can be
suspended. DOMAIN.md fixes one convention: "A duration of N months … that starts on D may last
until the day before D + N months at the latest (same month-end clamping as R15); suspended
days are added on top", and R12 says how: "A suspension of N days moves every later phase
deadline by exactly N days (the schedule is computed without suspensions, then each deadline
moves by the suspended days on or before it)". Keeping that arithmetic in one pure module makes
every deadline in the system agree.

The law applied to a trajectory is the one in force on the day the trajectory started: its
phases and internships keep the durations they started with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from doorstroom.rules.calendar import ONE_DAY, last_day_of_period
from doorstroom.rules.codes import INTERNSHIP_RESULTS, OUTCOME_KINDS
from doorstroom.rules.outcome import Outcome, Reason
from doorstroom.rules.packages import fallback_package
from doorstroom.rules.params import ParameterValue, parameter
from doorstroom.rules.reasons import reason

# --------------------------------------------------------------------------------------------
# Suspensions (R12: "a suspension of N days moves every later phase deadline by exactly N days")
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A closed interval of calendar days: both ``starts_on`` and ``ends_on`` are inside."""

    starts_on: date
    ends_on: date

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError(
                f"A period cannot end ({self.ends_on}) before it starts ({self.starts_on})"
            )


def _merged(periods: Sequence[Period]) -> list[Period]:
    # Overlapping or touching periods become one, so that a day suspended twice counts once.
    merged: list[Period] = []
    for period in sorted(periods, key=lambda p: (p.starts_on, p.ends_on)):
        if merged and period.starts_on <= merged[-1].ends_on + ONE_DAY:
            last = merged[-1]
            merged[-1] = Period(last.starts_on, max(last.ends_on, period.ends_on))
        else:
            merged.append(period)
    return merged


def suspended_days(suspensions: Sequence[Period], *, first: date, last: date) -> int:
    """How many distinct calendar days in [``first``, ``last``] are suspended.

    A day covered by several suspensions counts once; an empty window (``last`` before
    ``first``) counts nothing.
    """
    days = 0
    for period in _merged(suspensions):
        start, end = max(period.starts_on, first), min(period.ends_on, last)
        if start <= end:
            days += (end - start).days + 1
    return days


def extend_by_suspensions(
    deadline: date, *, from_date: date, suspensions: Sequence[Period]
) -> date:
    """R12: ``deadline`` (computed without suspensions) moved by the suspended days before it.

    Source (DOMAIN.md R12): "A suspension of N days moves every later phase deadline by exactly
    N days (the schedule is computed without suspensions, then each deadline moves by the
    suspended days on or before it), so a user can predict it."

    The deadline moves by one day for every suspended day in [``from_date``, ``deadline``],
    both ends inside, where ``deadline`` is the unsuspended one: a suspension ending the day
    before the deadline counts in full, one ending on it too, and one ending the day after
    counts up to the deadline day; a suspension starting the day after the deadline does not
    count, even when it falls before the moved deadline (the rule is not applied again to the
    moved date). Days before ``from_date`` never count, and a day covered by several
    suspensions counts once.
    """
    return deadline + timedelta(days=suspended_days(suspensions, first=from_date, last=deadline))


# --------------------------------------------------------------------------------------------
# Phase deadlines
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseDeadlines:
    """Last days (inclusive) of the phases of a trajectory, and the parameters that fixed them."""

    intake_until: date
    job_matching_until: date
    aftercare_until: date | None
    parameters: tuple[ParameterValue, ...]


def phase_deadlines(
    *, started_on: date, suspensions: Sequence[Period], hired_on: date | None = None
) -> PhaseDeadlines:
    """R12: the last day of the intake, job-matching and aftercare phases.

    Source (R12): "een tijdelijke kwaliteitsvolle en actieve begeleiding … bij het zoeken naar
    een gepaste vacature in het reguliere arbeidscircuit"; durations from the sector summaries
    of the implementing order (DOMAIN.md "Context", "Trajectory phases"). "A suspension of N
    days moves every later phase deadline by exactly N days (the schedule is computed without
    suspensions, then each deadline moves by the suspended days on or before it)."

    First the schedule without suspensions, each phase lasting until the day before its start
    plus N months (month-end clamped):

    * intake: from ``started_on`` for ``phase_intake_months``;
    * job matching: from the day after the unsuspended intake for
      ``phase_job_matching_months``;
    * aftercare (only when ``hired_on`` is given): from ``hired_on`` for
      ``phase_aftercare_months``.

    Then each deadline moves by the suspended days on or before it
    (:func:`extend_by_suspensions`): intake and job matching count from ``started_on`` (so a
    suspension during the intake moves both by the same number of days), aftercare counts from
    ``hired_on`` (its schedule starts at the hire; days suspended before it are already in the
    hiring date). All three durations are taken in force on ``started_on``. These are maximum
    durations: the caller compares them with what actually happened.
    """
    intake_months = parameter("phase_intake_months", started_on)
    matching_months = parameter("phase_job_matching_months", started_on)
    used: list[ParameterValue] = [intake_months, matching_months]
    plain_intake_until = last_day_of_period(started_on, intake_months.as_int())
    plain_matching_until = last_day_of_period(
        plain_intake_until + ONE_DAY, matching_months.as_int()
    )
    intake_until = extend_by_suspensions(
        plain_intake_until, from_date=started_on, suspensions=suspensions
    )
    job_matching_until = extend_by_suspensions(
        plain_matching_until, from_date=started_on, suspensions=suspensions
    )
    aftercare_until: date | None = None
    if hired_on is not None:
        aftercare_months = parameter("phase_aftercare_months", started_on)
        used.append(aftercare_months)
        aftercare_until = extend_by_suspensions(
            last_day_of_period(hired_on, aftercare_months.as_int()),
            from_date=hired_on,
            suspensions=suspensions,
        )
    return PhaseDeadlines(
        intake_until=intake_until,
        job_matching_until=job_matching_until,
        aftercare_until=aftercare_until,
        parameters=tuple(used),
    )


# --------------------------------------------------------------------------------------------
# Internships
# --------------------------------------------------------------------------------------------


def internship_latest_end(
    *, starts_on: date, trajectory_started_on: date, suspensions: Sequence[Period]
) -> tuple[date, ParameterValue]:
    """R12: the last day an internship starting on ``starts_on`` may last until.

    The day before ``starts_on`` plus ``internship_max_months`` (in force on
    ``trajectory_started_on``), month-end clamped (2026-01-15 → 2026-04-14; 2026-01-31 →
    2026-04-29), then moved by the suspended days from ``starts_on`` up to that unsuspended
    last day (:func:`extend_by_suspensions`).
    """
    months = parameter("internship_max_months", trajectory_started_on)
    latest = extend_by_suspensions(
        last_day_of_period(starts_on, months.as_int()), from_date=starts_on, suspensions=suspensions
    )
    return latest, months


def internship_check(
    *,
    starts_on: date,
    ends_on: date,
    trajectory_started_on: date,
    trajectory_ended_on: date | None,
    suspensions: Sequence[Period],
) -> Outcome:
    """R12: may an internship (stage) with this period be recorded in the trajectory?

    Source: "de organisatie en begeleiding van een of meer tijdelijke stages bij een
    toekomstige werkgever, met het oog op een duurzame aanwerving bij deze werkgever"; at most
    ``internship_max_months`` (3) per internship (sector summaries of the implementing order).

    Blocking reasons, both when both apply:

    * ``internship_too_long`` (params ``starts_on``, ``ends_on``, ``latest_end``) when
      ``ends_on`` is after :func:`internship_latest_end`: start 2026-01-15 may end on
      2026-04-14, not 2026-04-15; start 2026-01-31 may end on 2026-04-29;
    * ``internship_outside_trajectory`` (params ``starts_on``, ``ends_on``) when the internship
      starts before the trajectory or ends after the trajectory's end (when it has one).

    Raises ``ValueError`` when ``ends_on`` is before ``starts_on`` (the API validates this).
    """
    if ends_on < starts_on:
        raise ValueError(f"An internship cannot end ({ends_on}) before it starts ({starts_on})")
    latest_end, months = internship_latest_end(
        starts_on=starts_on, trajectory_started_on=trajectory_started_on, suspensions=suspensions
    )
    reasons: list[Reason] = []
    if ends_on > latest_end:
        reasons.append(
            reason(
                "internship_too_long", starts_on=starts_on, ends_on=ends_on, latest_end=latest_end
            )
        )
    ends_after = trajectory_ended_on is not None and ends_on > trajectory_ended_on
    if starts_on < trajectory_started_on or ends_after:
        reasons.append(
            reason("internship_outside_trajectory", starts_on=starts_on, ends_on=ends_on)
        )
    return Outcome.from_reasons(reasons, (months,))


# --------------------------------------------------------------------------------------------
# Outcome of the trajectory
# --------------------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in OUTCOME_KINDS:
        raise ValueError(f"Unknown outcome {kind!r}; use one of {', '.join(OUTCOME_KINDS)}")


def first_working_day_window(*, on: date, started_on: date) -> tuple[date, date, ParameterValue]:
    """R12: the first and last day a ``hired`` outcome recorded on ``on`` may name as the first
    working day in the regular job, with the parameter used.

    From the trajectory's start (a job found in the trajectory starts in it) up to
    ``first_working_day_max_days_after_outcome`` (90, in force on ``started_on``, like every
    duration of the trajectory) days after ``on``: recorded 2026-03-10 → at the latest
    2026-06-08. It may lie before ``on`` (the hire is recorded after the first day at work).
    """
    days = parameter("first_working_day_max_days_after_outcome", started_on)
    return started_on, on + timedelta(days=days.as_int()), days


def outcome_check(
    *, kind: str, on: date, started_on: date, first_working_day: date | None = None
) -> Outcome:
    """R12: may the trajectory end with outcome ``kind`` on ``on``?

    Source: the trajectory "ends with an outcome: ``hired`` (regular employer, start date),
    ``returned`` (back to custom work / LDE), or ``stopped`` (reason)" (DOMAIN.md R12).

    Blocking ``outcome_before_start`` (params ``on``, ``started_on``) when ``on`` is before the
    trajectory's start; the start day itself is fine. For ``hired`` with a
    ``first_working_day``: blocking ``first_working_day_out_of_range`` (params
    ``first_working_day``, ``earliest``, ``latest``) outside :func:`first_working_day_window`
    (both ends inside); the parameter used is in the outcome. Raises ``ValueError`` for an
    unknown ``kind`` (the API validates this).
    """
    _check_kind(kind)
    reasons: list[Reason] = []
    used: list[ParameterValue] = []
    if on < started_on:
        reasons.append(reason("outcome_before_start", on=on, started_on=started_on))
    if kind == "hired" and first_working_day is not None:
        earliest, latest, days = first_working_day_window(on=on, started_on=started_on)
        used.append(days)
        if not earliest <= first_working_day <= latest:
            reasons.append(
                reason(
                    "first_working_day_out_of_range",
                    first_working_day=first_working_day,
                    earliest=earliest,
                    latest=latest,
                )
            )
    return Outcome.from_reasons(reasons, used)


def package_after_outcome(
    *, kind: str, beyond_employee: bool, on: date
) -> tuple[int, str, tuple[ParameterValue, ...]] | None:
    """R12/R6 context: the support package to set after the outcome, if it changes.

    Source (DOMAIN.md "Support package"): "If a trajectory fails for reasons beyond the
    employee, the package becomes "40% low" while a new trajectory is awaited."

    When the employee ``returned`` to custom work / LDE for reasons beyond the employee: the
    fallback package (:func:`doorstroom.rules.packages.fallback_package`, in force on ``on``,
    the outcome day) as (percent, guidance level, parameters). Otherwise ``None``: the package
    is not changed by this rule (a ``hired`` employee leaves the package; a ``stopped``
    trajectory or a return for the employee's own reasons is for VDAB's next evaluation).
    Raises ``ValueError`` for an unknown ``kind``.
    """
    _check_kind(kind)
    if kind == "returned" and beyond_employee:
        return fallback_package(on=on)
    return None


# --------------------------------------------------------------------------------------------
# The result of an internship
# --------------------------------------------------------------------------------------------


def internship_result_window(
    *, result: str, starts_on: date, ends_on: date, trajectory_started_on: date
) -> tuple[date, date, tuple[ParameterValue, ...]]:
    """R12: the first and last day the result ``result`` of an internship may be dated.

    Source (R12): "de organisatie en begeleiding van een of meer tijdelijke stages bij een
    toekomstige werkgever, met het oog op een duurzame aanwerving bij deze werkgever"; "An
    internship's result is ``hired``, ``not_hired`` or ``stopped_early``" (DOMAIN.md R12).

    Every result is dated on or after the internship's first day. ``stopped_early`` falls
    within the internship (at the latest its last day); ``hired`` and ``not_hired`` (the
    employer's answer, which may come before the end) at the latest
    ``internship_result_max_days_after_end`` (30, in force on the trajectory's start) days
    after its last day: internship 2026-02-01…2026-04-30 → ``hired`` until 2026-05-30,
    ``stopped_early`` until 2026-04-30. Raises ``ValueError`` for an unknown result.
    """
    if result not in INTERNSHIP_RESULTS:
        raise ValueError(f"Unknown result {result!r}; use one of {', '.join(INTERNSHIP_RESULTS)}")
    if result == "stopped_early":
        return starts_on, ends_on, ()
    days = parameter("internship_result_max_days_after_end", trajectory_started_on)
    return starts_on, ends_on + timedelta(days=days.as_int()), (days,)


def internship_result_check(
    *, result: str, result_on: date, starts_on: date, ends_on: date, trajectory_started_on: date
) -> Outcome:
    """R12: may the internship's result ``result`` be dated ``result_on``?

    Blocking ``internship_result_outside_period`` (params ``result``, ``result_on``,
    ``earliest``, ``latest``) outside :func:`internship_result_window` (both ends inside).
    The parameter used, if any, is in the outcome.
    """
    earliest, latest, used = internship_result_window(
        result=result,
        starts_on=starts_on,
        ends_on=ends_on,
        trajectory_started_on=trajectory_started_on,
    )
    if earliest <= result_on <= latest:
        return Outcome.from_reasons((), used)
    return Outcome.from_reasons(
        (
            reason(
                "internship_result_outside_period",
                result=result,
                result_on=result_on,
                earliest=earliest,
                latest=latest,
            ),
        ),
        used,
    )
