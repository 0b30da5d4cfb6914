"""Issue 14, the trajectory and employee side, through the public API (API.md): an
internship's result (PATCH), a hire's first working day, target groups as a set, the support
package's law of its own day, `package_adjusted`, and the traces (R6–R8, R12, R16).

Every date is pinned: `clock.today` is 2026-06-15 in these tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import evaluation_create
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.services import referral_create
from doorstroom.rules import params
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.services import internship_add, trajectory_start
from tests.factories import make_partner

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
STARTED = date(2026, 1, 5)
FAVOURABLE = {
    c: {"favourable": True, "motivation": "ok"}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def partner(db: Any) -> Organisation:
    return make_partner("Dichtbij Gent vzw", "9000", network=("44021",))


@pytest.fixture
def trajectory(employee: Employee, partner: Organisation) -> Trajectory:
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=STARTED,
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
        today=STARTED,
    )
    referral = referral_create(evaluation=evaluation, partner=partner, referred_on=STARTED)
    return trajectory_start(referral=referral, started_on=STARTED)


@pytest.fixture
def staff(api_for: Any, partner: Organisation) -> APIClient:
    client: APIClient = api_for("applicant", partner)
    return client


def _internship(trajectory: Trajectory) -> int:
    """2026-02-01 … 2026-04-30: `hired`/`not_hired` until 2026-05-30, `stopped_early` until
    2026-04-30 (internship_result_max_days_after_end: 30)."""
    return internship_add(
        trajectory=trajectory,
        employer_enterprise_number="0403.170.701",
        employer_name="Bakkerij",
        vacancy="Verkoper",
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 4, 30),
    ).pk


def _patch(client: APIClient, trajectory: Trajectory, pk: int, body: dict[str, Any]) -> Any:
    url = f"/api/v1/trajectories/{trajectory.pk}/internships/{pk}/"
    return client.patch(url, body, format="json")


# ---------------------------------------------------------------- internship result (R12)


@pytest.mark.parametrize(
    ("result", "result_on", "status"),
    [
        ("hired", "2026-01-31", 422),  # the day before the internship
        ("hired", "2026-02-01", 200),  # its first day
        ("hired", "2026-05-30", 200),  # 30 days after its last day
        ("hired", "2026-05-31", 422),
        ("not_hired", "2026-05-30", 200),
        ("not_hired", "2026-05-31", 422),
        ("stopped_early", "2026-01-31", 422),
        ("stopped_early", "2026-04-30", 200),  # its last day
        ("stopped_early", "2026-05-01", 422),
    ],
)
def test_internship_result_window(
    staff: APIClient, trajectory: Trajectory, result: str, result_on: str, status: int
) -> None:
    response = _patch(
        staff, trajectory, _internship(trajectory), {"result": result, "result_on": result_on}
    )
    assert response.status_code == status, response.content
    if status == 422:
        assert [r["code"] for r in response.json()["reasons"]] == [
            "internship_result_outside_period"
        ]
    else:
        body = response.json()
        assert (body["result"], body["result_on"]) == (result, result_on)


def test_internship_result_is_recorded_once_and_keeps_its_trace(
    staff: APIClient, trajectory: Trajectory
) -> None:
    pk = _internship(trajectory)
    first = _patch(staff, trajectory, pk, {"result": "hired", "result_on": "2026-05-02"})
    assert first.status_code == 200, first.content
    trace = first.json()["trace"]
    assert trace["period"]["parameters"][0]["name"] == "internship_max_months"
    assert [p["name"] for p in trace["result"]["parameters"]] == [
        "internship_result_max_days_after_end"
    ]
    again = _patch(staff, trajectory, pk, {"result": "not_hired", "result_on": "2026-05-02"})
    assert again.status_code == 409
    assert again.json()["reasons"][0]["code"] == "state_conflict"
    detail = staff.get(f"/api/v1/trajectories/{trajectory.pk}/").json()
    assert detail["internships"][0]["result"] == "hired"


@pytest.mark.parametrize(
    "body",
    [
        {"result": "maybe", "result_on": "2026-03-01"},
        {"result": "hired"},
        {"result_on": "2026-03-01"},
        {"result": "hired", "result_on": "2026-06-16"},  # tomorrow
        {"result": "hired", "result_on": "2026-02-30"},
        {"result": "", "result_on": "2026-03-01"},
    ],
)
def test_bad_internship_results(
    staff: APIClient, trajectory: Trajectory, body: dict[str, Any]
) -> None:
    response = _patch(staff, trajectory, _internship(trajectory), body)
    assert response.status_code == 400, response.content


def test_internship_result_access(
    api_for: Any, staff: APIClient, trajectory: Trajectory, employer: Organisation
) -> None:
    pk = _internship(trajectory)
    body = {"result": "hired", "result_on": "2026-05-02"}
    assert _patch(api_for("consultant"), trajectory, pk, body).status_code == 403
    assert _patch(api_for("applicant", employer), trajectory, pk, body).status_code == 404
    assert _patch(staff, trajectory, pk + 999, body).status_code == 404


# ---------------------------------------------------------------- hired: first working day


def _outcome(client: APIClient, trajectory: Trajectory, **body: Any) -> Any:
    base = {
        "kind": "hired",
        "on": "2026-03-10",
        "employer_enterprise_number": "0403.170.701",
        "employer_name": "Bakkerij",
    }
    return client.post(
        f"/api/v1/trajectories/{trajectory.pk}/outcome/", {**base, **body}, format="json"
    )


@pytest.mark.parametrize(
    ("first_working_day", "status"),
    [
        ("2026-01-04", 422),  # before the trajectory started
        ("2026-01-05", 201),  # the day it started
        ("2026-06-08", 201),  # 90 days after the outcome's day
        ("2026-06-09", 422),
    ],
)
def test_first_working_day_window(
    staff: APIClient, trajectory: Trajectory, first_working_day: str, status: int
) -> None:
    response = _outcome(staff, trajectory, first_working_day=first_working_day)
    assert response.status_code == status, response.content
    if status == 422:
        assert [r["code"] for r in response.json()["reasons"]] == ["first_working_day_out_of_range"]
    else:
        body = response.json()
        assert (body["on"], body["first_working_day"]) == ("2026-03-10", first_working_day)
        names = [p["name"] for p in body["trace"]["outcome"]["parameters"]]
        assert names == ["first_working_day_max_days_after_outcome"]


def test_first_working_day_defaults_to_the_outcome_day_and_starts_aftercare(
    staff: APIClient, trajectory: Trajectory
) -> None:
    response = _outcome(staff, trajectory)
    assert response.status_code == 201, response.content
    assert response.json()["first_working_day"] == "2026-03-10"


def test_aftercare_runs_from_the_first_working_day(
    staff: APIClient, trajectory: Trajectory
) -> None:
    assert _outcome(staff, trajectory, first_working_day="2026-04-01").status_code == 201
    detail = staff.get(f"/api/v1/trajectories/{trajectory.pk}/").json()
    assert detail["deadlines"]["aftercare_until"] == "2026-06-30"  # 3 months from 2026-04-01
    assert detail["outcome"]["first_working_day"] == "2026-04-01"


@pytest.mark.parametrize(
    "body",
    [
        {"employer_enterprise_number": "0403.170.702"},  # mod 97 fails
        {"employer_enterprise_number": ""},
        {"first_working_day": "2026-13-01"},
        {"kind": "returned", "first_working_day": "2026-03-10"},  # only with a hire
    ],
)
def test_bad_hires(staff: APIClient, trajectory: Trajectory, body: dict[str, Any]) -> None:
    assert _outcome(staff, trajectory, **body).status_code == 400


# ---------------------------------------------------------------- target groups (R6–R8)

EMPLOYEE = {
    "national_number": "90.02.01-997.04",
    "given_name": "An",
    "family_name": "Peeters",
    "postal_code": "9000",
    "framework": "maatwerk",
    "hired_on": "2021-04-01",
}


def test_an_employee_in_several_target_groups(api_for: Any, employer: Organisation) -> None:
    consultant = api_for("consultant")
    response = consultant.post(
        "/api/v1/employees/",
        {
            **EMPLOYEE,
            "employer": employer.pk,
            "target_groups": ["psychosocial_limitation", "work_disability"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["target_groups"] == ["work_disability", "psychosocial_limitation"]
    assert body["target_group"] == "work_disability"  # v1's single field, kept
    detail = consultant.get(f"/api/v1/employees/{body['id']}/").json()
    assert detail["target_groups"] == ["work_disability", "psychosocial_limitation"]


def test_a_single_target_group_is_still_accepted(api_for: Any, employer: Organisation) -> None:
    response = api_for("consultant").post(
        "/api/v1/employees/",
        {**EMPLOYEE, "employer": employer.pk, "target_group": "extremely_vulnerable"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["target_groups"] == ["extremely_vulnerable"]


@pytest.mark.parametrize(
    "groups",
    [
        {"target_groups": []},
        {},
        {"target_groups": ["work_disability", "distance_to_labour_market"]},  # other framework
        {"target_groups": ["unknown"]},
        {"target_groups": "work_disability"},
        {"target_groups": ["work_disability"], "target_group": "extremely_vulnerable"},
        {"target_group": "distance_to_labour_market"},
    ],
)
def test_bad_target_groups(api_for: Any, employer: Organisation, groups: dict[str, Any]) -> None:
    response = api_for("consultant").post(
        "/api/v1/employees/", {**EMPLOYEE, "employer": employer.pk, **groups}, format="json"
    )
    assert response.status_code == 400, response.content


# ---------------------------------------------------------------- support packages (R6, R16)


def _evaluation(client: APIClient, employee: Employee, on: str, percent: int) -> Any:
    return client.post(
        "/api/v1/evaluations/",
        {
            "employee": employee.pk,
            "evaluated_on": on,
            "needs_support": True,
            "package_still_correct": False,
            "adjusted_package": {"wage_premium_percent": percent, "guidance_level": "high"},
        },
        format="json",
    )


def test_an_adjusted_package_is_reported_and_keeps_its_law(
    api_for: Any, employee: Employee
) -> None:
    response = _evaluation(api_for("consultant"), employee, "2026-06-01", 55)
    assert response.status_code == 201, response.content
    body = response.json()
    adjusted = [r for r in body["reasons"] if r["code"] == "package_adjusted"]
    assert len(adjusted) == 1 and adjusted[0]["blocking"] is False
    assert adjusted[0]["params"] == {"wage_premium_percent": 55, "guidance_level": "high"}
    trace = body["adjusted_package"]["trace"]
    assert trace["checked_on"] == "2026-06-01"
    assert {p["name"] for p in trace["parameters"]} == {
        "wage_premium_min_percent",
        "wage_premium_max_percent",
        "wage_premium_step_percent",
    }


def test_no_package_adjusted_without_an_adjusted_package(api_for: Any, employee: Employee) -> None:
    response = api_for("consultant").post(
        "/api/v1/evaluations/",
        {
            "employee": employee.pk,
            "evaluated_on": "2026-06-01",
            "needs_support": True,
            "package_still_correct": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert "package_adjusted" not in [r["code"] for r in response.json()["reasons"]]


@pytest.fixture
def wider_premium_from_june(monkeypatch: pytest.MonkeyPatch) -> None:
    """A law change: from 2026-06-01 the wage premium may go up to 80 %."""
    base = params.default_parameters()
    histories = dict(base.histories)
    histories["wage_premium_max_percent"] = (
        *histories["wage_premium_max_percent"],
        params.ParameterValue(
            name="wage_premium_max_percent",
            value=80,
            in_force_from=date(2026, 6, 1),
            reference="test: a law change",
        ),
    )
    changed = params.ParameterSet(directory=base.directory, histories=histories)
    monkeypatch.setattr(params, "default_parameters", lambda: changed)


@pytest.mark.parametrize(("on", "status"), [("2026-05-31", 400), ("2026-06-01", 201)])
def test_package_bounds_are_those_of_its_own_day(
    api_for: Any, employee: Employee, wider_premium_from_june: None, on: str, status: int
) -> None:
    response = _evaluation(api_for("consultant"), employee, on, 80)
    assert response.status_code == status, response.content
    if status == 400:
        message = response.json()["errors"]["adjusted_package.wage_premium_percent"][0]
        assert "tussen 40 en 75 %, in stappen van 5" in message  # the values of that day
    else:
        used = {p["name"]: p for p in response.json()["adjusted_package"]["trace"]["parameters"]}
        assert used["wage_premium_max_percent"]["value"] == 80


def test_packages_keep_their_trace_in_the_employee_detail(api_for: Any, employee: Employee) -> None:
    detail = api_for("consultant").get(f"/api/v1/employees/{employee.pk}/").json()
    start = detail["packages"][0]
    assert start["valid_from"] == "2020-03-01"
    assert [p["name"] for p in start["trace"]["validity"]] == [
        "support_package_validity_applies_from",
        "support_package_validity_years",
    ]


def test_a_start_package_before_2019_starts_with_the_regime(
    api_for: Any, employer: Organisation
) -> None:
    response = api_for("consultant").post(
        "/api/v1/employees/",
        {
            **EMPLOYEE,
            "employer": employer.pk,
            "target_group": "work_disability",
            "hired_on": "2015-09-01",
            "support_package": {"wage_premium_percent": 60, "guidance_level": "low"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    detail = api_for("consultant").get(f"/api/v1/employees/{response.json()['id']}/").json()
    assert detail["packages"][0]["valid_from"] == "2019-01-01"
    assert detail["packages"][0]["valid_until"] is None  # hired before the five-year limit
