"""The reviewer's intake pages: the queue of unmatched messages and attaching one by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.intake import services
from doorstroom.intake.models import IncomingEmail
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Evidence, MandateApplication, Receipt
from doorstroom.organisations.models import Organisation
from tests.conftest import ALL_MET, make_pdf
from tests.intake.test_intake_email import make_eml

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reviewer_client(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("reviewer"))
    return client


@pytest.fixture
def application(organisation: Organisation) -> MandateApplication:
    return mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )


def unmatched(i: int = 1, **extra: Any) -> IncomingEmail:
    raw = make_eml(
        sender=f"onbekend{i}@example.org",
        message_id=f"<u{i}@example.org>",
        sent="2026-01-09 10:00",
        **extra,
    )
    email = services.email_ingest(raw=raw, received_by=None)
    assert email.status == "unmatched"
    return email


def malformed() -> IncomingEmail:
    email = services.email_ingest(raw=b"\x00\x01 geen e-mail", received_by=None)
    assert email.status == "malformed"
    return email


def test_only_reviewers_see_the_intake_pages(
    client: Client, make_user: Callable[..., User], organisation: Organisation
) -> None:
    email = unmatched()
    urls = [reverse("reviewer:intake_queue"), reverse("reviewer:intake_email", args=[email.pk])]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    for role in ("applicant", "consultant", "esf_officer"):
        other = Client()
        other.force_login(make_user(role, organisation if role == "applicant" else None))
        for url in urls:
            assert other.get(url).status_code == 403
        assert other.post(urls[1], {"reference": "MDB-000001"}).status_code == 403
    reviewer = Client()
    reviewer.force_login(make_user("reviewer"))
    for url in urls:
        assert reviewer.get(url).status_code == 200
    assert reviewer.get(reverse("reviewer:intake_email", args=[99999])).status_code == 404


def test_queue_lists_unmatched_and_malformed_newest_first(
    reviewer_client: Client, application: MandateApplication
) -> None:
    first = unmatched(1, attachments=[("x.pdf", "application/pdf", make_pdf())])
    broken = malformed()
    matched = services.email_ingest(
        raw=make_eml(subject=f"Dossier {application.reference}", message_id="<ok@example.org>"),
        received_by=None,
    )
    assert matched.status == "matched"
    html = reviewer_client.get(reverse("reviewer:intake_queue")).content.decode()
    assert "onbekend1@example.org" in html
    assert "Geen aanvraag gevonden" in html  # the reason, in Dutch
    assert "onleesbaar" in html
    assert f'href="{reverse("reviewer:intake_email", args=[matched.pk])}"' not in html
    assert html.index(reverse("reviewer:intake_email", args=[broken.pk])) < html.index(
        reverse("reviewer:intake_email", args=[first.pk])
    )


def test_inbox_shows_how_many_wait(reviewer_client: Client) -> None:
    unmatched(1)
    unmatched(2)
    html = reviewer_client.get(reverse("reviewer:inbox")).content.decode()
    assert "2 berichten wachten op koppeling" in html
    assert reverse("reviewer:intake_queue") in html


def test_detail_shows_headers_escaped_body_and_attachments(reviewer_client: Client) -> None:
    email = unmatched(
        body="Hallo <script>alert(1)</script> dossier",
        attachments=[
            ("kwaliteit.pdf", "application/pdf", make_pdf()),
            ("foto.jpg", "image/jpeg", b"\xff\xd8\xff" + b"0" * 100),
        ],
    )
    html = reviewer_client.get(reverse("reviewer:intake_email", args=[email.pk])).content.decode()
    assert "onbekend1@example.org" in html
    assert "mandaatdoorstroom@vdab.be" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "kwaliteit.pdf" in html and "foto.jpg" in html
    assert "103\xa0bytes" in html or "103 bytes" in html
    assert "csrfmiddlewaretoken" in html


def test_malformed_message_shows_why_and_no_form(reviewer_client: Client) -> None:
    email = malformed()
    response = reviewer_client.get(reverse("reviewer:intake_email", args=[email.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "kan niet gelezen worden" in html
    assert 'name="reference"' not in html
    response = reviewer_client.post(
        reverse("reviewer:intake_email", args=[email.pk]), {"reference": "MDB-000001"}
    )
    assert response.status_code == 409


def test_attach_by_reference_records_the_receipt_and_evidence(
    reviewer_client: Client, application: MandateApplication
) -> None:
    email = unmatched(attachments=[("deskundigheid.pdf", "application/pdf", make_pdf())])
    response = reviewer_client.post(
        reverse("reviewer:intake_email", args=[email.pk]),
        {"reference": application.reference.lower()},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reviewer:application", args=[application.pk])
    email.refresh_from_db()
    assert email.status == "attached_by_hand"
    assert email.application_id == application.pk
    assert email.attached_by is not None and email.attached_by.role == "reviewer"
    receipt = Receipt.objects.get(application=application)
    assert receipt.channel == "email" and email.receipt_id == receipt.pk
    assert Evidence.objects.get(application=application).condition == "expertise"
    html = reviewer_client.get(response["Location"]).content.decode()
    assert "gekoppeld aan" in html and application.reference in html
    # a second attempt: already attached, a Dutch error, nothing changes
    response = reviewer_client.post(
        reverse("reviewer:intake_email", args=[email.pk]), {"reference": application.reference}
    )
    assert response.status_code == 409
    assert "al gekoppeld" in response.content.decode()
    assert Receipt.objects.filter(application=application).count() == 1


def test_attach_from_the_list_of_open_applications(
    reviewer_client: Client, application: MandateApplication
) -> None:
    email = unmatched()
    url = reverse("reviewer:intake_email", args=[email.pk])
    html = reviewer_client.get(url).content.decode()
    assert f'<option value="{application.pk}">{application.reference}' in html
    response = reviewer_client.post(url, {"application": str(application.pk)})
    assert response.status_code == 302
    assert Receipt.objects.filter(application=application).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Vul een dossiernummer in of kies een aanvraag."),
        ({"reference": "ABC"}, "Vul een geldig dossiernummer in"),
        ({"reference": "MDB-999999"}, "Er is geen aanvraag met dossiernummer MDB-999999"),
        ({"application": "999999"}, "Kies een lopende aanvraag uit de lijst."),
    ],
)
def test_bad_input_shows_dutch_errors_and_changes_nothing(
    reviewer_client: Client, application: MandateApplication, data: dict[str, str], message: str
) -> None:
    email = unmatched()
    response = reviewer_client.post(reverse("reviewer:intake_email", args=[email.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "error-summary" in html
    email.refresh_from_db()
    assert email.status == "unmatched"
    assert Receipt.objects.count() == 0


def test_decided_application_is_refused_with_a_form_error(
    reviewer_client: Client, organisation: Organisation
) -> None:
    from tests.conftest import complete_application

    app = complete_application(organisation, received_on=clock.today())
    mandates.decision_create(
        application=app, decided_on=clock.today(), starts_on=None, conditions=ALL_MET
    )
    email = unmatched()
    response = reviewer_client.post(
        reverse("reviewer:intake_email", args=[email.pk]), {"reference": app.reference}
    )
    assert response.status_code == 409
    assert "al beslist" in response.content.decode()
    email.refresh_from_db()
    assert email.status == "unmatched"
    assert Receipt.objects.filter(application=app).count() == 1  # only the original one


def test_post_without_csrf_token_is_refused(
    make_user: Callable[..., User], application: MandateApplication
) -> None:
    email = unmatched()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("reviewer"))
    response = client.post(
        reverse("reviewer:intake_email", args=[email.pk]), {"reference": application.reference}
    )
    assert response.status_code == 403
    email.refresh_from_db()
    assert email.status == "unmatched"


def count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reviewer:intake_queue")).status_code == 200
    return len(queries)


def test_queue_query_count_is_constant(reviewer_client: Client) -> None:
    unmatched(0)
    one = count_queries(reviewer_client)
    for i in range(1, 30):
        unmatched(i, attachments=[("a.pdf", "application/pdf", b"%PDF-1.4")])
    malformed()
    thirty = count_queries(reviewer_client)
    assert one == thirty == 4  # session, user, count, page rows
    html = reviewer_client.get(reverse("reviewer:intake_queue")).content.decode()
    assert "Pagina 1 van 2" in html
