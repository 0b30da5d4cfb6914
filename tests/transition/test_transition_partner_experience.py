"""The partners' experience counts (R10) are kept current by outcome_record and equal a
recount from the outcomes; the ranking reads them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import evaluation_create
from doorstroom.organisations.models import Organisation, PartnerExperience
from doorstroom.referrals.ranking import ranking_for
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories import experience
from doorstroom.trajectories.services import outcome_record, trajectory_start
from tests.factories import make_partner

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "ok"}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


def _counts() -> set[tuple[int, str, int, int]]:
    return set(
        PartnerExperience.objects.values_list("partner_id", "target_groups", "completed", "hired")
    )


def test_outcome_record_counts_experience(employee: Employee, db: Any) -> None:
    partner: Organisation = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    start = clock.today() - timedelta(days=200)
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=start,
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
    )
    referral = referral_create(evaluation=evaluation, partner=partner, referred_on=start)
    trajectory = trajectory_start(referral=referral, started_on=start)
    assert _counts() == set()
    outcome_record(
        trajectory=trajectory,
        kind="hired",
        on=clock.today() - timedelta(days=1),
        employer_enterprise_number="0202239951",
        employer_name="Werkgever nv",
    )
    kept = _counts()
    assert kept == {(partner.pk, ",".join(employee.target_groups), 1, 1)}
    experience.rebuild()
    assert _counts() == kept
    ranked = ranking_for(employee, on=clock.today()).ranked(partner.pk)
    assert ranked is not None
    assert "1 afgerond traject, 100 % aan het werk" in ranked.factors[2].explanation_nl
