"""The transition chain through the HTTP API: the worked examples of issue 3."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.referrals.models import Referral
from doorstroom.rules.calendar import add_years
from doorstroom.trajectories.models import Outcome
from tests import pinned_clock
from tests.factories import make_partner

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "Gunstig: motivatie en competenties aanwezig."}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


def codes(body: dict[str, Any]) -> list[str]:
    return [r["code"] for r in body["reasons"]]


def evaluate(consultant: APIClient, employee: Employee, **body: Any) -> Any:
    payload = {
        "employee": employee.pk,
        "evaluated_on": (clock.today() - timedelta(days=1)).isoformat(),
        "needs_support": False,
        "package_still_correct": True,
        "criteria": FAVOURABLE,
        **body,
    }
    return consultant.post("/api/v1/evaluations/", payload, format="json")


def test_support_still_needed_gives_no_transition(api_for: Any, employee: Employee) -> None:
    response = evaluate(api_for("consultant"), employee, needs_support=True)
    assert response.status_code == 201, response.content
    assert response.json()["decision"] == "no_transition"
    assert "support_still_needed" in codes(response.json())


def test_one_unfavourable_criterion_gives_chances_unfavourable(
    api_for: Any, employee: Employee
) -> None:
    criteria = {
        **FAVOURABLE,
        "regional_prospects": {"favourable": False, "motivation": "Weinig vacatures in de regio."},
    }
    response = evaluate(api_for("consultant"), employee, criteria=criteria)
    assert response.status_code == 201
    body = response.json()
    assert body["decision"] == "no_transition"
    assert codes(body) == ["chances_unfavourable"]
    assert body["reasons"][0]["rule"] in {"R7", "R8"}


def test_a_start_in_the_past_is_422(api_for: Any, employee: Employee) -> None:
    past = (clock.today() - timedelta(days=1)).isoformat()
    response = evaluate(api_for("consultant"), employee, transition_starts_on=past)
    assert response.status_code == 422
    assert codes(response.json()) == ["start_date_in_past"]


# An expired mandate was decided more than six years ago, and there were none before 2019:
# a day from 2025 on (the story stays relative to that day).
@pinned_clock.on("2026-11-01")
def test_ranking_referral_trajectory(api_for: Any, employee: Employee) -> None:
    near = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    far = make_partner("Ver weg Hasselt vzw", "3500")
    no_esf = make_partner("Zonder ESF vzw", "9000", esf_project=False)
    lde_only = make_partner("Enkel LDE vzw", "9000", frameworks=("lde",))
    expired = make_partner("Verlopen vzw", "9000", mandate_decided=add_years(clock.today(), -7))

    consultant = api_for("consultant")
    evaluation = evaluate(consultant, employee).json()
    assert evaluation["decision"] == "transition"
    ranking = consultant.get(f"/api/v1/evaluations/{evaluation['id']}/ranking/")
    assert ranking.status_code == 200, ranking.content
    body = ranking.json()
    assert [p["partner"] for p in body["eligible"]] == [near.pk, far.pk]
    first = body["eligible"][0]
    assert first["rank"] == 1
    assert first["factors"]["local_network"] == "municipality"
    assert first["factors"]["distance_km"] < body["eligible"][1]["factors"]["distance_km"]
    assert first["explanation"]
    ineligible = {p["partner"]: codes(p) for p in body["ineligible"]}
    assert ineligible[no_esf.pk] == ["esf_project_required"]
    assert ineligible[lde_only.pk] == ["framework_not_covered"]
    assert "mandate_not_active" in ineligible[expired.pk]

    today = clock.today().isoformat()
    refused = consultant.post(
        "/api/v1/referrals/",
        {"evaluation": evaluation["id"], "partner": far.pk, "referred_on": today},
        format="json",
    )
    assert refused.status_code == 422
    assert codes(refused.json()) == ["override_reason_required"]
    ineligible_choice = consultant.post(
        "/api/v1/referrals/",
        {
            "evaluation": evaluation["id"],
            "partner": no_esf.pk,
            "referred_on": today,
            "override_reason": "Voorkeur van de werknemer",
        },
        format="json",
    )
    assert ineligible_choice.status_code == 422
    assert codes(ineligible_choice.json()) == ["esf_project_required"]
    assert Referral.objects.count() == 0

    referral = consultant.post(
        "/api/v1/referrals/",
        {
            "evaluation": evaluation["id"],
            "partner": far.pk,
            "referred_on": today,
            "override_reason": "De werknemer verhuist naar Hasselt.",
        },
        format="json",
    )
    assert referral.status_code == 201, referral.content
    stored = Referral.objects.get()
    assert stored.chosen_rank == 2
    assert [p["partner_id"] for p in stored.ranking["eligible"]] == [near.pk, far.pk]

    partner_staff = api_for("applicant", far)
    trajectory = partner_staff.post(
        "/api/v1/trajectories/",
        {"referral": referral.json()["id"], "started_on": today},
        format="json",
    )
    assert trajectory.status_code == 201, trajectory.content
    tid = trajectory.json()["id"]
    assert trajectory.json()["deadlines"]["intake_until"]

    start = clock.today()
    four_months = partner_staff.post(
        f"/api/v1/trajectories/{tid}/internships/",
        {
            "employer_enterprise_number": "0403.170.701",
            "employer_name": "Bakkerij Peeters",
            "vacancy": "Winkelbediende",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=122)).isoformat(),
        },
        format="json",
    )
    assert four_months.status_code == 422
    assert codes(four_months.json()) == ["internship_too_long"]

    activity = partner_staff.post(
        f"/api/v1/trajectories/{tid}/activities/",
        {"on": today, "kind": "job_search", "hours": "2.5", "note": "Vacatures overlopen"},
        format="json",
    )
    assert activity.status_code == 201, activity.content

    outcome = {
        "kind": "hired",
        "on": today,
        "employer_enterprise_number": "0403.170.701",
        "employer_name": "Bakkerij Peeters",
    }
    first_outcome = partner_staff.post(
        f"/api/v1/trajectories/{tid}/outcome/", outcome, format="json"
    )
    assert first_outcome.status_code == 201, first_outcome.content
    second = partner_staff.post(
        f"/api/v1/trajectories/{tid}/outcome/",
        {**outcome, "kind": "stopped", "reason": "x"},
        format="json",
    )
    assert second.status_code == 409
    assert Outcome.objects.count() == 1

    other_staff = api_for("applicant", near)
    assert other_staff.get(f"/api/v1/trajectories/{tid}/").status_code == 404
    assert (
        other_staff.post(
            f"/api/v1/trajectories/{tid}/activities/",
            {"on": today, "kind": "guidance", "hours": "1"},
            format="json",
        ).status_code
        == 404
    )
    assert consultant.get(f"/api/v1/trajectories/{tid}/").status_code == 200
