"""Registering receipts (R14) and deciding (R13, R3) through the reviewer's pages."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Decision, Mandate, MandateApplication
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.rules.codes import CONDITIONS
from tests.conftest import SUBJECT, complete_application, make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reviewer_client(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("reviewer"))
    return client


@pytest.fixture
def two_signatories(organisation: Organisation) -> MandateApplication:
    """A recognised organisation's application with two signatories and all five PDFs."""
    organisations.recognition_create(
        organisation=organisation,
        label_number="L-1",
        registration_number="R-1",
        valid_from=date(2020, 1, 1),
        valid_until=None,
    )
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[
            mandates.SignatoryInput(name="Els Peeters", function="voorzitter"),
            mandates.SignatoryInput(name="Jan Janssens", function="directeur"),
        ],
    )
    for code in CONDITIONS:
        mandates.evidence_add(
            application=application,
            condition=code,
            file=io.BytesIO(make_pdf()),
            original_name=f"{code}.pdf",
        )
    return application


def decision_data(day: date, met: bool = True, **extra: str) -> dict[str, str]:
    data = {"decided_on": day.isoformat(), "starts_on": "", "action": "confirm", **extra}
    for code in CONDITIONS:
        data[f"{code}_met"] = "yes" if met else "no"
        data[f"{code}_motivation"] = "Concreet aangetoond in het dossier."
    return data


def test_receipt_form_hints_the_required_subject_and_lists_the_signatories(
    reviewer_client: Client, two_signatories: MandateApplication
) -> None:
    html = reviewer_client.get(
        reverse("reviewer:receipt_new", args=[two_signatories.pk])
    ).content.decode()
    assert SUBJECT in html
    assert 'value="Els Peeters"' in html and 'value="Jan Janssens"' in html
    assert 'type="radio"' in html and 'type="date"' in html


