"""Rules that used to be written again outside `rules/` (issue 13), tested here once.

Each function is tested on both sides of every date boundary it has: R3 (last day, renewal
due), R13 (evidence missing), R14 (e-mail subject) and R15 (past due, decided within target).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from doorstroom.rules.calendar import add_years
from doorstroom.rules.codes import CONDITIONS
from doorstroom.rules.mandates import (
    RENEWAL_LAPSED_STATUSES,
    conditions_without_evidence,
    decided_within_target,
    email_subject_matches,
    evidence_missing,
    expected_email_subject,
    mandate_last_day,
    mandate_period,
    overdue,
    overdue_from,
    past_due,
    renewal_due,
    renewal_pending,
    renewal_reminder_on,
    signatory_list_problem,
)

ONE = timedelta(days=1)

# --- R3: the last day of a mandate ----------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "years", "last_day"),
    [
        (date(2022, 3, 1), 6, date(2028, 2, 29)),
        (date(2024, 2, 29), 6, date(2030, 2, 27)),  # the anniversary of 29 February is 28 Feb
        (date(2024, 2, 28), 6, date(2030, 2, 27)),
        (date(2024, 3, 1), 6, date(2030, 2, 28)),
        (date(2023, 7, 15), 6, date(2029, 7, 14)),
        (date(2024, 2, 29), 4, date(2028, 2, 28)),  # a leap anniversary keeps 29 February
        (date(2023, 1, 1), 3, date(2025, 12, 31)),
    ],
)
def test_mandate_last_day(starts_on: date, years: int, last_day: date) -> None:
    assert mandate_last_day(starts_on=starts_on, years=years) == last_day
    assert last_day == add_years(starts_on, years) - ONE


@pytest.mark.parametrize("starts_on", [date(2024, 2, 29), date(2022, 3, 1), date(2019, 1, 1)])
def test_mandate_period_ends_on_the_last_day_of_the_years_in_force(starts_on: date) -> None:
    period = mandate_period(starts_on=starts_on)
    years = int(period.parameters[0].value)
    assert period.valid_until == mandate_last_day(starts_on=starts_on, years=years)


# --- R3: renewal due ------------------------------------------------------------------------

FROM = date(2020, 3, 2)
UNTIL = date(2026, 3, 1)
REMIND_ON = renewal_reminder_on(valid_until=UNTIL)[0]


def test_reminder_day_of_the_example_mandate() -> None:
    assert (UNTIL - REMIND_ON).days == 180


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (FROM - ONE, False),  # not started (and long before the reminder day)
        (FROM, False),
        (REMIND_ON - ONE, False),  # the day before the reminder day
        (REMIND_ON, True),  # from the reminder day on
        (UNTIL, True),  # the last day
        (UNTIL + ONE, True),  # ended: still to be renewed
        (UNTIL + timedelta(days=400), True),
    ],
)
def test_renewal_due_around_the_reminder_day_and_the_end(today: date, due: bool) -> None:
    found = renewal_due(valid_from=FROM, valid_until=UNTIL, today=today, renewal_pending=False)
    assert found is due


@pytest.mark.parametrize("today", [REMIND_ON - ONE, REMIND_ON, UNTIL, UNTIL + ONE])
def test_a_renewal_on_its_way_means_nothing_is_due(today: date) -> None:
    assert not renewal_due(valid_from=FROM, valid_until=UNTIL, today=today, renewal_pending=True)


def test_a_mandate_that_has_not_started_is_never_due() -> None:
    # A (theoretical) period shorter than the lead time: the reminder day precedes the start.
    start, end = date(2026, 1, 10), date(2026, 2, 10)
    assert renewal_reminder_on(valid_until=end)[0] < start
    before, on_start = (
        renewal_due(valid_from=start, valid_until=end, today=day, renewal_pending=False)
        for day in (start - ONE, start)
    )
    assert (before, on_start) == (False, True)


@pytest.mark.parametrize(
    ("statuses", "pending"),
    [
        ((), False),
        (("withdrawn",), False),
        (("inadmissible",), False),
        (("withdrawn", "inadmissible"), False),
        (("draft",), True),
        (("incomplete",), True),
        (("complete",), True),
        (("overdue",), True),
        (("approved",), True),
        (("rejected",), True),  # decided on the merits: the renewal did happen (and was refused)
        (("withdrawn", "draft"), True),
    ],
)
def test_renewal_pending(statuses: tuple[str, ...], pending: bool) -> None:
    assert renewal_pending(renewal_statuses=statuses) is pending
    assert renewal_pending(renewal_statuses=iter(statuses)) is pending


def test_lapsed_statuses_are_the_endings_without_a_decision_on_the_merits() -> None:
    assert frozenset({"inadmissible", "withdrawn"}) == RENEWAL_LAPSED_STATUSES


# --- R13: evidence missing -----------------------------------------------------------------


def test_every_condition_without_evidence_in_the_source_order() -> None:
    assert conditions_without_evidence(evidence_conditions=set()) == CONDITIONS
    reasons = evidence_missing(evidence_conditions=set())
    assert [r.params["condition"] for r in reasons] == list(CONDITIONS)
    assert {(r.code, r.rule, r.blocking) for r in reasons} == {("evidence_missing", "R13", False)}


def test_conditions_with_evidence_are_left_out() -> None:
    shown = {"facilities", "results"}
    assert conditions_without_evidence(evidence_conditions=shown) == tuple(
        c for c in CONDITIONS if c not in shown
    )
    assert evidence_missing(evidence_conditions=set(CONDITIONS)) == []


def test_unknown_evidence_condition_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown evidence conditions"):
        evidence_missing(evidence_conditions={"charm"})


# --- R14: e-mail subject ---------------------------------------------------------------------

SUBJECT_DAY = date(2025, 5, 1)
SUBJECT = "Aanvraag mandaat doorstroombegeleiding"


def test_expected_subject_is_the_parameter_in_force() -> None:
    expected = expected_email_subject(on=SUBJECT_DAY)
    assert (expected.name, expected.as_str()) == ("email_subject", SUBJECT)


@pytest.mark.parametrize(
    ("subject", "matches"),
    [
        (SUBJECT, True),
        (f"  {SUBJECT}\n", True),  # surrounding whitespace is ignored
        (SUBJECT.lower(), False),  # case counts
        (SUBJECT.replace(" ", "  ", 1), False),  # inner spacing counts
        (f"RE: {SUBJECT}", False),
        ("", False),
    ],
)
def test_subject_matches(subject: str, matches: bool) -> None:
    assert email_subject_matches(subject=subject, received_on=SUBJECT_DAY) is matches


# --- R15: past due, overdue from, decided within target --------------------------------------

DUE = date(2026, 2, 28)


def test_overdue_from_the_day_after_the_due_date() -> None:
    assert overdue_from(due_on=DUE) == date(2026, 3, 1)
    assert overdue_from(due_on=date(2024, 2, 28)) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("due_on", "today", "is_past"),
    [
        (DUE, DUE - ONE, False),
        (DUE, DUE, False),  # the due day itself is on time
        (DUE, DUE + ONE, True),
        (None, DUE + timedelta(days=900), False),  # no due date: never past due
    ],
)
def test_past_due(due_on: date | None, today: date, is_past: bool) -> None:
    assert past_due(due_on=due_on, today=today) is is_past
    assert overdue(due_on=due_on, today=today, decided=False).allowed is not is_past


@pytest.mark.parametrize(
    ("decided_on", "due_on", "within"),
    [
        (DUE - ONE, DUE, True),
        (DUE, DUE, True),  # decided on the due date: within the target
        (DUE + ONE, DUE, False),  # the day after: not
        (DUE, None, False),  # incomplete dossier: no target, never timely
    ],
)
def test_decided_within_target(decided_on: date, due_on: date | None, within: bool) -> None:
    assert decided_within_target(decided_on=decided_on, due_on=due_on) is within


# --- R14: the list of parties that sign ---------------------------------------------------


@pytest.mark.parametrize(
    ("names", "problem"),
    [
        ([], ("missing", 0)),
        (["An Peeters"], None),
        (["An Peeters", "Bart Maes"], None),
        (["  "], ("missing", 0)),
        (["An Peeters", ""], ("missing", 1)),
        (["An Peeters", "an peeters "], ("duplicate", 1)),
        (["An Peeters", "Bart Maes", "BART MAES"], ("duplicate", 2)),
        (["An Peeters", "An  Peeters"], None),  # inner spacing counts, as signers are matched
    ],
)
def test_signatory_list_problem(names: list[str], problem: tuple[str, int] | None) -> None:
    assert signatory_list_problem(names) == problem
