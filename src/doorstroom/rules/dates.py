"""The range of dates the system knows, and the longest period a report may cover (R16).

DOMAIN.md, "Open points": "A date before the first value of a parameter, or past year 9999, is
refused with `date_out_of_range`; the system holds no procedure before 2019." R16: "Dates and
durations … are parameters with a date from which they are in force": before the first of those
dates no rule can be evaluated.

Why the last day is 9899-12-31 and not 9999-12-31: the rules add years and months to a date (a
mandate runs six years, a package five, phases months); a century of margin keeps every
computed date a valid date, so no computation overflows past year 9999.

Why a period is capped: monitoring and its exports count day by day and month by month; an
ESF programming period lasts seven years, so ten years covers every question a report answers,
while an 8,000-year period only costs the server.
"""

from __future__ import annotations

from datetime import date

from doorstroom.rules.calendar import ONE_DAY, add_years
from doorstroom.rules.outcome import Reason
from doorstroom.rules.params import first_day
from doorstroom.rules.reasons import reason

LAST_DAY = date(9899, 12, 31)
PERIOD_MAX_YEARS = 10


def date_range() -> tuple[date, date]:
    """The first and the last day the system accepts, both included."""
    return first_day(), LAST_DAY


def in_range(on: date) -> bool:
    first, last = date_range()
    return first <= on <= last


def date_out_of_range(
    on: date | str, *, first: date | None = None, last: date | None = None
) -> Reason:
    """The reason refusing ``on`` (an unknown date, e.g. one a computation overflowed, as text)."""
    lowest, highest = date_range()
    return reason("date_out_of_range", on=on, first=first or lowest, last=last or highest)


def period_last_day(date_from: date) -> date:
    """The last day a period starting on ``date_from`` may reach (``PERIOD_MAX_YEARS`` long)."""
    return add_years(date_from, PERIOD_MAX_YEARS) - ONE_DAY


def period_problems(date_from: date, date_to: date) -> dict[str, Reason]:
    """Per field (``from``, ``to``) the reason a report period is refused; empty when fine.

    Both ends must lie in :func:`date_range`, and the period may last at most
    ``PERIOD_MAX_YEARS`` years (``to`` no later than :func:`period_last_day` of ``from``).
    An inverted period is the caller's plain input error, not a range question.
    """
    problems: dict[str, Reason] = {}
    for field, day in (("from", date_from), ("to", date_to)):
        if not in_range(day):
            problems[field] = date_out_of_range(day)
    if not problems and date_to > period_last_day(date_from):
        problems["to"] = date_out_of_range(
            date_to, first=date_from, last=period_last_day(date_from)
        )
    return problems
