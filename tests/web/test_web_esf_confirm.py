# ruff: noqa: F811  (the fixtures are imported from the ESF page tests)
"""The ESF project decision as a new officer meets it: "Goedkeuren" only with a mandate (the
pending application instead), and a "Controleer en bevestig" step before the write."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.esf.models import Call, ProjectDecision, ProjectStatus
from doorstroom.mandates import services as mandates
from doorstroom.organisations.models import Organisation
from tests.web.confirming import press
from tests.web.test_web_esf_pages import (  # noqa: F401 (fixtures)
    call,
    decide,
    mandated,
    officer,
    proposal,
)

pytestmark = pytest.mark.django_db

APPROVE = {
    "approved": "yes",
    "decided_on": "2024-02-15",
    "starts_on": "2024-03-01",
    "ends_on": "2027-12-31",
}


def test_the_first_post_writes_nothing_and_shows_the_consequences(
    officer: Client, call: Call, mandated: Organisation
) -> None:
    project = proposal(mandated, call)
    response = officer.post(reverse("esf:project", args=[project.pk]), APPROVE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Controleer en bevestig" in page
    assert "Vanaf de begindatum kan VDAB werknemers naar Jobkracht Antwerpen vzw" in page
    assert "15 februari 2024" in page and "Ja, goedkeuren" in page
    assert 'name="action" value="confirm"' in page
    assert '<input type="hidden" name="approved" value="yes">' in page  # carried
    assert not ProjectDecision.objects.exists()
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED


def test_a_refusal_shows_on_the_form_before_the_confirmation(
    officer: Client, call: Call, mandated: Organisation
) -> None:
    project = proposal(mandated, call)
    response = officer.post(
        reverse("esf:project", args=[project.pk]), {**APPROVE, "decided_on": "2024-01-15"}
    )
    assert response.status_code == 400
    assert response.context["confirmation"] is None
    assert "De beslissing kan niet vóór de indiening vallen." in response.content.decode()


def test_confirming_writes_once(officer: Client, call: Call, mandated: Organisation) -> None:
    project = proposal(mandated, call)
    url = reverse("esf:project", args=[project.pk])
    check = officer.post(url, APPROVE)
    done = press(officer, url, check)
    assert done.status_code == 302
    again = press(officer, url, check)
    assert again.status_code == 302  # "Over dit project is al beslist."
    assert ProjectDecision.objects.count() == 1


def test_back_and_change_shows_the_filled_form(
    officer: Client, call: Call, mandated: Organisation
) -> None:
    project = proposal(mandated, call)
    url = reverse("esf:project", args=[project.pk])
    back = press(officer, url, officer.post(url, APPROVE), "edit")
    assert back.context["confirmation"] is None
    assert back.context["form"]["decided_on"].value() == "2024-02-15"
    assert not ProjectDecision.objects.exists()


def test_a_hand_made_or_misdirected_confirmation_writes_nothing_it_may_not(
    officer: Client, call: Call, mandated: Organisation, organisation: Organisation
) -> None:
    """The confirmation re-posts the values: the confirm post is checked like the form."""
    project = proposal(mandated, call)
    other = proposal(organisation, call)  # no mandate: approving it is refused (R2)
    url = reverse("esf:project", args=[project.pk])
    early = officer.post(url, {**APPROVE, "decided_on": "2024-01-15", "action": "confirm"})
    assert early.status_code == 400
    assert "De beslissing kan niet vóór de indiening vallen." in early.content.decode()
    check = officer.post(url, APPROVE)
    misdirected = press(officer, reverse("esf:project", args=[other.pk]), check)
    assert misdirected.status_code == 200
    assert misdirected.context["form"].errors["approved"]
    assert not ProjectDecision.objects.exists()


def test_without_a_mandate_the_page_shows_the_pending_application(
    officer: Client, call: Call, organisation: Organisation
) -> None:
    project = proposal(organisation, call)
    page = officer.get(reverse("esf:project", args=[project.pk])).content.decode()
    assert "geen mandaataanvraag in behandeling" in page
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )
    page = officer.get(reverse("esf:project", args=[project.pk])).content.decode()
    assert 'href="#mandaataanvraag"' in page
    assert f"Aanvraag {application.pk}" in page
    assert 'value="yes"' not in page


def test_with_a_mandate_no_application_is_shown(
    officer: Client, call: Call, mandated: Organisation
) -> None:
    project = proposal(mandated, call)
    page = officer.get(reverse("esf:project", args=[project.pk])).content.decode()
    assert 'id="mandaataanvraag"' not in page
    assert 'value="yes"' in page


def test_a_tampered_approval_without_mandate_is_refused_in_the_confirmed_post(
    officer: Client, call: Call, organisation: Organisation
) -> None:
    project = proposal(organisation, call)
    response = decide(officer, project, APPROVE)
    assert response.context["form"].errors["approved"]
    assert not ProjectDecision.objects.exists()


def test_the_enterprise_number_is_written_the_kbo_way(
    officer: Client, call: Call, organisation: Organisation
) -> None:
    project = proposal(organisation, call)
    page = officer.get(reverse("esf:project", args=[project.pk])).content.decode()
    assert "0403.170.701" in page and "0403170701" not in page
