"""Issue 14 on the pages: the partner records an internship's result and a hire's first
working day; the consultant registers an employee in several target groups (checkboxes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.services import internship_add
from tests.factories import enterprise_number
from tests.web.confirming import press
from tests.web.test_web_applicant_pages import make_partner_org, make_trajectory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def partner(db: Any) -> Organisation:
    return make_partner_org()


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], partner: Organisation) -> Client:
    client.force_login(make_user("applicant", partner))
    return client


@pytest.fixture
def trajectory(partner: Organisation) -> Trajectory:
    return make_trajectory(partner, referred_on=date(2026, 1, 5))  # started 2026-01-05


def test_the_partner_records_an_internship_result(staff: Client, trajectory: Trajectory) -> None:
    internship = internship_add(
        trajectory=trajectory,
        employer_enterprise_number="0202.239.951",
        employer_name="Bakkerij Peeters",
        vacancy="Verkoper",
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 4, 30),
    )
    page = reverse("applicant:trajectory", args=[trajectory.pk])
    url = reverse("applicant:internship_result", args=[trajectory.pk, internship.pk])
    assert url in staff.get(page).content.decode()
    form = staff.get(url).content.decode()
    assert 'type="radio"' in form and "Vroegtijdig gestopt" in form
    assert "uiterlijk 30 dagen na de laatste stagedag" in form  # the parameter in force
    # The day after the window: the R12 reason, nothing saved.
    html = staff.post(url, {"result": "stopped_early", "result_on": "2026-05-01"}).content.decode()
    assert "R12" not in html and "tot en met" in html  # the reason, without its rule id
    internship.refresh_from_db()
    assert internship.result == ""
    response = staff.post(url, {"result": "hired", "result_on": "2026-05-30"})
    assert response.status_code == 302
    internship.refresh_from_db()
    assert (internship.result, internship.result_on) == ("hired", date(2026, 5, 30))
    html = staff.get(page).content.decode()
    assert "Aangeworven op 30 mei 2026" in html
    # Once only: a second result is refused with the conflict's message.
    html = staff.post(url, {"result": "not_hired", "result_on": "2026-05-30"}).content.decode()
    assert "al geregistreerd" in html
    assert staff.post(url, {"result": "", "result_on": ""}).status_code == 200  # form errors


def test_another_partners_internship_is_404(
    client: Client, make_user: Callable[..., User], trajectory: Trajectory
) -> None:
    internship = internship_add(
        trajectory=trajectory,
        employer_enterprise_number="0202.239.951",
        employer_name="Bakkerij Peeters",
        vacancy="Verkoper",
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 4, 30),
    )
    client.force_login(make_user("applicant", make_partner_org("Andere vzw")))
    url = reverse("applicant:internship_result", args=[trajectory.pk, internship.pk])
    assert client.get(url).status_code == 404


def test_the_partner_records_a_first_working_day(staff: Client, trajectory: Trajectory) -> None:
    url = reverse("applicant:outcome_record", args=[trajectory.pk])
    data = {
        "kind": "hired",
        "on": "2026-03-10",
        "employer_enterprise_number": "0202.239.951",
        "employer_name": "Bakkerij Peeters",
        "first_working_day": "2026-06-09",  # 91 days later
    }
    html = staff.post(url, data).content.decode()
    assert "eerste werkdag" in html.lower() and "R12" not in html
    check = staff.post(url, {**data, "first_working_day": "2026-04-01"})
    assert press(staff, url, check).status_code == 302  # the "Controleer en bevestig" step
    html = staff.get(reverse("applicant:trajectory", args=[trajectory.pk])).content.decode()
    assert "1 april 2026" in html


# --- the consultant's employee form -----------------------------------------------------------


@pytest.fixture
def web(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("consultant"))
    return client


@pytest.fixture
def employer(db: Any) -> Organisation:
    return organisations.organisation_create(
        enterprise_number=enterprise_number(6_200_001),
        name="Maatwerkbedrijf Gent",
        postal_code="9000",
    )


def _form(employer: Organisation, **extra: Any) -> dict[str, Any]:
    return {
        "national_number": "90.02.01-997.04",
        "given_name": "An",
        "family_name": "Peeters",
        "postal_code": "9000",
        "employer": str(employer.pk),
        "framework": "maatwerk",
        "hired_on": "2021-04-01",
        **extra,
    }


def test_the_employee_form_takes_several_target_groups(web: Client, employer: Organisation) -> None:
    url = reverse("consultant:employee_new")
    assert url in web.get(reverse("consultant:search")).content.decode()
    html = web.get(url).content.decode()
    assert html.count('type="checkbox" name="target_groups"') == 4
    assert "psychosociale arbeidsbeperking" in html
    response = web.post(
        url,
        _form(employer, target_groups=["extremely_vulnerable", "work_disability"]),
    )
    assert response.status_code == 302
    person = Employee.objects.get(family_name="Peeters")
    assert person.target_groups == ["work_disability", "extremely_vulnerable"]
    html = web.get(reverse("consultant:employee", args=[person.pk])).content.decode()
    assert "arbeidshandicap, uiterst kwetsbaar" in html
    assert "90.02.01-997.04" not in html  # the number never comes back whole


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "Kies minstens één doelgroep."),
        ({"target_groups": ["distance_to_labour_market"]}, "hoort niet bij kader maatwerk"),
        ({"target_groups": ["work_disability"], "postal_code": "0000"}, "Onbekende Belgische"),
    ],
)
def test_bad_employee_forms(
    web: Client, employer: Organisation, extra: dict[str, Any], message: str
) -> None:
    response = web.post(reverse("consultant:employee_new"), _form(employer, **extra))
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert "90.02.01-997.04" not in html and "90020199704" not in html
    assert not Employee.objects.filter(family_name="Peeters").exists()


def test_the_employee_form_is_for_consultants(
    client: Client, make_user: Callable[..., User]
) -> None:
    client.force_login(make_user("reviewer"))
    assert client.get(reverse("consultant:employee_new")).status_code == 403
