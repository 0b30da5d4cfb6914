"""Rotating NATIONAL_NUMBER_HASH_KEY (docs/security.md, "Rotating the national-number key").

Only an HMAC of each national number is stored, so the database alone cannot be re-keyed: the
numbers must come from their source (the employer's or VDAB's own records). For every number
given, the employee whose hash under the old key matches gets its hash under the current key
(settings). An employee whose number is not given keeps the old hash and cannot be found by
number (nor recognised as a duplicate) until it is rehashed; the result counts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from doorstroom.employees.models import Employee
from doorstroom.operations.retention import PSEUDONYM_PREFIX
from doorstroom.privacy.national_numbers import national_number_compact, national_number_hash

CHUNK = 500


@dataclass(frozen=True)
class RehashResult:
    rehashed: int  # employees moved from the old key to the current one (or to be, dry run)
    current: int  # of the numbers given: employees already under the current key
    unknown: int  # valid numbers given that match no employee under either key
    invalid: int  # lines that are not a valid national number
    remaining: int  # employees (not pseudonymised) that no given number covers


def national_numbers_rehash(numbers: Iterable[str], *, old_key: str, apply: bool) -> RehashResult:
    """Rehash the given people's hashes from `old_key` to the current key, in one transaction."""
    if not old_key or old_key == settings.NATIONAL_NUMBER_HASH_KEY:
        raise ValueError("the old key is empty or the same as NATIONAL_NUMBER_HASH_KEY")
    moves: dict[str, str] = {}  # old hash -> new hash
    invalid = 0
    for line in numbers:
        compact = national_number_compact(line.strip())
        if compact is None:
            invalid += line.strip() != ""
            continue
        moves[national_number_hash(compact, old_key)] = national_number_hash(compact)
    old, new = list(moves), list(moves.values())
    rehashed = current = 0
    with transaction.atomic():
        for start in range(0, len(old), CHUNK):
            found = dict(
                Employee.objects.filter(
                    national_number_hash__in=old[start : start + CHUNK]
                ).values_list("national_number_hash", "pk")
            )
            current += Employee.objects.filter(
                national_number_hash__in=new[start : start + CHUNK]
            ).count()
            rehashed += len(found)
            if apply:
                for digest, pk in found.items():
                    # update(): no history row (the history never holds the hash)
                    Employee.objects.filter(pk=pk).update(national_number_hash=moves[digest])
    people = Employee.objects.exclude(national_number_hash__startswith=PSEUDONYM_PREFIX).count()
    return RehashResult(
        rehashed=rehashed,
        current=current,
        unknown=len(moves) - rehashed - current,
        invalid=invalid,
        remaining=people - current - rehashed,
    )
