"""The new lists and details run a constant number of queries, whatever the number of rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from doorstroom.common import clock
from doorstroom.employees.services import employee_create, evaluation_create
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories import services as trajectories
from tests.factories import make_partner, national_number

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "ok"}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


def fill(rows: int, employer: Organisation, partner: Organisation) -> None:
    start = clock.today() - timedelta(days=30)
    for i in range(rows):
        employee = employee_create(
            national_number=national_number(i + 1),
            given_name="Test",
            family_name=f"Persoon {i}",
            postal_code="9000",
            employer=employer,
            framework="maatwerk",
            target_group="work_disability",
            hired_on=date(2020, 1, 1),
        )
        evaluation = evaluation_create(
            employee=employee,
            evaluated_on=start,
            needs_support=False,
            package_still_correct=True,
            criteria=FAVOURABLE,
        )
        referral = referral_create(evaluation=evaluation, partner=partner, referred_on=start)
        trajectory = trajectories.trajectory_start(referral=referral, started_on=start)
        trajectories.activity_record(
            trajectory=trajectory, on=start, kind="guidance", hours=Decimal(2)
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_lists_and_details_have_fixed_query_counts(
    api_for: Any, employer: Organisation, django_assert_max_num_queries: Any, rows: int
) -> None:
    partner = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    fill(rows, employer, partner)
    consultant = api_for("consultant")
    staff = api_for("applicant", partner)
    for client, url, budget in [
        (consultant, "/api/v1/employees/?q=persoon", 8),
        (consultant, "/api/v1/evaluations/", 8),
        (consultant, "/api/v1/referrals/", 8),
        (staff, "/api/v1/referrals/", 8),
        (consultant, "/api/v1/trajectories/", 8),
        (staff, "/api/v1/trajectories/", 8),
    ]:
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.json()["results"]) == min(rows, 50), url
    trajectory_id = staff.get("/api/v1/trajectories/").json()["results"][0]["id"]
    employee_id = consultant.get("/api/v1/employees/").json()["results"][0]["id"]
    with django_assert_max_num_queries(12):
        assert staff.get(f"/api/v1/trajectories/{trajectory_id}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert consultant.get(f"/api/v1/employees/{employee_id}/").status_code == 200
