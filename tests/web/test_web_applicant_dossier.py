"""Issue 15, the applicant's dossier: what to do next first, a true step count, evidence that
can be removed or replaced until the dossier is sent, sending instructions that agree."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.common.errors import StateConflict
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Evidence, MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.rules.codes import CONDITIONS
from tests import pinned_clock
from tests.conftest import SUBJECT, make_pdf
from tests.web.test_web_applicant_pages import draft_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], organisation: Organisation) -> Client:
    client.force_login(make_user("applicant", organisation))
    return client


def _evidence(application: MandateApplication, code: str, name: str = "") -> Evidence:
    return mandates.evidence_add(
        application=application,
        condition=code,
        file=io.BytesIO(make_pdf()),
        original_name=name or f"{code}.pdf",
    )


def _send(application: MandateApplication, day: date) -> None:
    mandates.receipt_register(
        application=application,
        channel="email",
        received_on=day,
        subject=SUBJECT,
        eid_signed_by=["An Peeters"],
    )


def _page(client: Client, application: MandateApplication) -> str:
    return client.get(reverse("applicant:application", args=[application.pk])).content.decode()


def test_the_page_starts_with_what_to_do_next(staff: Client, organisation: Organisation) -> None:
    application = draft_application(organisation)
    html = _page(staff, application)
    assert html.index("data-next-step") < html.index("Stand van het dossier")
    assert "Laad bewijs op voor" in html
    assert "?voorwaarde=quality_management" in html
    for code in CONDITIONS:
        _evidence(application, code)
    html = _page(staff, application)
    assert "Verstuur nu het dossier naar VDAB" in html


def test_the_task_list_counts_four_steps_and_goes_once_sent(
    staff: Client, organisation: Organisation
) -> None:
    application = draft_application(organisation)
    html = _page(staff, application)
    assert "data-task-list" in html
    assert "Stap 4 van 4" in html
    _send(application, clock.today())
    html = _page(staff, application)
    assert "data-task-list" not in html
    assert "VDAB heeft uw volledige dossier ontvangen" in html


def test_wizard_pages_count_four_steps(staff: Client) -> None:
    html = staff.get(reverse("applicant:application_new")).content.decode()
    assert "Stap 1 van 4" in html and "van 2" not in html


def test_evidence_can_be_removed_before_sending(staff: Client, organisation: Organisation) -> None:
    application = draft_application(organisation)
    evidence = _evidence(application, "results", "cijfers.pdf")
    html = _page(staff, application)
    url = reverse("applicant:evidence_remove", args=[application.pk, evidence.pk])
    assert url in html
    confirm = staff.get(url).content.decode()
    assert "Controleer en bevestig" in confirm
    assert "werd geen bewijsstuk opgeladen" in confirm  # the last one for this condition
    assert staff.post(url, {"action": "edit"}).status_code == 200  # not a confirmation
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    response = staff.post(url, {"action": "confirm"}, follow=True)
    assert "Bewijsstuk cijfers.pdf is verwijderd." in response.content.decode()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_can_be_replaced_before_sending(staff: Client, organisation: Organisation) -> None:
    application = draft_application(organisation)
    old = _evidence(application, "results", "oud.pdf")
    url = reverse("applicant:evidence_add", args=[application.pk]) + f"?vervangt={old.pk}"
    form = staff.get(url).content.decode()
    assert "Het nieuwe bestand vervangt oud.pdf." in form
    upload = SimpleUploadedFile("nieuw.pdf", make_pdf(), "application/pdf")
    response = staff.post(url, {"condition": "results", "file": upload, "description": ""})
    assert response.status_code == 302
    assert list(application.evidence.values_list("original_name", flat=True)) == ["nieuw.pdf"]


def test_once_sent_evidence_cannot_be_removed(staff: Client, organisation: Organisation) -> None:
    application = draft_application(organisation)
    evidence = _evidence(application, "results")
    _send(application, clock.today())
    assert "/verwijderen/" not in _page(staff, application)
    url = reverse("applicant:evidence_remove", args=[application.pk, evidence.pk])
    response = staff.post(url, {"action": "confirm"}, follow=True)
    assert "al bij VDAB ontvangen" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    with pytest.raises(StateConflict):
        mandates.evidence_remove(evidence=evidence)


def test_another_organisations_evidence_is_not_found(
    staff: Client, other_organisation: Organisation
) -> None:
    application = draft_application(other_organisation)
    evidence = _evidence(application, "results")
    url = reverse("applicant:evidence_remove", args=[application.pk, evidence.pk])
    assert staff.get(url).status_code == 404
    assert staff.post(url, {"action": "confirm"}).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_check_your_answers_has_a_change_link_until_sent(
    staff: Client, organisation: Organisation
) -> None:
    application = draft_application(organisation)
    assert 'href="#voorwaarden">Wijzigen' in _page(staff, application)
    _send(application, clock.today())
    assert 'href="#voorwaarden">Wijzigen' not in _page(staff, application)


def test_sending_instructions_keep_the_number_out_of_the_subject(
    staff: Client, organisation: Organisation
) -> None:
    application = draft_application(organisation)
    html = staff.get(reverse("applicant:application_send", args=[application.pk])).content.decode()
    assert "Vermeld het dossiernummer in de brief en in de e-mail." not in html
    assert "niet in het onderwerp" in html
    assert f"Zet het dossiernummer {application.reference} in de tekst van de e-mail." in html
    # what is missing: the same reasons as on the dossier page (one source)
    assert "data-missing" in html
    assert html.count("werd geen bewijsstuk opgeladen") == len(CONDITIONS)


@pinned_clock.on("2026-11-01")
def test_demo_dossiers_show_the_dates_of_their_story(client: Client) -> None:
    """A demo dossier received years ago was created then, not on the day the demo loaded."""
    from doorstroom.operations.demo import demo_load

    demo_load(today=clock.today())
    loaded = clock.today()
    for application in MandateApplication.objects.prefetch_related("receipts"):
        created = application.created_at.date()
        assert created < loaded, application.reference
        first = min((r.received_on for r in application.receipts.all()), default=None)
        assert first is None or created < first, application.reference
    staff = User.objects.get(username="aanvrager")
    client.force_login(staff)
    html = client.get(reverse("applicant:applications")).content.decode()
    own = MandateApplication.objects.filter(organisation=staff.organisation).first()
    assert own is not None
    assert f"{own.created_at.year}</td>" in html


def test_a_withdrawn_draft_keeps_its_evidence(organisation: Organisation) -> None:
    application = draft_application(organisation)
    evidence = _evidence(application, "results")
    mandates.application_withdraw(
        application=application, withdrawn_on=clock.today(), reason_text="Geen mandaat meer."
    )
    with pytest.raises(StateConflict):
        mandates.evidence_remove(evidence=evidence)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
