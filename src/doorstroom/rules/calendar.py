"""Calendar arithmetic on Belgian calendar dates (DOMAIN.md, "Dates").

Why hand-written: the procedure counts in calendar months and years ("binnen de 2 maanden",
"om de 6 jaar") and needs one clamping convention everywhere: a day that does not exist in the
target month becomes that month's last day (31 December + 2 months → 28 or 29 February;
29 February + 1 year → 28 February). Doing this in one small module keeps R3, R15 and the phase
durations consistent, with no dependency beyond the standard library.

Periods are closed intervals: both ends are inside, and an open end (``None``) runs on.
"""

from __future__ import annotations

import calendar as _calendar  # the standard library module, not this one (absolute import)
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, clamped to the end of the target month.

    Examples: 2024-06-10 + 2 → 2024-08-10; 2025-12-31 + 2 → 2026-02-28;
    2023-12-31 + 2 → 2024-02-29. Negative ``months`` go back with the same clamping.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last_day = _calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def add_years(d: date, years: int) -> date:
    """``d`` plus ``years`` calendar years; 29 February becomes 28 February (R3)."""
    return add_months(d, 12 * years)


def last_day_of_period(starts_on: date, months: int) -> date:
    """Last day of a period of ``months`` months starting on ``starts_on`` (closed interval).

    Why minus one day: a period starting on D lasts "until the day before D + N months"
    (DOMAIN.md, "Dates"), so both ends are inside the period and periods chain without overlap.
    """
    return add_months(starts_on, months) - ONE_DAY


def is_within(d: date, valid_from: date, valid_until: date | None) -> bool:
    """Whether ``d`` lies in the closed interval [valid_from, valid_until]; ``None`` = open end."""
    if d < valid_from:
        return False
    return valid_until is None or d <= valid_until
