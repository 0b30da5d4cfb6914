"""Belgian identifiers: checked with python-stdnum, and made up (valid) for demo and test data."""

from __future__ import annotations

from datetime import date

from stdnum.be import vat
from stdnum.exceptions import ValidationError


def enterprise_number_compact(value: str) -> str | None:
    """The enterprise number (ondernemingsnummer, KBO) in its 10-digit form, or None if invalid.

    Accepts the usual spellings: 0403.170.701, 0403 170 701, BE0403170701, 403170701.
    """
    try:
        return str(vat.validate(value))
    except (ValidationError, TypeError, ValueError):
        return None


def enterprise_number_display(compact: str) -> str:
    """0403170701 → 0403.170.701, the way the KBO writes it."""
    return f"{compact[:4]}.{compact[4:7]}.{compact[7:]}" if len(compact) == 10 else compact


def mod97_check(number: int) -> int:
    """The two check digits of Belgian enterprise and national numbers: 97 − number mod 97."""
    return 97 - number % 97


def enterprise_number_for(base: int) -> str:
    """The valid enterprise number whose first eight digits are `base` (demo and test data)."""
    return f"{base:08d}{mod97_check(base):02d}"


def national_number_for(born: date, serial: int) -> str:
    """The valid national number of someone born on `born` with day serial `serial` (1–997).

    For a birth from 2000 on, the check digits are computed over "2" and the nine digits.
    """
    first = f"{born:%y%m%d}{serial:03d}"
    return f"{first}{mod97_check(int(('2' if born.year >= 2000 else '') + first)):02d}"
