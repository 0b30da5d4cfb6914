"""Property tests (hypothesis) on the date rules: random dates around every boundary.

Each rule is checked against an independent oracle (``dateutil.relativedelta``, which clamps
to the month's end like DOMAIN.md says) and against its invariants: monotone in its input,
exact on both sides of its boundary, and equal to the documented formula with the parameter
values in force (R16). Dates are drawn near the edges that matter: month ends, 29 February,
the transitional dates 2019-09-01 / 2021-09-01 / 2021-09-02 and 2019-01-01.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from doorstroom.rules import calendar, mandates, packages, trajectories
from doorstroom.rules.mandates import ReceiptFact, RecognitionFact
from doorstroom.rules.params import parameter
from doorstroom.rules.trajectories import Period

ONE_DAY = timedelta(days=1)
SUBJECT = "Aanvraag mandaat doorstroombegeleiding"
EDGES = [
    date(2019, 1, 1),
    date(2019, 9, 1),
    date(2021, 9, 1),
    date(2021, 9, 2),
    date(2024, 2, 29),
    date(2028, 2, 29),
    date(2025, 12, 31),
    date(2026, 1, 31),
    date(2023, 8, 31),
]


FIRST = date(2019, 1, 1)  # the parameters' first values are in force from this day


@st.composite
def near_boundaries(draw: st.DrawFn, earliest: date = FIRST) -> date:
    """A day within a few days of an edge, or of a month end, or any day 2019–2035."""
    return max(earliest, draw(_near()))


@st.composite
def _near(draw: st.DrawFn) -> date:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.sampled_from(EDGES)) + timedelta(days=draw(st.integers(-3, 3)))
    if kind == 1:
        first = date(draw(st.integers(2019, 2035)), draw(st.integers(1, 12)), 1)
        month_end = calendar.add_months(first, 1) - ONE_DAY
        return month_end + timedelta(days=draw(st.integers(-2, 1)))
    return draw(st.dates(date(2018, 1, 1), date(2035, 12, 31)))


days = near_boundaries()
PROFILE = settings(max_examples=300, deadline=None)


# -- calendar -------------------------------------------------------------------------------


@PROFILE
@given(d=days, months=st.integers(-30, 90))
def test_add_months_is_relativedelta_clamped_to_the_month_end(d: date, months: int) -> None:
    assert calendar.add_months(d, months) == d + relativedelta(months=months)


@PROFILE
@given(a=days, b=days, months=st.integers(0, 90))
def test_add_months_is_monotone(a: date, b: date, months: int) -> None:
    if a <= b:
        assert calendar.add_months(a, months) <= calendar.add_months(b, months)


# -- R1 transitional regime -----------------------------------------------------------------


@PROFILE
@given(received_on=days, participant=st.booleans(), recognised_from=st.none() | days)
def test_r1_admissible_iff_recognised_or_participant_up_to_the_period_end(
    received_on: date, participant: bool, recognised_from: date | None
) -> None:
    recognitions = (
        [RecognitionFact("L", "R", recognised_from, None)] if recognised_from is not None else []
    )
    outcome = mandates.admissibility(
        received_on=received_on, recognitions=recognitions, current_participant=participant
    )
    period_end = parameter("transitional_period_end", received_on).as_date()
    assert period_end == date(2021, 9, 1)
    recognised = recognised_from is not None and recognised_from <= received_on
    assert outcome.allowed == (recognised or (participant and received_on <= period_end))
    codes = {r.code for r in outcome.reasons}
    assert ("transitional_regime_applied" in codes) == (
        not recognised and participant and received_on <= period_end
    )
    assert ("recognition_missing" in codes) == (not outcome.allowed)


@PROFILE
@given(received_on=days)
def test_r1_the_regime_ends_exactly_on_1_september_2021(received_on: date) -> None:
    outcome = mandates.admissibility(
        received_on=received_on, recognitions=[], current_participant=True
    )
    assert outcome.allowed == (received_on <= date(2021, 9, 1))


# -- R3 six-year validity -------------------------------------------------------------------


@PROFILE
@given(starts_on=days)
def test_r3_last_day_is_the_day_before_the_sixth_anniversary(starts_on: date) -> None:
    period = mandates.mandate_period(starts_on=starts_on)
    years = parameter("mandate_validity_years", starts_on).as_int()
    assert period.valid_from == starts_on
    assert period.valid_until == starts_on + relativedelta(years=years) - ONE_DAY
    if (starts_on.month, starts_on.day) == (2, 29):
        assert period.valid_until == date(starts_on.year + years, 2, 27)
    # about six years: never less than 6*365 days, never more than 6*366
    assert years * 365 - 1 <= (period.valid_until - starts_on).days <= years * 366


@PROFILE
@given(a=days, b=days)
def test_r3_a_later_start_never_ends_earlier(a: date, b: date) -> None:
    assume(a < b)
    assert (
        mandates.mandate_period(starts_on=a).valid_until
        <= mandates.mandate_period(starts_on=b).valid_until
    )


@PROFILE
@given(starts_on=days, offset=st.integers(-3, 3))
def test_r3_status_is_exact_on_both_ends(starts_on: date, offset: int) -> None:
    period = mandates.mandate_period(starts_on=starts_on)
    for edge in (period.valid_from, period.valid_until):
        today = edge + timedelta(days=offset)
        status = mandates.mandate_status(
            valid_from=period.valid_from, valid_until=period.valid_until, today=today
        )
        if today < period.valid_from:
            assert status == "future"
        elif today > period.valid_until:
            assert status == "expired"
        else:
            assert status == "active"


# -- R15 two-month target -------------------------------------------------------------------


@PROFILE
@given(completed_on=days)
def test_r15_due_two_calendar_months_later_clamped(completed_on: date) -> None:
    due, months = mandates.decision_due_on(completed_on=completed_on)
    assert months.as_int() == 2
    assert due == completed_on + relativedelta(months=2)
    assert 59 <= (due - completed_on).days <= 62


@PROFILE
@given(completed_on=days, offset=st.integers(-3, 3), decided=st.booleans())
def test_r15_overdue_from_the_day_after_the_due_date_while_undecided(
    completed_on: date, offset: int, decided: bool
) -> None:
    due, _ = mandates.decision_due_on(completed_on=completed_on)
    today = due + timedelta(days=offset)
    outcome = mandates.overdue(due_on=due, today=today, decided=decided)
    assert outcome.allowed == (decided or offset <= 0)


@PROFILE
@given(a=days, b=days)
def test_r15_due_date_is_monotone(a: date, b: date) -> None:
    assume(a <= b)
    assert (
        mandates.decision_due_on(completed_on=a)[0] <= mandates.decision_due_on(completed_on=b)[0]
    )


# -- R14 submission -------------------------------------------------------------------------


@PROFILE
@given(
    email_on=st.none() | days,
    letter_on=st.none() | days,
    eid=st.booleans(),
    subject_ok=st.booleans(),
)
def test_r14_complete_on_the_day_the_last_required_channel_arrived(
    email_on: date | None, letter_on: date | None, eid: bool, subject_ok: bool
) -> None:
    receipts = []
    if email_on is not None:
        signed = frozenset({"A"}) if eid else frozenset()
        subject = SUBJECT if subject_ok else "aanvraag"
        receipts.append(ReceiptFact("email", email_on, subject, signed))
    if letter_on is not None:
        receipts.append(ReceiptFact("registered_letter", letter_on))
    result = mandates.submission(receipts=receipts, signatories=["A"])
    paper_needed = not (eid and email_on is not None)
    complete = email_on is not None and (letter_on is not None or not paper_needed)
    assert result.complete == complete
    if complete:
        assert email_on is not None
        expected = email_on if not paper_needed else max(email_on, letter_on)  # type: ignore[type-var]
        assert result.completed_on == expected
    else:
        assert result.completed_on is None
    codes = {r.code for r in result.outcome.reasons}
    assert ("digital_dossier_missing" in codes) == (email_on is None)
    assert ("email_subject_mismatch" in codes) == (email_on is not None and not subject_ok)


# -- R12 phases and suspensions -------------------------------------------------------------


@st.composite
def suspensions_near(draw: st.DrawFn, around: date) -> list[Period]:
    periods = []
    for _ in range(draw(st.integers(0, 3))):
        start = around + timedelta(days=draw(st.integers(-40, 200)))
        periods.append(Period(start, start + timedelta(days=draw(st.integers(0, 40)))))
    return periods


@PROFILE
@given(data=st.data(), started_on=days)
def test_r12_phase_deadlines_are_the_formula_plus_suspended_days(
    data: st.DataObject, started_on: date
) -> None:
    suspensions = data.draw(suspensions_near(started_on))
    plain = trajectories.phase_deadlines(started_on=started_on, suspensions=[])
    intake = parameter("phase_intake_months", started_on).as_int()
    matching = parameter("phase_job_matching_months", started_on).as_int()
    assert plain.intake_until == started_on + relativedelta(months=intake) - ONE_DAY
    assert plain.job_matching_until == (
        plain.intake_until + ONE_DAY + relativedelta(months=matching) - ONE_DAY
    )
    extended = trajectories.phase_deadlines(started_on=started_on, suspensions=suspensions)
    suspended = len(
        {
            p.starts_on + timedelta(days=i)
            for p in suspensions
            for i in range((p.ends_on - p.starts_on).days + 1)
        }
    )
    # never earlier, never more than the suspended days later (per phase)
    assert (
        plain.intake_until
        <= extended.intake_until
        <= plain.intake_until + timedelta(days=suspended)
    )
    assert extended.job_matching_until >= plain.job_matching_until
    assert extended.intake_until < extended.job_matching_until
    # exactly the suspended days on or before each unsuspended deadline, from the start on
    for plain_until, moved_until in (
        (plain.intake_until, extended.intake_until),
        (plain.job_matching_until, extended.job_matching_until),
    ):
        before = {
            p.starts_on + timedelta(days=i)
            for p in suspensions
            for i in range((p.ends_on - p.starts_on).days + 1)
            if started_on <= p.starts_on + timedelta(days=i) <= plain_until
        }
        assert moved_until == plain_until + timedelta(days=len(before))


@PROFILE
@given(deadline=days, gap=st.integers(-5, 5), length=st.integers(0, 30))
def test_r12_a_suspension_counts_from_the_deadline_day_not_the_day_after(
    deadline: date, gap: int, length: int
) -> None:
    from_date = deadline - timedelta(days=60)
    start = deadline + timedelta(days=gap)
    period = Period(start, start + timedelta(days=length))
    extended = trajectories.extend_by_suspensions(
        deadline, from_date=from_date, suspensions=[period]
    )
    if gap > 0:
        assert extended == deadline  # starts after the deadline: does not count
    else:
        counted = (min(period.ends_on, deadline) - max(period.starts_on, from_date)).days + 1
        assert extended == deadline + timedelta(days=max(counted, 0))


@PROFILE
@given(data=st.data(), deadline=days)
def test_r12_more_suspension_never_shortens(data: st.DataObject, deadline: date) -> None:
    base = data.draw(suspensions_near(deadline - timedelta(days=90)))
    extra = data.draw(suspensions_near(deadline - timedelta(days=90)))
    from_date = deadline - timedelta(days=90)
    one = trajectories.extend_by_suspensions(deadline, from_date=from_date, suspensions=base)
    both = trajectories.extend_by_suspensions(
        deadline, from_date=from_date, suspensions=base + extra
    )
    assert deadline <= one <= both


@PROFILE
@given(starts_on=days, offset=st.integers(-3, 3))
def test_r12_internship_limit_is_exact(starts_on: date, offset: int) -> None:
    latest, months = trajectories.internship_latest_end(
        starts_on=starts_on, trajectory_started_on=starts_on, suspensions=[]
    )
    assert latest == starts_on + relativedelta(months=months.as_int()) - ONE_DAY
    ends_on = latest + timedelta(days=offset)
    assume(ends_on >= starts_on)
    outcome = trajectories.internship_check(
        starts_on=starts_on,
        ends_on=ends_on,
        trajectory_started_on=starts_on,
        trajectory_ended_on=None,
        suspensions=[],
    )
    assert outcome.allowed == (offset <= 0)


# -- support packages: five years from hiring -----------------------------------------------


@PROFILE
@given(hired_on=_near(), later=st.integers(0, 2500))
def test_packages_valid_five_years_from_hiring_for_hires_since_2019(
    hired_on: date, later: int
) -> None:
    valid_from = max(FIRST, hired_on + timedelta(days=later))
    valid_until = packages.package_valid_until(hired_on=hired_on, valid_from=valid_from)
    if hired_on < date(2019, 1, 1):
        assert valid_until is None
    else:
        years = parameter("support_package_validity_years", valid_from).as_int()
        assert valid_until == hired_on + relativedelta(years=years) - ONE_DAY
        # counted from hiring: a later package version keeps the same last day
        again = packages.package_valid_until(hired_on=hired_on, valid_from=FIRST + ONE_DAY * later)
        assert valid_until == again


@PROFILE
@given(offset=st.integers(-3, 3))
def test_packages_the_limit_applies_from_1_january_2019_exactly(offset: int) -> None:
    hired_on = date(2019, 1, 1) + timedelta(days=offset)
    valid_until = packages.package_valid_until(hired_on=hired_on, valid_from=date(2024, 1, 1))
    assert (valid_until is None) == (offset < 0)
