"""The ``<id:…>`` path converter every URL with a record id uses (docs/security.md, T9).

Django's ``<int:…>`` accepts any number of digits; a path id beyond the database's signed
64-bit range then reaches the driver inside a related lookup (``OverflowError``, a 500). This
converter matches at most 19 digits and refuses values above 2**63 - 1, so such a path is no
match: 404 (problem+json under ``/api/``), exactly as for an id that does not exist.
"""

from __future__ import annotations

from django.urls import register_converter

#: The largest id any supported database stores (signed 64-bit: PostgreSQL bigint, SQLite).
ID_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError(f"id beyond {ID_MAX}")  # no match: the resolver answers 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
