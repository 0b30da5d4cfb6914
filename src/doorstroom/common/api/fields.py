"""Input fields every API serializer uses for ids and dates, so hostile values are refused.

- :class:`IdField`: an id points at a row, and ids are signed 64-bit integers in every
  database we support (PostgreSQL ``bigint``, SQLite ``INTEGER``). A larger number cannot name
  a row; without the bound it reaches the database driver and fails there (``OverflowError``,
  a 500). Refused with 400 and the field in ``errors``.
- :class:`DateField`: a date outside ``rules.dates.date_range()`` (before the first parameter
  value, or too far ahead for the rules' arithmetic) is refused with 422
  ``date_out_of_range`` and the field in ``errors`` (DOMAIN.md, "Open points").

Input fields whose OpenAPI schema states what the services check (issue 12).

The services validate Belgian identifiers with python-stdnum, postal codes against the
reference tables of places/, hours against 0 < h ≤ 24 (DOMAIN.md). These fields keep that
validation exactly where it is (same answer: 400 with the field's reason code) and only tell
the OpenAPI document the shape a valid value has, with an example, so outside clients and
schemathesis know the real contract. A checksum or a table lookup cannot be a JSON Schema
constraint: the pattern states the form, the description the rest.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from doorstroom.common.converters import ID_MAX
from doorstroom.common.errors import DateOutOfRange
from doorstroom.rules import dates
from doorstroom.rules.codes import ALL_TARGET_GROUPS, TARGET_GROUPS


class IdField(serializers.IntegerField):
    """A positive id that fits a signed 64-bit integer."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class DateField(serializers.DateField):
    """An ISO date inside the range the system knows; outside it: 422 ``date_out_of_range``.

    ``earliest`` widens the range backwards for a fact of a person's past that precedes the
    procedure (a hire in custom work before 2019 is real; one before it is a typing error)."""

    def __init__(self, *, earliest: date | None = None, **kwargs: Any) -> None:
        self.earliest = earliest
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> date:
        day = super().to_internal_value(value)
        first, last = dates.date_range()
        first = self.earliest or first
        if not first <= day <= last:
            reason = dates.date_out_of_range(day, first=first)
            raise DateOutOfRange(reason, field=self.field_name or "")
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


#: The KBO spelling (0403.170.701), compact (0403170701) or with the VAT prefix (BE…).
ENTERPRISE_NUMBER_PATTERN = r"^(?:BE)?[01]\d{3}\.?\d{3}\.?\d{3}$"
#: Rijksregisternummer: 85.07.30-033.28 or its 11 digits.
NATIONAL_NUMBER_PATTERN = r"^\d{2}\.?\d{2}\.?\d{2}-?\d{3}\.?\d{2}$"
#: A Belgian postal code: four digits, 1000–9999.
POSTAL_CODE_PATTERN = r"^[1-9]\d{3}$"
#: A municipality's NIS code: five digits.
NIS_CODE_PATTERN = r"^[1-9]\d{4}$"
#: Hours of one activity: more than 0, at most 24, two decimals at most.
HOURS_PATTERN = r"^(?:(?:[1-9]|1\d|2[0-3])(?:\.\d{1,2})?|0?\.(?:0[1-9]|[1-9]\d?)|24(?:\.00?)?)$"


def _string(pattern: str, example: str, description: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": pattern,
        "example": example,
        "description": description,
        **extra,
    }


@extend_schema_field(
    _string(
        ENTERPRISE_NUMBER_PATTERN,
        "0403.170.701",
        "Ondernemingsnummer (KBO), ten getale van 10 cijfers met geldige controle (modulo 97); "
        "anders 400 enterprise_number_invalid.",
        maxLength=20,
    )
)
class EnterpriseNumberField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, **kwargs)


@extend_schema_field(
    _string(
        ENTERPRISE_NUMBER_PATTERN,  # drf-spectacular adds the blank alternative (oneOf)
        "0403.170.701",
        "Ondernemingsnummer (KBO) van de werkgever, of leeg; verplicht en met geldige controle "
        "(modulo 97) bij kind=hired, anders 400 enterprise_number_invalid.",
        maxLength=20,
    )
)
class OptionalEnterpriseNumberField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        # No default: it would land in the pattern's branch of the oneOf, which "" does not
        # match; left out, the service's own default ("") applies.
        super().__init__(max_length=20, required=False, allow_blank=True, **kwargs)


@extend_schema_field(
    _string(
        NATIONAL_NUMBER_PATTERN,
        "85.07.30-033.28",
        "Rijksregisternummer met geldige controle; anders 400 national_number_invalid. Wordt "
        "nooit volledig teruggegeven en nooit in een URL aanvaard.",
        maxLength=20,
        writeOnly=True,
    )
)
class NationalNumberField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, write_only=True, **kwargs)


@extend_schema_field(
    _string(
        POSTAL_CODE_PATTERN,
        "9000",
        "Een bestaande Belgische postcode; anders 400 postal_code_unknown.",
        maxLength=10,
    )
)
class PostalCodeField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=10, **kwargs)


@extend_schema_field(
    _string(NIS_CODE_PATTERN, "44021", "NIS-code van een Belgische gemeente.", maxLength=5)
)
class NisCodeField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=5, **kwargs)


@extend_schema_field(
    _string(
        HOURS_PATTERN,
        "3.5",
        "Uren: meer dan 0 en hoogstens 24, met hoogstens twee decimalen.",
        format="decimal",
    )
)
class HoursField(serializers.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=4, decimal_places=2, **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "enum": list(ALL_TARGET_GROUPS),
        "description": "Doelgroep; hoort bij het gekozen kader ("
        + "; ".join(f"{f}: {', '.join(groups)}" for f, groups in TARGET_GROUPS.items())
        + "), anders 400.",
    }
)
class TargetGroupField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=40, **kwargs)