def test_email_then_registered_letter_completes_the_submission(
    reviewer_client: Client, two_signatories: MandateApplication
) -> None:
    url = reverse("reviewer:receipt_new", args=[two_signatories.pk])
    today = clock.today()
    response = reviewer_client.post(
        url,
        {
            "channel": "email",
            "received_on": (today - timedelta(days=3)).isoformat(),
            "subject": SUBJECT,
            "eid_signed_by": ["Els Peeters"],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "reviewer:application", args=[two_signatories.pk]
    )
    html = response.content.decode()
    assert "nog onvolledig" in html
    two_signatories.refresh_from_db()
    assert two_signatories.status == "incomplete"

    response = reviewer_client.post(
        url,
        {
            "channel": "registered_letter",
            "received_on": today.isoformat(),
            "tracking_number": "RR123456789BE",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "De indiening is volledig sinds" in html
    assert "banner--success" in html
    two_signatories.refresh_from_db()
    assert two_signatories.status == "complete"
    assert two_signatories.completed_on == today


def test_receipt_errors_show_on_the_form(
    reviewer_client: Client, two_signatories: MandateApplication
) -> None:
    url = reverse("reviewer:receipt_new", args=[two_signatories.pk])
    response = reviewer_client.post(url, {"channel": "", "received_on": "morgen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html
    assert "Kies e-mail of aangetekende brief." in html
    future = (clock.today() + timedelta(days=2)).isoformat()
    response = reviewer_client.post(url, {"channel": "email", "received_on": future})
    assert response.status_code == 400
    assert "niet in de toekomst" in response.content.decode()
    assert two_signatories.receipts.count() == 0


def test_email_with_another_subject_is_flagged(
    reviewer_client: Client, two_signatories: MandateApplication
) -> None:
    url = reverse("reviewer:receipt_new", args=[two_signatories.pk])
    response = reviewer_client.post(
        url,
        {"channel": "email", "received_on": clock.today().isoformat(), "subject": "Dossier"},
        follow=True,
    )
    assert "onderwerp" in response.content.decode()
    assert two_signatories.receipts.get().subject_ok is False


def test_approve_creates_the_mandate_and_shows_its_dates(
    reviewer_client: Client, organisation: Organisation
) -> None:
    today = clock.today()
    application = complete_application(organisation, received_on=today)
    for code in CONDITIONS:
        mandates.evidence_add(
            application=application,
            condition=code,
            file=io.BytesIO(make_pdf()),
            original_name=f"{code}.pdf",
        )
    url = reverse("reviewer:decision", args=[application.pk])
    form = reviewer_client.get(url).content.decode()
    assert 'hx-get="' + reverse("reviewer:decision_preview", args=[application.pk]) in form
    response = reviewer_client.post(url, decision_data(today), follow=True)
    html = response.content.decode()
    mandate = Mandate.objects.get(application=application)
    assert mandate.valid_from == today
    assert "Mandaat toegekend" in html
    assert f"{mandate.valid_until.day} " in html
    assert "De beslissing is geregistreerd." in html


def test_reject_records_the_decision_without_a_mandate(
    reviewer_client: Client, organisation: Organisation
) -> None:
    today = clock.today()
    application = complete_application(organisation, received_on=today)
    url = reverse("reviewer:decision", args=[application.pk])
    response = reviewer_client.post(url, decision_data(today, met=False), follow=True)
    html = response.content.decode()
    assert Decision.objects.get(application=application).outcome == "rejected"
    assert not Mandate.objects.filter(application=application).exists()
    assert "Aanvraag afgewezen" in html


def test_decision_form_needs_a_motivation_for_every_condition(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = complete_application(organisation, received_on=clock.today())
    data = decision_data(clock.today())
    data["results_motivation"] = ""
    response = reviewer_client.post(reverse("reviewer:decision", args=[application.pk]), data)
    assert response.status_code == 200
    assert "Motiveer het oordeel over ‘" in response.content.decode()
    assert not Decision.objects.exists()


def test_deciding_twice_shows_a_message_and_keeps_one_decision(
    reviewer_client: Client, organisation: Organisation
) -> None:
    today = clock.today()
    application = complete_application(organisation, received_on=today)
    url = reverse("reviewer:decision", args=[application.pk])
    assert reviewer_client.post(url, decision_data(today)).status_code == 302
    response = reviewer_client.post(url, decision_data(today, met=False))
    assert response.status_code == 409
    assert "Over deze aanvraag is al beslist" in response.content.decode()
    assert Decision.objects.filter(application=application).count() == 1
    assert Decision.objects.get().outcome == "approved"


def test_an_incomplete_submission_cannot_be_decided_and_shows_the_reasons(
    reviewer_client: Client, two_signatories: MandateApplication
) -> None:
    today = clock.today()
    mandates.receipt_register(
        application=two_signatories,
        channel="email",
        received_on=today,
        subject=SUBJECT,
        eid_signed_by=["Els Peeters"],
    )
    url = reverse("reviewer:decision", args=[two_signatories.pk])
    page = reviewer_client.get(url).content.decode()
    assert "kan nog niet beslist worden" in page
    response = reviewer_client.post(url, decision_data(today))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Deze aanvraag kan nog niet beslist worden" in html
    assert "R14" in html
    assert not Decision.objects.exists()


def test_preview_computes_the_mandate_dates_with_and_without_javascript(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = complete_application(organisation, received_on=clock.today())
    preview = reverse("reviewer:decision_preview", args=[application.pk])
    html = reviewer_client.get(preview + "?starts_on=2024-02-29").content.decode()
    assert "29 februari 2024" in html and "27 februari 2030" in html
    html = reviewer_client.get(preview + "?decided_on=2022-03-01&starts_on=").content.decode()
    assert "29 februari 2028" in html
    html = reviewer_client.get(preview + "?starts_on=nope").content.decode()
    assert "een geldige datum in" in html
    data = decision_data(clock.today(), starts_on="2023-07-15", action="preview")
    response = reviewer_client.post(reverse("reviewer:decision", args=[application.pk]), data)
    html = response.content.decode()
    assert "14 juli 2029" in html
    assert "Er is een probleem" not in html
    assert not Decision.objects.exists()
