"""The reads added for the consultant's follow-up lists: scoped by role, in due order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from doorstroom.common import clock
from doorstroom.employees.selectors import evaluation_awaiting_referral_for_user
from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.organisations import services as organisations
from doorstroom.referrals.selectors import referral_awaiting_start_for_user
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.selectors import (
    trajectory_deadlines,
    trajectory_next_deadline,
    trajectory_open_for_user,
)
from doorstroom.trajectories.services import trajectory_start
from tests.factories import NATIONAL_NUMBER, enterprise_number, make_partner

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "Gunstig."}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


def test_follow_up_selectors(make_user: Any) -> None:
    employer = organisations.organisation_create(
        enterprise_number=enterprise_number(6_200_001), name="Maatwerk", postal_code="9000"
    )
    employee = employee_create(
        national_number=NATIONAL_NUMBER,
        given_name="Sofie",
        family_name="Claes",
        postal_code="9000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=date(2020, 3, 1),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )
    partner = make_partner("Dichtbij Gent vzw", "9000")
    consultant, reviewer = make_user("consultant"), make_user("reviewer")
    today = clock.today()
    evaluation_create(
        employee=employee,
        evaluated_on=today,
        needs_support=True,
        package_still_correct=True,
        criteria=None,
    )
    transition = evaluation_create(
        employee=employee,
        evaluated_on=today,
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
    )
    assert list(evaluation_awaiting_referral_for_user(consultant)) == [transition]
    assert not evaluation_awaiting_referral_for_user(reviewer).exists()

    referral = referral_create(evaluation=transition, partner=partner, referred_on=today)
    assert not evaluation_awaiting_referral_for_user(consultant).exists()
    assert list(referral_awaiting_start_for_user(consultant)) == [referral]
    assert not referral_awaiting_start_for_user(reviewer).exists()

    trajectory = trajectory_start(referral=referral, started_on=today)
    assert not referral_awaiting_start_for_user(consultant).exists()
    assert list(trajectory_open_for_user(consultant)) == [trajectory]
    assert not trajectory_open_for_user(reviewer).exists()

    deadlines = trajectory_deadlines(trajectory)
    assert deadlines.intake_until > today
    assert deadlines.aftercare_until is None
    assert trajectory_next_deadline(trajectory, today=today) == deadlines.intake_until
    after_intake = deadlines.intake_until + timedelta(days=1)
    assert trajectory_next_deadline(trajectory, today=after_intake) == deadlines.job_matching_until
    late = deadlines.job_matching_until + timedelta(days=1)
    assert trajectory_next_deadline(trajectory, today=late) is None
