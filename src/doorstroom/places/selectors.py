"""Every read of the places reference data.

Other apps ask these questions instead of querying the tables, so that the rules for codes that
cover several municipalities ("the first by NIS code") live in one place. Postal codes are
compared as given after stripping surrounding spaces: four digits, no country prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q

from doorstroom.places.models import Municipality, PostalCode


def postal_code_exists(code: str) -> bool:
    """Is this a Belgian postal code? Validates addresses typed by users (one cheap query)."""
    return PostalCode.objects.filter(code=code.strip()).exists()


def municipalities_for_postal_code(code: str) -> list[Municipality]:
    """All municipalities a postal code covers, by NIS code (1050 covers Brussel and Elsene).

    For when the user has to choose, or a rule must hold for every one of them.
    """
    return list(
        Municipality.objects.filter(postal_codes__code=code.strip()).distinct().order_by("nis_code")
    )


def municipality_for_postal_code(code: str) -> Municipality | None:
    """One municipality for a postal code (the first by NIS code), or None if unknown.

    For when an address needs a single municipality and the code alone cannot say which: the
    choice is arbitrary but stable.
    """
    return Municipality.objects.filter(postal_codes__code=code.strip()).order_by("nis_code").first()


def coordinates_for_postal_code(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a postal code, or None if unknown or without coordinates.

    Postal-code centroids are good enough for distances between addresses. When a code covers
    several municipalities, the row of the first by NIS code that has coordinates is used.
    """
    row = (
        PostalCode.objects.filter(
            code=code.strip(), latitude__isnull=False, longitude__isnull=False
        )
        .order_by("municipality_id")
        .values_list("latitude", "longitude")
        .first()
    )
    if row is None or row[0] is None or row[1] is None:  # the filter rules the Nones out
        return None
    return (row[0], row[1])


def unknown_municipality_codes(codes: Iterable[str]) -> list[str]:
    """The NIS codes that are not municipalities, in the order given, each once.

    Validates a whole list (a local network) in one query instead of one per code; no query at
    all for an empty list.
    """
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    known = set(Municipality.objects.filter(nis_code__in=wanted).values_list("nis_code", flat=True))
    return [code for code in wanted if code not in known]


def municipality_codes_for_terms(terms: Iterable[str]) -> tuple[list[str], list[str]]:
    """Resolve what a user typed (NIS codes or Dutch/French names) to NIS codes, in one query.

    Returns (codes, unknown): the NIS codes found, in the order given and each once, and the
    terms that matched no municipality. Names compare without regard to case or surrounding
    spaces ("gent", "Gand" and "44021" all give 44021); empty terms are skipped.
    """
    wanted = [t.strip() for t in terms if t and t.strip()]
    if not wanted:
        return [], []
    keys = {t.casefold() for t in wanted}
    names = _any_name(keys)
    rows = Municipality.objects.filter(
        Q(nis_code__in=wanted) | Q(name_nl__iregex=names) | Q(name_fr__iregex=names)
    ).values_list("nis_code", "name_nl", "name_fr")
    by_key: dict[str, str] = {}
    for nis_code, name_nl, name_fr in rows:
        for key in (nis_code, name_nl.casefold(), name_fr.casefold()):
            by_key.setdefault(key, nis_code)
    codes: list[str] = []
    unknown: list[str] = []
    for term in wanted:
        code = by_key.get(term.casefold())
        if code is None:
            unknown.append(term)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def _any_name(keys: Iterable[str]) -> str:
    return "^(" + "|".join(re.escape(k) for k in sorted(keys)) + ")$"
