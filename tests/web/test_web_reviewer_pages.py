"""Reviewer pages through the Django test client: access, dossier, evidence, register."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import MandateApplication
from doorstroom.organisations.models import Organisation
from tests import pinned_clock
from tests.conftest import ALL_MET, complete_application, make_pdf, renewal_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reviewer_client(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("reviewer"))
    return client


def add_evidence(application: MandateApplication, conditions: tuple[str, ...] = ()) -> None:
    for code in conditions or tuple(ALL_MET):
        mandates.evidence_add(
            application=application,
            condition=code,
            file=io.BytesIO(make_pdf()),
            original_name=f"{code}.pdf",
        )


def page_urls(application: MandateApplication) -> list[str]:
    pk = application.pk
    return [
        reverse("reviewer:inbox"),
        reverse("reviewer:application", args=[pk]),
        reverse("reviewer:receipt_new", args=[pk]),
        reverse("reviewer:decision", args=[pk]),
        reverse("reviewer:decision_preview", args=[pk]) + "?starts_on=2026-01-05",
        reverse("reviewer:register"),
    ]


def test_every_page_answers_200_for_a_reviewer(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = complete_application(organisation, received_on=clock.today())
    for url in page_urls(application):
        response = reviewer_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("role", ["applicant", "consultant", "esf_officer"])
def test_other_roles_get_403(
    client: Client, make_user: Callable[..., User], organisation: Organisation, role: str
) -> None:
    application = complete_application(organisation, received_on=clock.today())
    add_evidence(application, ("facilities",))
    client.force_login(make_user(role, organisation if role == "applicant" else None))
    evidence = application.evidence.get()
    urls = [
        *page_urls(application),
        reverse("reviewer:evidence_file", args=[application.pk, evidence.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reviewer:decision", args=[application.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("reviewer:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")


def test_unknown_application_is_404(reviewer_client: Client) -> None:
    assert reviewer_client.get(reverse("reviewer:application", args=[999])).status_code == 404
    assert reviewer_client.get(reverse("reviewer:decision", args=[999])).status_code == 404


def test_dossier_shows_organisation_submission_admissibility_due_date_and_evidence(
    reviewer_client: Client, organisation: Organisation
) -> None:
    today = clock.today()
    application = complete_application(organisation, received_on=today - timedelta(days=90))
    add_evidence(application, ("quality_management",))
    response = reviewer_client.get(reverse("reviewer:application", args=[application.pk]))
    html = response.content.decode()
    assert "Jobkracht Gent vzw" in html
    assert "0403.170.701" in html
    assert "Volledig sinds" in html
    assert "Ontvankelijk op de ontvangstdatum" in html
    assert "termijn overschreden" in html  # 90 days after completion: past the two months
    evidence = application.evidence.get()
    assert reverse("reviewer:evidence_file", args=[application.pk, evidence.pk]) in html
    assert html.count("geen bewijsstuk opgeladen") == 4


def test_evidence_pdf_streams_inline(reviewer_client: Client, organisation: Organisation) -> None:
    application = complete_application(organisation, received_on=clock.today())
    add_evidence(application, ("results",))
    evidence = application.evidence.get()
    response = reviewer_client.get(
        reverse("reviewer:evidence_file", args=[application.pk, evidence.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="results.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_evidence_of_another_application_is_404(
    reviewer_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    one = complete_application(organisation, received_on=clock.today())
    other = complete_application(other_organisation, received_on=clock.today())
    add_evidence(other, ("results",))
    evidence = other.evidence.get()
    url = reverse("reviewer:evidence_file", args=[one.pk, evidence.pk])
    assert reviewer_client.get(url).status_code == 404


# A mandate about to expire was decided six years ago, and there were none before 2019: a day
# from 2025 on (the story itself stays relative to that day).
@pinned_clock.on("2026-11-01")
def test_register_shows_mandates_status_timeline_and_renewals(
    reviewer_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    today = clock.today()
    six_years_ago = today - timedelta(days=6 * 365)
    old = complete_application(organisation, received_on=six_years_ago)
    mandates.decision_create(
        application=old, decided_on=six_years_ago, starts_on=None, conditions=ALL_MET
    )
    fresh = complete_application(other_organisation, received_on=today)
    mandates.decision_create(
        application=fresh, decided_on=today, starts_on=None, conditions=ALL_MET
    )
    renewal = mandates.application_create(
        organisation=organisation,
        kind="renewal",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )
    response = reviewer_client.get(reverse("reviewer:register"))
    html = response.content.decode()
    assert "verloopt binnenkort" in html  # six years ago minus a few days: in the lead time
    assert "actief" in html
    assert renewal.reference in html
    assert '<svg class="chart"' in html
    expiring = reviewer_client.get(reverse("reviewer:register") + "?status=expiring")
    assert "Jobkracht Gent vzw" in expiring.content.decode()
    assert "Werkpunt Hasselt vzw" not in expiring.content.decode().split("Vernieuwingen")[0]


def test_register_query_count_is_fixed(
    reviewer_client: Client, organisation: Organisation, django_assert_max_num_queries: Any
) -> None:
    application = complete_application(organisation, received_on=clock.today())
    mandates.decision_create(
        application=application, decided_on=clock.today(), starts_on=None, conditions=ALL_MET
    )
    with django_assert_max_num_queries(6):
        assert reviewer_client.get(reverse("reviewer:register")).status_code == 200


def test_pages_speak_english_when_asked(
    reviewer_client: Client, organisation: Organisation, settings: Any
) -> None:
    application = complete_application(organisation, received_on=clock.today())
    reviewer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    inbox = reviewer_client.get(reverse("reviewer:inbox")).content.decode()
    assert "Inbox: mandate applications" in inbox
    assert '<html lang="en">' in inbox
    dossier = reviewer_client.get(reverse("reviewer:application", args=[application.pk]))
    assert "Formal conditions and evidence (R13)" in dossier.content.decode()
    decision = reviewer_client.get(reverse("reviewer:decision", args=[application.pk]))
    assert "Is ‘quality management’ met?" in decision.content.decode()


@pinned_clock.on("2026-11-01")
def test_register_expiring_is_renewal_due_a_pending_renewal_takes_it_off(
    reviewer_client: Client, organisation: Organisation
) -> None:
    """R3 ``renewal_due``, as on the applicant's pages: "vervalt binnenkort" is an active
    mandate in its lead time with no renewal on its way; a withdrawn renewal does not count."""
    today = clock.today()
    six_years_ago = today - timedelta(days=6 * 365)
    old = complete_application(organisation, received_on=six_years_ago)
    mandates.decision_create(
        application=old, decided_on=six_years_ago, starts_on=None, conditions=ALL_MET
    )
    mandate = old.mandate
    url = reverse("reviewer:register") + "?status=expiring"

    def expiring() -> bool:
        html = reviewer_client.get(url).content.decode()
        return "Jobkracht Gent vzw" in html.split("Vernieuwingen")[0]

    assert expiring()
    renewal = renewal_draft(mandate)
    assert not expiring()
    mandates.application_withdraw(application=renewal, withdrawn_on=today, today=today)
    assert expiring()
