"""Input fields every API serializer uses for ids and dates, so hostile values are refused.

- :class:`IdField`: an id points at a row, and ids are signed 64-bit integers in every
  database we support (PostgreSQL ``bigint``, SQLite ``INTEGER``). A larger number cannot name
  a row; without the bound it reaches the database driver and fails there (``OverflowError``,
  a 500). Refused with 400 and the field in ``errors``.
- :class:`DateField`: a date outside ``rules.dates.date_range()`` (before the first parameter
  value, or too far ahead for the rules' arithmetic) is refused with 422
  ``date_out_of_range`` and the field in ``errors`` (DOMAIN.md, "Open points").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rest_framework import serializers

from doorstroom.common.converters import ID_MAX
from doorstroom.common.errors import DateOutOfRange
from doorstroom.rules import dates


class IdField(serializers.IntegerField):
    """A positive id that fits a signed 64-bit integer."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class DateField(serializers.DateField):
    """An ISO date inside the range the system knows; outside it: 422 ``date_out_of_range``."""

    def to_internal_value(self, value: Any) -> date:
        day = super().to_internal_value(value)
        if not dates.in_range(day):
            raise DateOutOfRange(dates.date_out_of_range(day), field=self.field_name or "")
        return day


def check_period(date_from: date, date_to: date) -> None:
    """Refuse a report period outside the range or longer than ``PERIOD_MAX_YEARS`` (422)."""
    problems = dates.period_problems(date_from, date_to)
    if problems:
        field, first = next(iter(problems.items()))
        exc = DateOutOfRange(first, field=field)
        exc.reasons = tuple(problems.values())
        exc.errors = {name: [r.message_nl] for name, r in problems.items()}
        raise exc
