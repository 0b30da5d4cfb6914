"""The two new endings in the pages (R15): the reviewer's "Niet-ontvankelijk verklaren" and the
applicant's "Aanvraag intrekken", each on the dossier page, with a confirmation step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.letters.models import Letter
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Decision, Mandate, MandateApplication
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.rules.codes import CONDITIONS
from tests.conftest import SUBJECT

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _pinned(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2025-06-15 10:00:00+02:00", tick=False):
        yield


def application(
    organisation: Organisation, *, recognised: bool, frameworks: tuple[str, ...] = ("maatwerk",)
) -> MandateApplication:
    """Complete by one eID e-mail on 2025-01-10; overdue on TODAY."""
    if recognised:
        organisations.recognition_create(
            organisation=organisation,
            label_number="L-1",
            registration_number="R-1",
            valid_from=date(2020, 1, 1),
            valid_until=None,
        )
    app = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=list(frameworks),
        signatories=[mandates.SignatoryInput(name="Els Peeters")],
    )
    mandates.receipt_register(
        application=app,
        channel="email",
        received_on=date(2025, 1, 10),
        subject=SUBJECT,
        eid_signed_by=["Els Peeters"],
        today=TODAY,
    )
    return app


@pytest.fixture
def reviewer_client(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("reviewer"))
    return client


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], organisation: Organisation) -> Client:
    client.force_login(make_user("applicant", organisation))
    return client


# --- reviewer: Niet-ontvankelijk verklaren ----------------------------------------------------


def test_reviewer_declares_a_dossier_without_recognition_inadmissible(
    reviewer_client: Client, organisation: Organisation
) -> None:
    app = application(organisation, recognised=False)
    dossier = reviewer_client.get(reverse("reviewer:application", args=[app.pk])).content.decode()
    url = reverse("reviewer:inadmissibility", args=[app.pk])
    assert url in dossier and "Niet-ontvankelijk verklaren" in dossier
    assert "2 maanden" in dossier  # R15 trace: the target in force on completion

    page = reviewer_client.get(url).content.decode()
    assert "DWSE" in page  # the R1 reason it will be declared inadmissible on
    assert 'name="motivation"' in page

    empty = reviewer_client.post(url, {"decided_on": "2025-06-15", "motivation": ""})
    assert empty.status_code == 400
    assert "Schrijf een motivering" in empty.content.decode()
    future = reviewer_client.post(url, {"decided_on": "2025-06-16", "motivation": "Geen label."})
    assert future.status_code == 400
    assert not Decision.objects.exists()

    done = reviewer_client.post(url, {"decided_on": "2025-06-15", "motivation": "Geen label."})
    assert done.status_code == 302
    assert done["Location"] == reverse("reviewer:application", args=[app.pk])
    app.refresh_from_db()
    assert app.status == "inadmissible"
    assert Letter.objects.filter(application=app, kind="inadmissibility").exists()
    after = reviewer_client.get(done["Location"]).content.decode()
    assert "Geen label." in after
    assert url not in after  # no second time
    again = reviewer_client.post(url, {"decided_on": "2025-06-15", "motivation": "Nog eens."})
    assert again.status_code == 302  # closed: back to the dossier, nothing changes
    assert Decision.objects.count() == 1
    done_page = reviewer_client.get(reverse("reviewer:decision", args=[app.pk]))
    assert "onontvankelijk verklaard" in done_page.content.decode()


def test_an_admissible_dossier_offers_no_inadmissibility(
    reviewer_client: Client, organisation: Organisation
) -> None:
    app = application(organisation, recognised=True)
    url = reverse("reviewer:inadmissibility", args=[app.pk])
    dossier = reviewer_client.get(reverse("reviewer:application", args=[app.pk])).content.decode()
    assert url not in dossier
    page = reviewer_client.get(url).content.decode()
    assert "volledig (R14) en ontvankelijk (R1)" in page
    refused = reviewer_client.post(url, {"decided_on": "2025-06-15", "motivation": "x"})
    assert refused.status_code == 422
    assert not Decision.objects.exists()


def test_an_applicant_cannot_open_the_inadmissibility_page(
    staff: Client, organisation: Organisation
) -> None:
    app = application(organisation, recognised=False)
    response = staff.get(reverse("reviewer:inadmissibility", args=[app.pk]))
    assert response.status_code in (302, 403)
    assert not Decision.objects.exists()


# --- applicant: Aanvraag intrekken ------------------------------------------------------------


def test_applicant_withdraws_after_confirmation(staff: Client, organisation: Organisation) -> None:
    app = application(organisation, recognised=True)
    url = reverse("applicant:application_withdraw", args=[app.pk])
    dossier = staff.get(reverse("applicant:application", args=[app.pk])).content.decode()
    assert url in dossier and "Aanvraag intrekken" in dossier

    confirm = staff.get(url).content.decode()
    assert "kan niet ongedaan gemaakt worden" in confirm
    assert "Ja, trek de aanvraag in" in confirm
    assert not Decision.objects.exists()  # the GET only asks

    early = staff.post(url, {"withdrawn_on": "2025-01-09", "reason": ""})  # before receipt
    assert early.status_code == 400
    late = staff.post(url, {"withdrawn_on": "2025-06-16", "reason": ""})  # tomorrow
    assert late.status_code == 400
    assert not Decision.objects.exists()

    done = staff.post(url, {"withdrawn_on": "2025-06-15", "reason": "Geen capaciteit meer."})
    assert done.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.overdue_since) == ("withdrawn", None)
    page = staff.get(done["Location"]).content.decode()
    assert "ingetrokken" in page.lower() and "Geen capaciteit meer." in page
    assert url not in page
    again = staff.post(url, {"withdrawn_on": "2025-06-15"})
    assert again.status_code == 302
    assert Decision.objects.count() == 1


def test_applicant_of_another_organisation_cannot_withdraw(
    client: Client,
    make_user: Callable[..., User],
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    app = application(organisation, recognised=True)
    client.force_login(make_user("applicant", other_organisation))
    url = reverse("applicant:application_withdraw", args=[app.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"withdrawn_on": "2025-06-15"}).status_code == 404
    assert not Decision.objects.exists()


# --- reviewer: expertise per framework (R13) --------------------------------------------------


def test_reviewer_judges_expertise_otherwise_for_one_framework(
    reviewer_client: Client, organisation: Organisation
) -> None:
    app = application(organisation, recognised=True, frameworks=("maatwerk", "lde"))
    url = reverse("reviewer:decision", args=[app.pk])
    form = reviewer_client.get(url).content.decode()
    assert 'name="expertise_lde_met"' in form and 'name="expertise_maatwerk_met"' in form
    data = {"decided_on": "2025-06-15", "starts_on": "", "action": "decide"}
    for code in CONDITIONS:
        data[f"{code}_met"] = "yes"
        data[f"{code}_motivation"] = "Concreet aangetoond."
    data["expertise_lde_met"] = "no"
    data["expertise_lde_motivation"] = "Geen ervaring met werkzoekenden in de LDE."
    check = reviewer_client.post(url, data)
    assert check.status_code == 200
    assert "Controleer en bevestig de beslissing" in check.content.decode()
    assert not Decision.objects.exists()  # the confirm step writes nothing yet
    response = reviewer_client.post(url, {**data, "action": "confirm"})
    assert response.status_code == 302, response.content.decode()[:2000]
    mandate = Mandate.objects.get(application=app)
    assert mandate.framework_list == ["maatwerk"]
    decision = Decision.objects.get(application=app)
    assert decision.outcome == "approved"
    assert {(j.framework, j.met) for j in decision.judgements.filter(condition="expertise")} == {
        ("maatwerk", True),
        ("lde", False),
    }
    done = reviewer_client.get(url).content.decode()
    assert "Geen ervaring met werkzoekenden in de LDE." in done


def test_a_single_framework_form_has_no_per_framework_fields(
    reviewer_client: Client, organisation: Organisation
) -> None:
    app = application(organisation, recognised=True)
    form = reviewer_client.get(reverse("reviewer:decision", args=[app.pk])).content.decode()
    assert "expertise_maatwerk_met" not in form
