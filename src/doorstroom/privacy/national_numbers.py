"""National numbers (INSZ / rijksregisternummer): validated, hashed, masked; never kept whole.

The number is needed only to find a person again (exact search) and to show a recognisable
fragment. So we keep an HMAC-SHA256 under a secret key (a stolen database cannot be reversed
by trying all ~10^9 valid numbers without the key) and a masked form with the birth date part.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from stdnum.be import nn
from stdnum.exceptions import ValidationError


def national_number_compact(value: str) -> str | None:
    """The 11 digits of a valid national number, or None (checksum checked by stdnum)."""
    try:
        return str(nn.validate(value))
    except (ValidationError, TypeError, ValueError):
        return None


def national_number_hash(compact: str, key: str | None = None) -> str:
    """HMAC-SHA256 under NATIONAL_NUMBER_HASH_KEY (or `key`: the old one, when rotating)."""
    secret = (settings.NATIONAL_NUMBER_HASH_KEY if key is None else key).encode()
    return hmac.new(secret, compact.encode(), hashlib.sha256).hexdigest()


def national_number_masked(compact: str) -> str:
    """85073003328 → 85.07.30-***.** (the birth date part only)."""
    return f"{compact[0:2]}.{compact[2:4]}.{compact[4:6]}-***.**"
