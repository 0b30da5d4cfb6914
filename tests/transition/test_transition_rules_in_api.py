"""Trajectory and evaluation behaviour through the API: deadlines, packages, conflicts, 400s."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import evaluation_create
from doorstroom.organisations.models import Organisation
from doorstroom.outbox.models import Notification
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.services import trajectory_start
from tests.factories import make_partner

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "ok"}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


@pytest.fixture
def partner(db: Any) -> Organisation:
    return make_partner("Dichtbij Gent vzw", "9000", network=("44021",))


@pytest.fixture
def trajectory(employee: Employee, partner: Organisation) -> Trajectory:
    start = clock.today() - timedelta(days=200)
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=start,
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
    )
    referral = referral_create(evaluation=evaluation, partner=partner, referred_on=start)
    return trajectory_start(referral=referral, started_on=start)


def post(client: APIClient, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, format="json")


def test_suspension_moves_every_deadline(
    api_for: Any, partner: Organisation, trajectory: Trajectory
) -> None:
    staff = api_for("applicant", partner)
    url = f"/api/v1/trajectories/{trajectory.pk}/"
    before = staff.get(url).json()["deadlines"]
    start = trajectory.started_on
    response = post(
        staff,
        url + "suspensions/",
        {
            "starts_on": (start + timedelta(days=5)).isoformat(),
            "ends_on": (start + timedelta(days=14)).isoformat(),
            "reason": "Ziekte",
        },
    )
    assert response.status_code == 201, response.content
    after = response.json()["trajectory"]["deadlines"]
    for key in ("intake_until", "job_matching_until"):
        moved = date.fromisoformat(after[key]) - date.fromisoformat(before[key])
        assert moved == timedelta(days=10), key
    overlapping = post(
        staff,
        url + "suspensions/",
        {
            "starts_on": (start + timedelta(days=10)).isoformat(),
            "ends_on": (start + timedelta(days=20)).isoformat(),
            "reason": "Opnieuw",
        },
    )
    assert overlapping.status_code == 400


def test_internship_limits(api_for: Any, partner: Organisation, trajectory: Trajectory) -> None:
    staff = api_for("applicant", partner)
    url = f"/api/v1/trajectories/{trajectory.pk}/internships/"
    start = trajectory.started_on + timedelta(days=30)
    body = {
        "employer_enterprise_number": "0403.170.701",
        "employer_name": "Bakkerij",
        "vacancy": "Verkoper",
        "starts_on": start.isoformat(),
    }
    from doorstroom.rules.calendar import add_months

    latest = add_months(start, 3) - timedelta(days=1)
    assert (
        post(staff, url, {**body, "ends_on": (latest + timedelta(days=1)).isoformat()}).status_code
        == 422
    )
    assert post(staff, url, {**body, "ends_on": latest.isoformat()}).status_code == 201
    bad = post(
        staff,
        url,
        {**body, "employer_enterprise_number": "0403.170.702", "ends_on": latest.isoformat()},
    )
    assert bad.status_code == 400
    assert bad.json()["reasons"][0]["code"] == "enterprise_number_invalid"
    before = post(
        staff,
        url,
        {
            **body,
            "starts_on": (trajectory.started_on - timedelta(days=1)).isoformat(),
            "ends_on": latest.isoformat(),
        },
    )
    assert before.status_code == 422
    codes = [r["code"] for r in before.json()["reasons"]]
    assert codes == ["internship_too_long", "internship_outside_trajectory"]  # every reason


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "guidance", "hours": "0"},
        {"kind": "guidance", "hours": "25"},
        {"kind": "sleeping", "hours": "1"},
        {"kind": "guidance", "hours": "1", "on": "2999-01-01"},
        {"kind": "guidance", "hours": "1", "on": "2021-02-29"},
    ],
)
def test_bad_activities(
    api_for: Any, partner: Organisation, trajectory: Trajectory, body: dict[str, Any]
) -> None:
    payload = {"on": clock.today().isoformat(), **body}
    response = post(
        api_for("applicant", partner), f"/api/v1/trajectories/{trajectory.pk}/activities/", payload
    )
    assert response.status_code == 400
    assert trajectory.activities.count() == 0


def test_returned_beyond_the_employee_falls_back_to_40_low(
    api_for: Any, partner: Organisation, trajectory: Trajectory, employee: Employee
) -> None:
    staff = api_for("applicant", partner)
    response = post(
        staff,
        f"/api/v1/trajectories/{trajectory.pk}/outcome/",
        {
            "kind": "returned",
            "on": clock.today().isoformat(),
            "beyond_employee": True,
            "reason": "Stagebedrijf ging failliet",
        },
    )
    assert response.status_code == 201, response.content
    current = employee.packages.order_by("-version").first()
    assert current is not None
    assert (current.wage_premium_percent, current.guidance_level, current.version) == (40, "low", 2)
    assert employee.packages.get(version=1).wage_premium_percent == 60  # never overwritten


def test_hired_needs_a_valid_employer_and_stopped_a_reason(
    api_for: Any, partner: Organisation, trajectory: Trajectory
) -> None:
    staff = api_for("applicant", partner)
    url = f"/api/v1/trajectories/{trajectory.pk}/outcome/"
    today = clock.today().isoformat()
    assert post(staff, url, {"kind": "hired", "on": today}).status_code == 400
    assert post(staff, url, {"kind": "stopped", "on": today}).status_code == 400
    early = post(
        staff,
        url,
        {
            "kind": "stopped",
            "reason": "x",
            "on": (trajectory.started_on - timedelta(days=1)).isoformat(),
        },
    )
    assert early.status_code == 422
    assert early.json()["reasons"][0]["code"] == "outcome_before_start"


def test_one_open_trajectory_per_employee(
    employee: Employee, partner: Organisation, trajectory: Trajectory
) -> None:
    from doorstroom.common.errors import StateConflict

    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=clock.today(),
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
    )
    referral = referral_create(evaluation=evaluation, partner=partner, referred_on=clock.today())
    with pytest.raises(StateConflict):
        trajectory_start(referral=referral, started_on=clock.today())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"criteria": {}}, "criteria.personal_situation"),
        (
            {"criteria": {**FAVOURABLE, "luck": {"favourable": True, "motivation": "x"}}},
            "criteria.luck",
        ),
        ({"package_still_correct": False}, "adjusted_package"),
        (
            {
                "package_still_correct": False,
                "adjusted_package": {"wage_premium_percent": 42, "guidance_level": "low"},
            },
            "adjusted_package.wage_premium_percent",
        ),
        ({"evaluated_on": "2999-01-01"}, "evaluated_on"),
    ],
)
def test_bad_evaluations(
    api_for: Any, employee: Employee, body: dict[str, Any], field: str
) -> None:
    payload = {
        "employee": employee.pk,
        "evaluated_on": clock.today().isoformat(),
        "needs_support": False,
        "package_still_correct": True,
        "criteria": FAVOURABLE,
        **body,
    }
    response = post(api_for("consultant"), "/api/v1/evaluations/", payload)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert employee.evaluations.count() == 0


def test_adjusted_package_becomes_a_new_version(api_for: Any, employee: Employee) -> None:
    response = post(
        api_for("consultant"),
        "/api/v1/evaluations/",
        {
            "employee": employee.pk,
            "evaluated_on": clock.today().isoformat(),
            "needs_support": True,
            "package_still_correct": False,
            "adjusted_package": {"wage_premium_percent": 50, "guidance_level": "low"},
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["adjusted_package"]["version"] == 2
    assert [p.wage_premium_percent for p in employee.packages.order_by("version")] == [60, 50]


def test_employee_input_errors(api_for: Any, employer: Organisation, employee: Employee) -> None:
    consultant = api_for("consultant")
    base = {
        "national_number": "90.02.01-997.04",
        "given_name": "A",
        "family_name": "B",
        "postal_code": "9000",
        "employer": employer.pk,
        "framework": "maatwerk",
        "target_group": "work_disability",
        "hired_on": "2020-01-01",
    }
    assert (
        post(
            consultant, "/api/v1/employees/", {**base, "target_group": "distance_to_labour_market"}
        ).status_code
        == 400
    )
    assert (
        post(consultant, "/api/v1/employees/", {**base, "postal_code": "0000"}).json()["reasons"][
            0
        ]["code"]
        == "postal_code_unknown"
    )
    duplicate = post(consultant, "/api/v1/employees/", {**base, "national_number": "85073003328"})
    assert duplicate.status_code == 409


def test_postponed_referral_comes_due_in_tick(employee: Employee, partner: Organisation) -> None:
    today = clock.today()
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=today,
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
        transition_starts_on=today + timedelta(days=10),
    )
    referral = referral_create(evaluation=evaluation, partner=partner, referred_on=today)
    assert referral.due_on == today + timedelta(days=10)

    def tick(day: date) -> str:
        out = io.StringIO()
        call_command("tick", "--today", day.isoformat(), stdout=out)
        return out.getvalue()

    assert "referrals coming due: 0" in tick(today + timedelta(days=9))
    assert f"referrals coming due: 1 {referral.pk}" in tick(today + timedelta(days=10))
    assert "referrals coming due: 0" in tick(today + timedelta(days=11))
    assert Notification.objects.filter(kind="referral_due").count() == 1
    with pytest.raises(Exception, match="pas starten"):
        trajectory_start(referral=referral, started_on=today)
