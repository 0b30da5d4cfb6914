"""The partners' experience counts (R10), precomputed in `PartnerExperience`.

`count_outcome` is called by `outcome_record` in its transaction; `rebuild` recounts every
row from the outcomes (the migration that created the table, bulk-loaded benchmark data).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q

from doorstroom.trajectories.models import Outcome, PartnerExperience


def count_outcome(*, partner_id: int, target_group: str, hired: bool) -> None:
    """Add one completed trajectory (and one hire if ``hired``) to the partner's counts."""
    row, _ = PartnerExperience.objects.get_or_create(
        partner_id=partner_id, target_group=target_group
    )
    PartnerExperience.objects.filter(pk=row.pk).update(
        completed=F("completed") + 1, hired=F("hired") + (1 if hired else 0)
    )


def rebuild(outcome_model: Any = Outcome, experience_model: Any = PartnerExperience) -> int:
    """Recount every partner's experience from the outcomes; returns the number of rows.

    The models are parameters so that a migration can pass its historical models."""
    rows = (
        outcome_model.objects.values(
            partner_id=F("trajectory__partner_id"),
            target_group=F("trajectory__employee__target_group"),
        )
        .annotate(completed=Count("id"), hired=Count("id", filter=Q(kind="hired")))
        .order_by()
    )
    experience_model.objects.all().delete()
    created = experience_model.objects.bulk_create(
        [experience_model(**r) for r in rows], batch_size=1000
    )
    return len(created)
