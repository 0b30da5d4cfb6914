"""The partners' experience counts (R10), precomputed in `PartnerExperience`.

`count_outcome` is called by `outcome_record` in its transaction; `rebuild` recounts every
row from the outcomes (the migration that created the table, bulk-loaded benchmark data).
A row holds one set of target groups (`groups_key`): each trajectory is counted once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Q

from doorstroom.rules.codes import target_groups_ordered
from doorstroom.trajectories.models import Outcome, PartnerExperience

SEPARATOR = ","


def groups_key(groups: Iterable[str]) -> str:
    """The one spelling of a set of target groups: the codes in catalogue order, comma-joined."""
    return SEPARATOR.join(target_groups_ordered(groups))


def groups_of(key: str) -> frozenset[str]:
    """The target groups of a row's key (the inverse of :func:`groups_key`)."""
    return frozenset(code for code in key.split(SEPARATOR) if code)


def count_outcome(*, partner_id: int, target_groups: Iterable[str], hired: bool) -> None:
    """Add one completed trajectory (and one hire if ``hired``) to the partner's counts."""
    row, _ = PartnerExperience.objects.get_or_create(
        partner_id=partner_id, target_groups=groups_key(target_groups)
    )
    PartnerExperience.objects.filter(pk=row.pk).update(
        completed=F("completed") + 1, hired=F("hired") + (1 if hired else 0)
    )


def rebuild(outcome_model: Any = Outcome, experience_model: Any = PartnerExperience) -> int:
    """Recount every partner's experience from the outcomes; returns the number of rows.

    The models are parameters so that a migration can pass its historical models. Grouped in
    SQL by (partner, the employee's stored list); lists that spell one set differently (never
    written by the services, but possible in loaded data) are merged here."""
    completed: Counter[tuple[int, str]] = Counter()
    hired: Counter[tuple[int, str]] = Counter()
    for r in (
        outcome_model.objects.values(
            partner_id=F("trajectory__partner_id"),
            groups=F("trajectory__employee__target_groups"),
        )
        .annotate(completed=Count("id"), hired=Count("id", filter=Q(kind="hired")))
        .order_by()
    ):
        key = (r["partner_id"], groups_key(r["groups"] or ()))
        completed[key] += r["completed"]
        hired[key] += r["hired"]
    experience_model.objects.all().delete()
    created = experience_model.objects.bulk_create(
        [
            experience_model(
                partner_id=partner_id, target_groups=key, completed=n, hired=hired[partner_id, key]
            )
            for (partner_id, key), n in completed.items()
        ],
        batch_size=1000,
    )
    return len(created)
