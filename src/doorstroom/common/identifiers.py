"""Belgian identifiers, validated by python-stdnum (no hand-written checksums)."""

from __future__ import annotations

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
