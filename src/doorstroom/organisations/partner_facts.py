"""The partner facts kept for the ranking (R4, R10, R11): their stamp and the experience counts.

`stamp_bump()` is called by every service that changes what `referrals.ranking` reads about
the candidate partners, inside that service's transaction: the new token becomes visible to
other processes exactly when the change does. `stamp_read()` is the one cheap query a ranking
makes to know whether its cached facts are still current (docs/architecture.md, "Caches").

The experience counts (`PartnerExperience`, R10): `experience_add` is called by
`trajectories.services.outcome_record` in its transaction, `trajectories.experience.rebuild`
recounts them from the outcomes; a row holds one set of target groups (`groups_key`), so each
trajectory is counted once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import F

from doorstroom.organisations.models import PartnerExperience, PartnerFactsStamp
from doorstroom.rules.codes import target_groups_ordered

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


SEPARATOR = ","


def groups_key(groups: Iterable[str]) -> str:
    """The one spelling of a set of target groups: the codes in catalogue order, comma-joined."""
    return SEPARATOR.join(target_groups_ordered(groups))


def groups_of(key: str) -> frozenset[str]:
    """The target groups of a row's key (the inverse of :func:`groups_key`)."""
    return frozenset(code for code in key.split(SEPARATOR) if code)


def experience_add(*, partner_id: int, target_groups: Iterable[str], hired: bool) -> None:
    """Add one completed trajectory (and one hire if ``hired``) to the partner's counts."""
    row, _ = PartnerExperience.objects.get_or_create(
        partner_id=partner_id, target_groups=groups_key(target_groups)
    )
    PartnerExperience.objects.filter(pk=row.pk).update(
        completed=F("completed") + 1, hired=F("hired") + (1 if hired else 0)
    )
