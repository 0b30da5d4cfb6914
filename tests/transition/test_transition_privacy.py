"""The national number never appears whole: not in responses, URLs or logs; reads are logged."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest

from doorstroom.common import clock
from doorstroom.organisations.models import Organisation
from doorstroom.privacy.models import AccessLog
from tests.factories import make_partner

pytestmark = pytest.mark.django_db

NUMBER = "85073003328"
FORMS = [NUMBER, "85.07.30-033.28", "850730-033.28", "03328", "033.28", "033 28"]


def test_a_full_journey_never_shows_the_national_number(
    api_for: Any, employer: Organisation, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    partner = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    consultant = api_for("consultant")
    seen: list[bytes] = []

    def keep(response: Any) -> Any:
        seen.append(response.content)
        seen.append(str(response.wsgi_request.get_full_path()).encode())
        return response

    created = keep(
        consultant.post(
            "/api/v1/employees/",
            {
                "national_number": "85.07.30-033.28",
                "given_name": "Sofie",
                "family_name": "Claes",
                "postal_code": "9000",
                "employer": employer.pk,
                "framework": "maatwerk",
                "target_group": "work_disability",
                "hired_on": "2020-03-01",
                "support_package": {"wage_premium_percent": 60, "guidance_level": "medium"},
            },
            format="json",
        )
    )
    assert created.status_code == 201, created.content
    assert created.json()["national_number"] == "85.07.30-***.**"
    employee_id = created.json()["id"]
    keep(
        consultant.post(
            "/api/v1/employees/",
            {
                "national_number": NUMBER,
                "given_name": "Sofie",
                "family_name": "Claes",
                "postal_code": "9000",
                "employer": employer.pk,
                "framework": "maatwerk",
                "target_group": "work_disability",
                "hired_on": "2020-03-01",
            },
            format="json",
        )
    )
    found = keep(
        consultant.post("/api/v1/employees/search/", {"national_number": NUMBER}, format="json")
    )
    assert [e["id"] for e in found.json()] == [employee_id]
    keep(
        consultant.post(
            "/api/v1/employees/search/", {"national_number": "85073003329"}, format="json"
        )
    )
    keep(consultant.get("/api/v1/employees/?q=claes"))
    keep(consultant.get(f"/api/v1/employees/{employee_id}/"))
    evaluation = keep(
        consultant.post(
            "/api/v1/evaluations/",
            {
                "employee": employee_id,
                "evaluated_on": (clock.today() - timedelta(days=1)).isoformat(),
                "needs_support": False,
                "package_still_correct": True,
                "criteria": {
                    c: {"favourable": True, "motivation": "ok"}
                    for c in ("personal_situation", "employer_continuity", "regional_prospects")
                },
            },
            format="json",
        )
    ).json()
    keep(consultant.get(f"/api/v1/evaluations/{evaluation['id']}/ranking/"))
    referral = keep(
        consultant.post(
            "/api/v1/referrals/",
            {
                "evaluation": evaluation["id"],
                "partner": partner.pk,
                "referred_on": clock.today().isoformat(),
            },
            format="json",
        )
    ).json()
    staff = api_for("applicant", partner)
    keep(staff.get("/api/v1/referrals/"))
    trajectory = keep(
        staff.post(
            "/api/v1/trajectories/",
            {"referral": referral["id"], "started_on": clock.today().isoformat()},
            format="json",
        )
    )
    keep(staff.get(f"/api/v1/trajectories/{trajectory.json()['id']}/"))
    keep(api_for("esf_officer").get(f"/api/v1/employees/{employee_id}/"))

    everything = b"\n".join(seen).decode() + "\n" + caplog.text
    for form in FORMS:
        assert form not in everything, form
    purposes = set(AccessLog.objects.values_list("purpose", flat=True))
    assert {
        "employee_detail",
        "employee_search",
        "employee_search_national_number",
        "ranking",
        "trajectory_detail",
        "referral_list",
    } <= purposes


def test_invalid_national_number_is_400_with_its_reason(
    api_for: Any, employer: Organisation
) -> None:
    response = api_for("consultant").post(
        "/api/v1/employees/",
        {
            "national_number": "85073003329",
            "given_name": "A",
            "family_name": "B",
            "postal_code": "9000",
            "employer": employer.pk,
            "framework": "maatwerk",
            "target_group": "work_disability",
            "hired_on": "2020-03-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["reasons"][0]["code"] == "national_number_invalid"
    assert "85073003329" not in response.content.decode()


def test_access_log_is_append_only(api_for: Any, employee: Any) -> None:
    api_for("consultant").get(f"/api/v1/employees/{employee.pk}/")
    entry = AccessLog.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
