"""The mandate application wizard: frameworks, signatories, evidence, sending (R13, R14, R15)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.mandates.models import MandateApplication
from doorstroom.organisations.models import Organisation
from tests.conftest import complete_application, make_pdf
from tests.web.test_web_applicant_pages import draft_application, make_partner_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], organisation: Organisation) -> Client:
    client.force_login(make_user("applicant", organisation))
    return client


def pdf_upload(name: str = "kwaliteitshandboek.pdf", data: bytes | None = None) -> Any:
    return SimpleUploadedFile(name, make_pdf() if data is None else data, "application/pdf")


def test_wizard_happy_path(staff: Client, organisation: Organisation) -> None:
    response = staff.get(reverse("applicant:application_new"))
    assert response.status_code == 200
    assert b"<fieldset" in response.content and b"<legend" in response.content
    response = staff.post(
        reverse("applicant:application_new"), {"frameworks": ["maatwerk", "lde"], "kind": "new"}
    )
    assert response["Location"] == reverse("applicant:application_signatories")
    page = staff.get(reverse("applicant:application_signatories"))
    assert page.status_code == 200
    assert b"name_2" in page.content and b"name_3" not in page.content
    # Adding a row keeps what was typed and shows no errors yet.
    response = staff.post(
        reverse("applicant:application_signatories"),
        {"rows": "2", "name_1": "An Peeters", "function_1": "voorzitter", "action": "add_row"},
    )
    html = response.content.decode()
    assert 'name="name_3"' in html and 'value="An Peeters"' in html
    assert "Er is een probleem" not in html
    response = staff.post(
        reverse("applicant:application_signatories"),
        {
            "rows": "3",
            "name_1": "An Peeters",
            "function_1": "voorzitter",
            "name_2": "Bart Maes",
            "function_2": "directeur",
            "name_3": "",
            "function_3": "",
            "action": "create",
        },
    )
    application = MandateApplication.objects.get(organisation=organisation)
    assert response["Location"] == reverse("applicant:application", args=[application.pk])
    assert application.framework_list == ["lde", "maatwerk"]
    assert application.kind == "new"
    assert [s.name for s in application.signatories.all()] == ["An Peeters", "Bart Maes"]
    assert application.created_by is not None
    # The wizard is done: step 2 sends back to step 1.
    response = staff.get(reverse("applicant:application_signatories"))
    assert response["Location"] == reverse("applicant:application_new")
    # The task list: frameworks and signatories done, evidence not started, five conditions.
    html = staff.get(reverse("applicant:application", args=[application.pk])).content.decode()
    assert "Uw aanvraag voorbereiden" in html
    assert html.count("niet gestart") >= 5
    assert "0 van 5 voorwaarden met bewijs" in html
    assert "Controleer uw antwoorden" in html
    assert "Bart Maes, directeur" in html


def test_wizard_errors(staff: Client) -> None:
    response = staff.post(reverse("applicant:application_new"), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html
    assert "Kies minstens één kader." in html
    assert 'href="#id_frameworks_0"' in html
    staff.post(reverse("applicant:application_new"), {"frameworks": ["lde"], "kind": "new"})
    response = staff.post(
        reverse("applicant:application_signatories"),
        {"rows": "2", "name_1": "", "function_1": "", "name_2": "", "function_2": "zaakvoerder"},
    )
    html = response.content.decode()
    assert "Geef minstens één ondertekenaar op" in html
    assert "Vul de naam in van wie deze functie heeft." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_2_error"' in html
    response = staff.post(
        reverse("applicant:application_signatories"),
        {"rows": "2", "name_1": "An Peeters", "name_2": "an peeters"},
    )
    html = response.content.decode()
    assert "Elke ondertekenaar komt maar één keer voor." in html
    assert 'aria-describedby="id_name_2_error"' in html  # on the row listed again
    assert 'aria-describedby="id_name_1_error"' not in html
    assert not MandateApplication.objects.exists()


def test_renewal_starts_from_the_mandate(client: Client, make_user: Callable[..., User]) -> None:
    partner = make_partner_org()
    mandate = partner.mandates.get()
    client.force_login(make_user("applicant", partner))
    page = client.get(reverse("applicant:mandates")).content.decode()
    link = f"{reverse('applicant:application_new')}?soort=renewal&amp;mandaat={mandate.pk}"
    assert "actief" in page
    assert link in page
    url = link.replace("&amp;", "&")
    html = client.get(url).content.decode()
    assert re.search(r'value="renewal"[^>]*checked', html)
    assert re.search(r'value="maatwerk"[^>]*checked', html)
    client.post(url, {"frameworks": ["maatwerk"], "kind": "renewal"})
    client.post(
        reverse("applicant:application_signatories"),
        {"rows": "1", "name_1": "An Peeters", "action": "create"},
    )
    renewal = MandateApplication.objects.get(organisation=partner, kind="renewal")
    assert renewal.renews == mandate
    assert "aangevraagd" in client.get(reverse("applicant:mandates")).content.decode()


def test_upload_a_real_pdf_and_refuse_a_fake_one(staff: Client, organisation: Organisation) -> None:
    application = draft_application(organisation)
    url = reverse("applicant:evidence_add", args=[application.pk])
    form = staff.get(url + "?voorwaarde=expertise").content.decode()
    assert "data-progress" in form and "<progress hidden" in form
    assert 'enctype="multipart/form-data"' in form
    assert '<option value="expertise" selected>' in form
    response = staff.post(
        url,
        {"condition": "expertise", "file": pdf_upload(), "description": "Cv's van de begeleiders"},
    )
    assert response["Location"] == reverse("applicant:application", args=[application.pk])
    evidence = application.evidence.get()
    assert evidence.condition == "expertise"
    assert evidence.original_name == "kwaliteitshandboek.pdf"
    html = staff.get(response["Location"]).content.decode()
    assert "is toegevoegd" in html
    assert "1 van 5 voorwaarden met bewijs" in html
    assert "bezig" in html
    download = staff.get(reverse("applicant:evidence_file", args=[application.pk, evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    # A text file named .pdf is refused with the service's Dutch message, as a form error.
    response = staff.post(
        url, {"condition": "results", "file": pdf_upload("resultaten.pdf", b"geen pdf, wel tekst")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html
    assert "Dit is geen PDF-bestand. Kies een document in PDF-formaat." in html
    assert 'href="#id_file"' in html
    assert application.evidence.count() == 1
    # Nothing chosen at all.
    response = staff.post(url, {"condition": ""})
    html = response.content.decode()
    assert "Kies de voorwaarde die dit document aantoont." in html
    assert "Kies een PDF-bestand om op te laden." in html


def test_all_five_conditions_complete_the_evidence_task(
    staff: Client, organisation: Organisation
) -> None:
    application = draft_application(organisation)
    url = reverse("applicant:evidence_add", args=[application.pk])
    for condition in ("quality_management", "facilities", "expertise", "results", "methodology"):
        staff.post(url, {"condition": condition, "file": pdf_upload(f"{condition}.pdf")})
    html = staff.get(reverse("applicant:application", args=[application.pk])).content.decode()
    assert "5 van 5 voorwaarden met bewijs" in html
    assert (
        "werd geen bewijsstuk opgeladen"
        not in staff.get(reverse("applicant:home")).content.decode()
    )


def test_sending_instructions(staff: Client, organisation: Organisation) -> None:
    application = draft_application(organisation)
    html = staff.get(reverse("applicant:application_send", args=[application.pk])).content.decode()
    assert "VDAB Centrale diensten<br>Dienst samenwerking<br>Keizerslaan 11<br>1000 Brussel" in html
    assert 'href="mailto:mandaatdoorstroom@vdab.be"' in html
    assert ">Aanvraag mandaat doorstroombegeleiding<" in html
    assert "eID" in html and "papieren versie niet nodig" in html
    assert application.reference in html
    assert "Wat nog ontbreekt voor VDAB kan beslissen" in html  # the rules' reasons (issue 15)


def test_status_page_after_receipt_and_decision(
    client: Client, make_user: Callable[..., User], organisation: Organisation
) -> None:
    today = clock.today()
    application = complete_application(organisation, received_on=today - timedelta(days=3))
    client.force_login(make_user("applicant", organisation))
    html = client.get(reverse("applicant:application", args=[application.pk])).content.decode()
    assert "volledig" in html
    assert "Ontvankelijk" in html and ">ja<" in html
    application.refresh_from_db()
    due = application.decision_due_on
    assert due is not None
    assert str(due.year) in html
    # A decided application shows the decision, the five judgements and the mandate.
    partner = make_partner_org()
    client.force_login(make_user("applicant", partner))
    decided = partner.applications.get()
    html = client.get(reverse("applicant:application", args=[decided.pk])).content.decode()
    assert "Beslissing" in html
    assert "goedgekeurd" in html
    assert "geldig van" in html
    assert "Aangetoond met concrete cijfers." in html
    # No more evidence after the decision.
    response = client.get(reverse("applicant:evidence_add", args=[decided.pk]))
    assert response.status_code == 302


def test_applications_list_filters_and_sorts(staff: Client, organisation: Organisation) -> None:
    first = draft_application(organisation)
    second = draft_application(organisation)
    html = staff.get(reverse("applicant:applications")).content.decode()
    assert html.index(second.reference) < html.index(first.reference)
    html = staff.get(reverse("applicant:applications") + "?sort=oudste").content.decode()
    assert html.index(first.reference) < html.index(second.reference)
    html = staff.get(reverse("applicant:applications") + "?status=approved").content.decode()
    assert first.reference not in html
    assert "Geen aanvragen gevonden." in html
