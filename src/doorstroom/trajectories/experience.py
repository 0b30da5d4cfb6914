"""Recount the partners' experience (R10, `organisations.PartnerExperience`) from the outcomes.

`outcome_record` adds each outcome as it is recorded (`organisations.partner_facts.
experience_add`); `rebuild` recounts every row from the outcomes (the migration that counted
them first, bulk-loaded benchmark data). A row holds one set of target groups (`groups_key`):
each trajectory is counted once.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, F, Q

from doorstroom.organisations.models import PartnerExperience
from doorstroom.organisations.partner_facts import groups_key
from doorstroom.trajectories.models import Outcome


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
