"""Referrals and the trajectory log: start, activities, internships, suspensions, outcome (R12)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.organisations.models import Organisation
from doorstroom.privacy.models import AccessLog
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.selectors import trajectory_deadlines
from tests import pinned_clock
from tests.web.confirming import press
from tests.web.test_web_applicant_pages import make_partner_org, make_referral, make_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db: Any) -> Organisation:
    return make_partner_org()


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], partner: Organisation) -> Client:
    client.force_login(make_user("applicant", partner))
    return client


@pytest.fixture
def trajectory(partner: Organisation) -> Trajectory:
    return make_trajectory(partner, referred_on=clock.today() - timedelta(days=40))


def iso(days_ago: int) -> str:
    return (clock.today() - timedelta(days=days_ago)).isoformat()


def confirmed(client: Client, url: str, data: dict[str, str]) -> Any:
    """Submit, then confirm on the "Controleer en bevestig" step (nothing written before)."""
    check = client.post(url, data)
    assert check.status_code == 200
    assert "Controleer en bevestig" in check.content.decode()
    return press(client, url, check)


def test_referrals_list_and_start_a_trajectory(staff: Client, partner: Organisation) -> None:
    referral = make_referral(partner, referred_on=clock.today() - timedelta(days=5))
    html = staff.get(reverse("applicant:referrals")).content.decode()
    assert "Sofie Claes" in html and "nog niet gestart" in html
    url = reverse("applicant:referral", args=[referral.pk])
    html = staff.get(url).content.decode()
    assert "Traject starten" in html
    assert referral.employee.national_number_masked in html
    assert AccessLog.objects.filter(purpose="referral_detail", employee=referral.employee).exists()
    # Before the planned start: the service's message as a form error.
    response = staff.post(url, {"started_on": iso(30)})
    html = response.content.decode()
    assert "Er is een probleem" in html
    assert "Het traject kan pas starten op" in html
    # In the future: refused too.
    response = staff.post(url, {"started_on": (clock.today() + timedelta(days=1)).isoformat()})
    assert "niet in de toekomst" in response.content.decode()
    response = confirmed(staff, url, {"started_on": iso(1)})
    trajectory = Trajectory.objects.get(referral=referral)
    assert response["Location"] == reverse("applicant:trajectory", args=[trajectory.pk])
    html = staff.get(url).content.decode()
    assert "Het traject is gestart op" in html
    assert "gestart op" in staff.get(reverse("applicant:referrals")).content.decode()


def test_trajectory_shows_deadlines_and_logs_every_view(
    staff: Client, trajectory: Trajectory
) -> None:
    url = reverse("applicant:trajectory", args=[trajectory.pk])
    html = staff.get(url).content.decode()
    deadlines = trajectory_deadlines(trajectory)
    assert "Termijnen per fase" in html
    assert str(deadlines.job_matching_until.day) in html
    staff.get(reverse("applicant:activity_add", args=[trajectory.pk]))
    logs = AccessLog.objects.filter(purpose="trajectory_detail", employee=trajectory.employee)
    assert logs.count() == 2
    assert {log.path for log in logs} == {
        url,
        reverse("applicant:activity_add", args=[trajectory.pk]),
    }


def test_activity(staff: Client, trajectory: Trajectory) -> None:
    url = reverse("applicant:activity_add", args=[trajectory.pk])
    html = staff.get(url).content.decode()
    assert "zoeken naar een vacature" in html  # Dutch labels from rules.codes
    response = staff.post(url, {"on": iso(3), "kind": "job_search", "hours": "1,5", "note": "CV"})
    assert response["Location"] == reverse("applicant:trajectory", args=[trajectory.pk])
    activity = trajectory.activities.get()
    assert str(activity.hours) == "1.50"
    html = staff.get(response["Location"]).content.decode()
    assert "De activiteit is bewaard." in html
    assert "Zoeken naar een vacature" in html
    response = staff.post(url, {"on": "", "kind": "", "hours": "30"})
    html = response.content.decode()
    assert "Vul een datum in bij ‘" in html
    assert "Kies de soort activiteit." in html
    assert "Eén activiteit duurt hoogstens 24 uur." in html
    # Before the trajectory started: the service says so.
    response = staff.post(url, {"on": iso(200), "kind": "guidance", "hours": "1"})
    assert "vóór de start van het traject" in response.content.decode()


def test_internship_too_long_shows_the_r12_reason(staff: Client, trajectory: Trajectory) -> None:
    url = reverse("applicant:internship_add", args=[trajectory.pk])
    assert "hoogstens 3 maanden" in staff.get(url).content.decode()
    start = trajectory.started_on + timedelta(days=2)
    data = {
        "employer_name": "Bakkerij Peeters",
        "employer_enterprise_number": "0202.239.951",
        "vacancy": "Verkoper",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=120)).isoformat(),
    }
    response = staff.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze stage past niet binnen de regels." in html
    assert "is te lang" in html and "R12" not in html  # no rule ids for a partner (issue 15)
    assert not trajectory.internships.exists()
    response = staff.post(url, {**data, "employer_enterprise_number": "123"})
    assert "geldig ondernemingsnummer" in response.content.decode()
    response = staff.post(url, {**data, "ends_on": (start + timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    assert trajectory.internships.get().employer_name == "Bakkerij Peeters"


@pytest.mark.parametrize(
    "today",
    # 2026-12-02 lost two days under the old rule (month ends inside the moved window);
    # 29 February and 31 December as the other dates whose month arithmetic is special.
    ["2026-12-02", "2024-02-29", "2026-12-31", "2027-01-31"],
)
def test_suspension_moves_the_deadlines(
    time_machine: Any, client: Client, make_user: Callable[..., User], today: str
) -> None:
    # The day is pinned before anything is made: the partner's mandate, the login and the
    # trajectory all belong to that day.
    time_machine.move_to(pinned_clock.morning(date.fromisoformat(today)), tick=True)
    partner = make_partner_org()
    client.force_login(make_user("applicant", partner))
    trajectory = make_trajectory(partner, referred_on=clock.today() - timedelta(days=40))
    before = trajectory_deadlines(trajectory)
    url = reverse("applicant:suspension_add", args=[trajectory.pk])
    start = trajectory.started_on + timedelta(days=3)
    response = client.post(
        url,
        {
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=9)).isoformat(),
            "reason": "Ziekte",
        },
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    after = trajectory_deadlines(trajectory)
    # R12: ten suspended days move every later deadline by exactly ten days.
    assert after.intake_until == before.intake_until + timedelta(days=10)
    assert after.job_matching_until == before.job_matching_until + timedelta(days=10)
    response = client.post(url, {"starts_on": start.isoformat(), "ends_on": start.isoformat()})
    assert "Geef de reden van de schorsing." in response.content.decode()


def test_outcome_once(staff: Client, trajectory: Trajectory) -> None:
    url = reverse("applicant:outcome_record", args=[trajectory.pk])
    html = staff.get(url).content.decode()
    assert "<legend" in html and "aangeworven bij een reguliere werkgever" in html
    response = staff.post(url, {"kind": "hired", "on": iso(1)})
    assert "Vul het ondernemingsnummer van de reguliere werkgever in." in response.content.decode()
    response = confirmed(
        staff,
        url,
        {
            "kind": "hired",
            "on": iso(1),
            "employer_enterprise_number": "0202239951",
            "employer_name": "Bakkerij Peeters",
        },
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.ended_on is not None
    html = staff.get(reverse("applicant:trajectory", args=[trajectory.pk])).content.decode()
    assert "Bakkerij Peeters" in html
    assert "Uitkomst registreren" not in html
    # A second outcome: the 409 message as a form error.
    response = staff.post(url, {"kind": "stopped", "on": iso(1), "reason": "Verhuis"})
    assert response.status_code == 200
    assert "Dit traject heeft al een uitkomst." in response.content.decode()


def test_trajectories_list_filters(staff: Client, partner: Organisation) -> None:
    running = make_trajectory(partner, given_name="Jan", family_name="Smet")
    html = staff.get(reverse("applicant:trajectories") + "?status=open").content.decode()
    assert "Jan Smet" in html
    html = staff.get(reverse("applicant:trajectories") + "?status=ended").content.decode()
    assert "Jan Smet" not in html
    # The old parameter (bookmarks): ?stand=lopend|afgesloten means the same.
    html = staff.get(reverse("applicant:trajectories") + "?stand=lopend").content.decode()
    assert "Jan Smet" in html
    html = staff.get(reverse("applicant:trajectories") + "?stand=afgesloten").content.decode()
    assert "Jan Smet" not in html
    assert AccessLog.objects.filter(purpose="trajectory_list", employee=running.employee).exists()


def test_the_start_is_checked_and_confirmed_before_it_is_written(
    staff: Client, partner: Organisation
) -> None:
    referral = make_referral(partner, referred_on=clock.today() - timedelta(days=5))
    url = reverse("applicant:referral", args=[referral.pk])
    check = staff.post(url, {"started_on": iso(1)})
    html = check.content.decode()
    assert "Controleer en bevestig" in html and "termijnen van het traject (R12)" in html
    assert not Trajectory.objects.filter(referral=referral).exists()
    assert f'name="started_on" value="{iso(1)}"' in html  # carried as a hidden field
    back = press(staff, url, check, "edit")
    assert back.context["confirmation"] is None
    assert back.context["form"]["started_on"].value() == iso(1)
    assert not Trajectory.objects.filter(referral=referral).exists()
    # A hand-made confirmation is checked like the form: a future start is refused.
    future = staff.post(url, {"started_on": iso(-1), "action": "confirm"})
    assert future.context["confirmation"] is None and future.context["form"].errors
    assert not Trajectory.objects.filter(referral=referral).exists()
    press(staff, url, check)
    assert Trajectory.objects.filter(referral=referral).count() == 1


def test_the_outcome_warns_of_the_fallback_package_before_it_is_written(
    staff: Client, trajectory: Trajectory
) -> None:
    url = reverse("applicant:outcome_record", args=[trajectory.pk])
    check = staff.post(url, {"kind": "returned", "on": iso(1), "beyond_employee": "on"})
    html = check.content.decode()
    assert "Het traject wordt afgesloten op" in html
    assert "valt terug op 40 % loonpremie" in html
    trajectory.refresh_from_db()
    assert trajectory.ended_on is None
    # The confirmation posted to another trajectory (not the user's) writes nothing.
    other = reverse("applicant:outcome_record", args=[trajectory.pk + 1000])
    assert press(staff, other, check).status_code == 404


def test_other_trajectory_forms_are_written_at_once(staff: Client, trajectory: Trajectory) -> None:
    url = reverse("applicant:suspension_add", args=[trajectory.pk])
    response = staff.post(url, {"starts_on": iso(10), "ends_on": iso(5), "reason": "Ziekte"})
    assert response.status_code == 302


def test_the_outcome_employer_number_is_written_the_kbo_way(
    staff: Client, trajectory: Trajectory
) -> None:
    url = reverse("applicant:outcome_record", args=[trajectory.pk])
    data = {
        "kind": "hired",
        "on": iso(1),
        "employer_enterprise_number": "BE0202239951",
        "employer_name": "Bakkerij Peeters",
    }
    check = staff.post(url, data)
    assert "0202.239.951" in check.content.decode()
    confirmed(staff, url, data)
    html = staff.get(reverse("applicant:trajectory", args=[trajectory.pk])).content.decode()
    assert "Bakkerij Peeters 0202.239.951" in html
