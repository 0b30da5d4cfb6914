"""The administrator's organisation pages (/beheer/organisaties/): list with search and paging,
an organisation's page, register and correct it, add a DWSE recognition and a site, set the
local network; each refused write a Dutch error and no change; other roles 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from doorstroom.accounts.models import User
from doorstroom.accounts.services import user_create
from doorstroom.organisations.models import Organisation, Recognition, ServedMunicipality, Site

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["applicant", "reviewer", "consultant", "esf_officer"]
NEW = {"enterprise_number": "0202.239.951", "name": "Werkwinkel Brugge vzw", "postal_code": "8000"}


@pytest.fixture
def admin(client: Client) -> Client:
    client.force_login(user_create(username="beheerder", role="admin"))
    return client


def errors(response: Any) -> str:
    form = response.context["form"]
    return " ".join(str(e) for field in form.errors.values() for e in field)


def test_the_list_searches_and_pages(admin: Client, organisation: Organisation) -> None:
    for n in range(26):
        Organisation.objects.create(
            enterprise_number=f"{n:010}", name=f"Partner {n:02}", postal_code="1000"
        )
    page = admin.get("/beheer/organisaties/")
    assert page.context["page_obj"].paginator.count == 27
    assert len(admin.get("/beheer/organisaties/", {"page": 2}).context["rows"]) == 2
    for term in ("jobkracht", "0403.170.701", "BE 0403 170 701", "9000"):
        found = admin.get("/beheer/organisaties/", {"q": term}).context["rows"]
        assert [o.name for o in found] == ["Jobkracht Gent vzw"], term


def test_the_organisation_page_shows_its_parts(admin: Client, organisation: Organisation) -> None:
    page = admin.get(f"/beheer/organisaties/{organisation.pk}/").content.decode()
    assert "<h1>Jobkracht Gent vzw</h1>" in page and "0403.170.701" in page
    assert "9000 Gent" in page
    for url in ("wijzigen/", "erkenningen/nieuw/", "vestigingen/nieuw/", "lokaal-netwerk/"):
        assert f'href="/beheer/organisaties/{organisation.pk}/{url}"' in page
    assert admin.get("/beheer/organisaties/999999/").status_code == 404


def test_an_organisation_is_registered(admin: Client) -> None:
    response = admin.post("/beheer/organisaties/nieuw/", NEW)
    org = Organisation.objects.get(name="Werkwinkel Brugge vzw")
    assert response["Location"] == f"/beheer/organisaties/{org.pk}/"
    assert org.enterprise_number == "0202239951"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"enterprise_number": "0202.239.952"},
            "Vul een geldig ondernemingsnummer in, zoals 0403.170.701.",
        ),
        ({"enterprise_number": ""}, "Vul het ondernemingsnummer in."),
        ({"enterprise_number": "0403.170.701"}, "Dit ondernemingsnummer is al geregistreerd."),
        ({"name": ""}, "Vul de naam in."),
        ({"postal_code": "0000"}, "Onbekende Belgische postcode '0000'."),
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        (
            {"current_participant": "on"},
            "Motiveer waarom de organisatie een huidige deelnemer is (R1).",
        ),
    ],
)
def test_a_bad_organisation_is_refused(
    admin: Client, organisation: Organisation, change: dict[str, str], message: str
) -> None:
    response = admin.post("/beheer/organisaties/nieuw/", {**NEW, **change})
    assert message in errors(response)
    assert Organisation.objects.count() == 1


def test_an_organisation_is_corrected(admin: Client, organisation: Organisation) -> None:
    url = f"/beheer/organisaties/{organisation.pk}/wijzigen/"
    assert admin.get(url).context["form"].initial["enterprise_number"] == "0403.170.701"
    data = {**NEW, "enterprise_number": "0403170701", "name": "Jobkracht Gent"}
    assert admin.post(url, data)["Location"] == f"/beheer/organisaties/{organisation.pk}/"
    organisation.refresh_from_db()
    assert (organisation.name, organisation.postal_code) == ("Jobkracht Gent", "8000")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"enterprise_number": "123"}, "Vul een geldig ondernemingsnummer in"),
        ({"enterprise_number": "0403.091.220"}, "Dit ondernemingsnummer is al geregistreerd."),
        ({"postal_code": "9999"}, "Onbekende Belgische postcode"),
    ],
)
def test_a_bad_correction_changes_nothing(
    admin: Client,
    organisation: Organisation,
    other_organisation: Organisation,
    change: dict[str, str],
    message: str,
) -> None:
    response = admin.post(f"/beheer/organisaties/{organisation.pk}/wijzigen/", {**NEW, **change})
    assert message in errors(response)
    organisation.refresh_from_db()
    assert (organisation.enterprise_number, organisation.name) == (
        "0403170701",
        "Jobkracht Gent vzw",
    )


RECOGNITION = {"label_number": "L-1", "registration_number": "R-1", "valid_from": "2024-01-01"}


def test_a_recognition_is_added(admin: Client, organisation: Organisation) -> None:
    url = f"/beheer/organisaties/{organisation.pk}/erkenningen/nieuw/"
    response = admin.post(url, {**RECOGNITION, "valid_until": "2024-12-31"})
    assert response["Location"] == f"/beheer/organisaties/{organisation.pk}/"
    recognition = Recognition.objects.get(organisation=organisation)
    assert (recognition.label_number, str(recognition.valid_until)) == ("L-1", "2024-12-31")
    page = admin.get(response["Location"]).content.decode()
    assert "De erkenning is toegevoegd." in page and "31 december 2024" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"label_number": ""}, "Vul het labelnummer in."),
        ({"registration_number": " "}, "Vul het registratienummer in."),
        ({"valid_from": ""}, "Vul de begindatum in."),
        ({"valid_from": "2024-02-30"}, "Vul bij ‘Geldig vanaf’ een geldige datum in"),
        ({"valid_until": "2023-12-31"}, "De einddatum mag niet vóór de begindatum liggen."),
    ],
)
def test_a_bad_recognition_is_refused(
    admin: Client, organisation: Organisation, change: dict[str, str], message: str
) -> None:
    url = f"/beheer/organisaties/{organisation.pk}/erkenningen/nieuw/"
    response = admin.post(url, {**RECOGNITION, **change})
    assert message in errors(response)
    assert not Recognition.objects.filter(organisation=organisation).exists()


def test_the_last_day_of_a_recognition_is_accepted(
    admin: Client, organisation: Organisation
) -> None:
    """valid_until == valid_from is a one-day recognition; one day earlier is refused (above)."""
    url = f"/beheer/organisaties/{organisation.pk}/erkenningen/nieuw/"
    admin.post(url, {**RECOGNITION, "valid_until": "2024-01-01"})
    assert Recognition.objects.filter(organisation=organisation).count() == 1


def test_a_site_is_added_with_its_municipality(admin: Client, organisation: Organisation) -> None:
    url = f"/beheer/organisaties/{organisation.pk}/vestigingen/nieuw/"
    response = admin.post(url, {"name": "Antenne Hasselt", "postal_code": "3500"})
    assert Site.objects.get(organisation=organisation).postal_code == "3500"
    assert "Hasselt" in admin.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Antenne", "postal_code": "0000"}, "Onbekende Belgische postcode '0000'."),
        ({"name": "Antenne", "postal_code": ""}, "Vul de postcode in."),
        ({"postal_code": "3500"}, "Vul de naam van de vestiging in."),
    ],
)
def test_a_bad_site_is_refused(
    admin: Client, organisation: Organisation, data: dict[str, str], message: str
) -> None:
    response = admin.post(f"/beheer/organisaties/{organisation.pk}/vestigingen/nieuw/", data)
    assert message in errors(response)
    assert not Site.objects.filter(organisation=organisation).exists()


def test_the_local_network_is_set_by_name_or_code(
    admin: Client, organisation: Organisation
) -> None:
    url = f"/beheer/organisaties/{organisation.pk}/lokaal-netwerk/"
    admin.post(url, {"municipalities": "Gent\n71072"})
    served = ServedMunicipality.objects.filter(organisation=organisation)
    assert sorted(s.municipality_id for s in served) == ["44021", "71072"]
    assert admin.get(url).context["form"].initial["municipalities"] == "Gent\nHasselt"
    admin.post(url, {"municipalities": ""})
    assert not ServedMunicipality.objects.filter(organisation=organisation).exists()


def test_an_unknown_municipality_is_refused(admin: Client, organisation: Organisation) -> None:
    url = f"/beheer/organisaties/{organisation.pk}/lokaal-netwerk/"
    admin.post(url, {"municipalities": "Gent"})
    response = admin.post(url, {"municipalities": "Hasselt, Atlantis"})
    assert "Deze gemeenten kennen we niet: Atlantis." in errors(response)
    served = ServedMunicipality.objects.filter(organisation=organisation)
    assert [s.municipality_id for s in served] == ["44021"]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_manage_organisations(
    client: Client, make_user: Callable[..., User], organisation: Organisation, role: str
) -> None:
    client.force_login(make_user(role, organisation if role == "applicant" else None))
    base = f"/beheer/organisaties/{organisation.pk}/"
    pages = ["/beheer/organisaties/", "/beheer/organisaties/nieuw/", base]
    forms = [
        f"{base}wijzigen/",
        f"{base}erkenningen/nieuw/",
        f"{base}vestigingen/nieuw/",
        f"{base}lokaal-netwerk/",
    ]
    for url in pages + forms:
        assert client.get(url).status_code == 403, url
    assert client.post("/beheer/organisaties/nieuw/", NEW).status_code == 403
    assert client.post(forms[0], {**NEW, "name": "Gekaapt"}).status_code == 403
    assert client.post(forms[1], RECOGNITION).status_code == 403
    assert client.post(forms[2], {"name": "X", "postal_code": "9000"}).status_code == 403
    assert client.post(forms[3], {"municipalities": "Gent"}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Jobkracht Gent vzw"
    assert not Organisation.objects.filter(name=NEW["name"]).exists()
    assert not organisation.recognitions.exists() and not organisation.sites.exists()
    assert not organisation.local_network.exists()
