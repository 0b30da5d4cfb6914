"""ESF officer pages: calls and projects (esf:home) and a project's decision (esf:project, R2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.esf import services as esf
from doorstroom.esf.models import Call, Project, ProjectStatus
from doorstroom.organisations.models import Organisation
from tests.factories import make_partner
from tests.web.confirming import press

pytestmark = pytest.mark.django_db

SUBMITTED = date(2024, 2, 1)


@pytest.fixture
def officer(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("esf_officer"))
    return client


@pytest.fixture
def call(db: Any) -> Call:
    return esf.call_create(
        code="432", title="Doorstroom", opens_on=date(2024, 1, 1), closes_on=date(2030, 1, 1)
    )


@pytest.fixture
def mandated(call: Call) -> Organisation:
    """A partner with a mandate decided on 2024-01-10 (active until 2030-01-09), no project."""
    return make_partner("Jobkracht Antwerpen vzw", "2000", esf_project=False)


def proposal(organisation: Organisation, call: Call) -> Project:
    return esf.project_create(organisation=organisation, call=call, submitted_on=SUBMITTED)


def decide(officer: Client, project: Project, data: dict[str, str], **kwargs: Any) -> Any:
    """Submit the decision, then confirm it on the "Controleer en bevestig" step; a first
    answer that is not the confirmation (a form error) is returned as it is."""
    url = reverse("esf:project", args=[project.pk])
    check = officer.post(url, data)
    if not check.context or check.context["confirmation"] is None:
        return check
    assert "Controleer en bevestig" in check.content.decode()
    return press(officer, url, check, **kwargs)


@pytest.mark.parametrize("role", ["applicant", "reviewer", "consultant"])
def test_other_roles_may_not_open_the_esf_pages(
    client: Client,
    make_user: Callable[..., User],
    organisation: Organisation,
    call: Call,
    role: str,
) -> None:
    project = proposal(organisation, call)
    client.force_login(make_user(role, organisation if role == "applicant" else None))
    assert client.get(reverse("esf:home")).status_code == 403
    assert client.get(reverse("esf:project", args=[project.pk])).status_code == 403
    response = client.post(
        reverse("esf:project", args=[project.pk]), {"approved": "no", "decided_on": "2024-02-02"}
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED


def test_signed_out_goes_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("esf:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)


def test_home_lists_calls_and_projects_with_the_mandate_of_today(
    officer: Client, call: Call, mandated: Organisation, organisation: Organisation
) -> None:
    proposal(mandated, call)
    proposal(organisation, call)  # Jobkracht Gent vzw: no mandate
    response = officer.get(reverse("esf:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Oproepen en projecten</h1>" in page
    assert "432" in page and "1 januari 2024" in page and "1 januari 2030" in page
    projects = response.context["calls"][0][1]
    flags = {p.organisation.name: p.has_active_mandate for p in projects}
    assert flags == {"Jobkracht Antwerpen vzw": True, "Jobkracht Gent vzw": False}
    assert page.count('class="tag tag--green">ja</strong>') == 1
    assert page.count('class="tag tag--grey">nee</strong>') == 1
    assert "1 februari 2024" in page
    assert page.count('class="tag tag--blue">ingediend</strong>') == 2


def test_home_has_a_fixed_number_of_queries(
    officer: Client, call: Call, organisation: Organisation, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        org = Organisation.objects.create(
            enterprise_number=f"07{n:08d}", name=f"Partner {n}", postal_code="9000"
        )
        proposal(org, call)
    with django_assert_max_num_queries(6):  # session, user, count, calls, projects, messages
        assert officer.get(reverse("esf:home")).status_code == 200


def test_new_call(officer: Client) -> None:
    response = officer.post(
        reverse("esf:home"),
        {
            "code": " 433 ",
            "title": "Doorstroom 2027",
            "opens_on": "2027-01-01",
            "closes_on": "2027-03-31",
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("esf:home"), 302)]
    call = Call.objects.get()
    assert (call.code, call.opens_on, call.closes_on) == (
        "433",
        date(2027, 1, 1),
        date(2027, 3, 31),
    )
    assert "Oproep 433 is aangemaakt." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message", "status"),
    [
        # the service's check (call_create): its 400 and message, on the field
        (
            {"opens_on": "2027-03-01", "closes_on": "2027-02-28"},
            "closes_on",
            "De oproep kan niet sluiten vóór hij opent.",
            400,
        ),
        ({"opens_on": "31/02/2027", "closes_on": "2027-02-28"}, "opens_on", "geldige datum", 200),
        ({"opens_on": "", "closes_on": "2027-02-28"}, "opens_on", "waarop de oproep opent", 200),
    ],
)
def test_new_call_with_bad_dates_shows_the_error(
    officer: Client, data: dict[str, str], field: str, message: str, status: int
) -> None:
    response = officer.post(reverse("esf:home"), {"code": "433", "title": "Oproep", **data})
    assert response.status_code == status
    assert message in " ".join(response.context["form"].errors[field])
    page = response.content.decode()
    assert 'class="error-summary"' in page and f'href="#id_{field}"' in page
    assert 'aria-invalid="true"' in page
    assert not Call.objects.exists()


def test_new_call_with_a_code_in_use_is_refused(officer: Client, call: Call) -> None:
    response = officer.post(
        reverse("esf:home"),
        {"code": "432", "title": "Nog eens", "opens_on": "2027-01-01", "closes_on": "2027-12-31"},
    )
    assert response.status_code == 409
    assert response.context["form"].errors["code"] == ["Deze code is al in gebruik."]
    assert Call.objects.count() == 1


def test_project_page_unknown_project_is_404(officer: Client) -> None:
    assert officer.get(reverse("esf:project", args=[999])).status_code == 404


def test_approval_without_mandate_shows_the_rule_and_its_reason(
    officer: Client, call: Call, organisation: Organisation
) -> None:
    project = proposal(organisation, call)
    page = officer.get(reverse("esf:project", args=[project.pk])).content.decode()
    assert "geen actief mandaat" in page and 'name="approved"' in page
    assert 'value="yes"' not in page  # "Goedkeuren" is not offered (R2)
    assert 'name="starts_on"' not in page
    response = officer.post(
        reverse("esf:project", args=[project.pk]),
        {
            "approved": "yes",
            "decided_on": "2024-02-15",
            "starts_on": "2024-03-01",
            "ends_on": "2027-12-31",
        },
    )
    assert response.status_code == 200
    assert response.context["confirmation"] is None
    assert response.context["form"].errors["approved"] == [
        "Goedkeuren kan niet: de organisatie heeft geen actief mandaat (R2)."
    ]
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED


def test_approval_with_a_mandate_works_and_shows_the_decision(
    officer: Client, call: Call, mandated: Organisation
) -> None:
    project = proposal(mandated, call)
    response = decide(
        officer,
        project,
        {
            "approved": "yes",
            "decided_on": "2024-02-15",
            "starts_on": "2024-03-01",
            "ends_on": "2027-12-31",
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("esf:project", args=[project.pk]), 302)]
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    assert project.decision.decided_by == response.wsgi_request.user
    page = response.content.decode()
    assert "Het project is goedgekeurd." in page
    assert 'class="tag tag--green">goedgekeurd</strong>' in page
    assert "van 1 maart 2024 tot en met 31 december 2027" in page
    assert 'name="approved"' not in page  # no second decision
    again = officer.post(
        reverse("esf:project", args=[project.pk]), {"approved": "no", "decided_on": "2024-02-16"}
    )
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_approval_needs_the_project_period(
    officer: Client, call: Call, mandated: Organisation
) -> None:
    project = proposal(mandated, call)
    response = officer.post(
        reverse("esf:project", args=[project.pk]),
        {"approved": "yes", "decided_on": "2024-02-15"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors  # both at once, each naming its field
    assert errors["starts_on"] == [
        "Vul de begindatum in: een goedgekeurd project heeft een begin- en einddatum."
    ]
    assert errors["ends_on"] == [
        "Vul de einddatum in: een goedgekeurd project heeft een begin- en einddatum."
    ]


def test_decision_before_submission_is_refused(
    officer: Client, call: Call, mandated: Organisation
) -> None:
    project = proposal(mandated, call)
    response = officer.post(
        reverse("esf:project", args=[project.pk]),
        {"approved": "no", "decided_on": "2024-01-15"},
    )
    assert response.status_code == 400
    assert "De beslissing kan niet vóór de indiening vallen." in response.content.decode()


def test_missing_choice_is_a_form_error(
    officer: Client, call: Call, mandated: Organisation
) -> None:
    project = proposal(mandated, call)
    response = officer.post(reverse("esf:project", args=[project.pk]), {"decided_on": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"approved", "decided_on"}
    assert "<legend" in response.content.decode()  # the radio buttons are a fieldset


def test_rejection_needs_no_mandate(
    officer: Client, call: Call, organisation: Organisation
) -> None:
    project = proposal(organisation, call)
    response = decide(officer, project, {"approved": "no", "decided_on": "2024-02-15"}, follow=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.REJECTED
    assert "Het project is afgewezen." in response.content.decode()


def test_pages_in_english(officer: Client, call: Call, mandated: Organisation) -> None:
    project = proposal(mandated, call)
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    home = officer.get(reverse("esf:home")).content.decode()
    assert "<h1>Calls and projects</h1>" in home
    detail = officer.get(reverse("esf:project", args=[project.pk])).content.decode()
    assert "Does ESF Vlaanderen approve the project?" in detail
