"""The stamp of the partner facts that the ranking caches per process (R4, R10, R11).

`stamp_bump()` is called by every service that changes what `referrals.ranking` reads about
the candidate partners, inside that service's transaction: the new token becomes visible to
other processes exactly when the change does. `stamp_read()` is the one cheap query a ranking
makes to know whether its cached facts are still current (docs/architecture.md, "Caches").
"""

from __future__ import annotations

import uuid

from django.db.models import F

from doorstroom.organisations.models import PartnerFactsStamp

STAMP_ID = 1

Stamp = tuple[int, str]


def stamp_read() -> Stamp | None:
    """The current (number, token), or ``None`` when the row is missing (a flushed database):
    then nothing may be cached."""
    row = PartnerFactsStamp.objects.filter(pk=STAMP_ID).values_list("number", "token").first()
    return None if row is None else (row[0], row[1])


def stamp_bump() -> None:
    """Mark the partner facts as changed; call inside the transaction that changes them.

    The UPDATE locks the row until commit, so concurrent changes are serialised on it and
    each commit leaves a token no process has cached before."""
    token = uuid.uuid4().hex
    updated = PartnerFactsStamp.objects.filter(pk=STAMP_ID).update(
        number=F("number") + 1, token=token
    )
    if not updated:
        PartnerFactsStamp.objects.get_or_create(pk=STAMP_ID, defaults={"token": token})
