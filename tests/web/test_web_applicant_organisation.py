"""The organisation page (sites, local network), mandates and ESF projects of the applicant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.esf import services as esf
from doorstroom.esf.models import Project
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation, Recognition
from doorstroom.places.selectors import municipality_codes_for_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], organisation: Organisation) -> Client:
    client.force_login(make_user("applicant", organisation))
    return client


def test_organisation_summary_and_recognitions(staff: Client, organisation: Organisation) -> None:
    organisations.recognition_create(
        organisation=organisation,
        label_number="LBL-1",
        registration_number="REG-1",
        valid_from=date(2020, 1, 1),
        valid_until=None,
    )
    html = staff.get(reverse("applicant:organisation")).content.decode()
    assert "0403.170.701" in html  # formatted the KBO way
    assert "LBL-1" in html and "onbepaald" in html and "geldig" in html
    assert "Huidige deelnemer" in html and ">nee<" in html


def test_add_a_site(staff: Client, organisation: Organisation) -> None:
    url = reverse("applicant:site_add")
    response = staff.post(url, {"name": "Antenne Eeklo", "postal_code": "0000"})
    html = response.content.decode()
    assert "Onbekende Belgische postcode" in html
    assert 'href="#id_postal_code"' in html
    response = staff.post(
        url, {"name": "Antenne Eeklo", "postal_code": "9900", "street": "Markt 1"}
    )
    assert response["Location"] == reverse("applicant:organisation")
    assert organisation.sites.get().name == "Antenne Eeklo"
    assert "Antenne Eeklo" in staff.get(reverse("applicant:organisation")).content.decode()


def test_local_network_by_name_or_nis_code(staff: Client, organisation: Organisation) -> None:
    url = reverse("applicant:local_network")
    response = staff.post(url, {"municipalities": "Gent, Atlantis\nNergenshuizen"})
    html = response.content.decode()
    assert "Deze gemeenten kennen we niet: Atlantis, Nergenshuizen." in html
    assert not organisation.local_network.exists()
    response = staff.post(url, {"municipalities": "gent\n11002; Gent"})
    assert response.status_code == 302
    assert sorted(organisation.local_network.values_list("municipality_id", flat=True)) == [
        "11002",
        "44021",
    ]
    html = staff.get(url).content.decode()
    assert "Antwerpen" in html and "Gent" in html  # the current network, as names
    staff.post(url, {"municipalities": ""})
    assert not organisation.local_network.exists()


def test_municipality_codes_for_terms() -> None:
    codes, unknown = municipality_codes_for_terms(
        ["gent", " Gand ", "44021", "ANTWERPEN", "xx", ""]
    )
    assert codes == ["44021", "11002"]
    assert unknown == ["xx"]
    assert municipality_codes_for_terms([]) == ([], [])


def test_projects_list_and_new_proposal(staff: Client, organisation: Organisation) -> None:
    call = esf.call_create(
        code="432", title="Doorstroom", opens_on=date(2024, 1, 1), closes_on=date(2030, 1, 1)
    )
    url = reverse("applicant:project_new")
    html = staff.get(url).content.decode()
    assert "432 Doorstroom" in html
    response = staff.post(url, {"call": "", "submitted_on": ""})
    html = response.content.decode()
    assert "Kies de oproep waarin u het project indiende." in html
    response = staff.post(url, {"call": call.pk, "submitted_on": "2099-01-01"})
    assert "niet in de toekomst" in response.content.decode()
    response = staff.post(url, {"call": call.pk, "submitted_on": clock.today().isoformat()})
    assert response["Location"] == reverse("applicant:projects")
    assert Project.objects.get().organisation == organisation
    html = staff.get(reverse("applicant:projects")).content.decode()
    assert "ingediend" in html


def test_mandates_page_without_mandate(staff: Client) -> None:
    html = staff.get(reverse("applicant:mandates")).content.decode()
    assert "nog geen mandaat" in html


def test_a_recognition_without_registration_number_is_not_valid(
    staff: Client, organisation: Organisation
) -> None:
    """R1 "label en registratie": the page asks the rule, as the reviewer's page does."""
    Recognition.objects.create(  # an old record: the service refuses a blank number today
        organisation=organisation,
        label_number="LBL-HALF",
        registration_number=" ",
        valid_from=date(2020, 1, 1),
        valid_until=None,
    )
    html = staff.get(reverse("applicant:organisation")).content.decode()
    assert "LBL-HALF" in html
    assert "niet geldig" in html
