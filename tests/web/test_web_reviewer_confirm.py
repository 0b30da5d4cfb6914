"""Issue 15: the mandate decision gets a "Controleer en bevestig" step (web/confirm.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Decision, Mandate
from doorstroom.organisations.models import Organisation
from doorstroom.rules.codes import CONDITIONS
from doorstroom.web import confirm
from tests.conftest import complete_application, make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reviewer_client(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("reviewer"))
    return client


def _data(action: str, met: bool = True) -> dict[str, str]:
    data = {"decided_on": clock.today().isoformat(), "starts_on": "", "action": action}
    for code in CONDITIONS:
        data[f"{code}_met"] = "yes" if met else "no"
        data[f"{code}_motivation"] = f"Motivering {code}."
    return data


def _with_evidence(organisation: Organisation, *codes: str) -> Any:
    application = complete_application(organisation, received_on=clock.today())
    for code in codes:
        mandates.evidence_add(
            application=application,
            condition=code,
            file=io.BytesIO(make_pdf()),
            original_name=f"{code}.pdf",
        )
    return application


def test_check_step_shows_the_warnings_first_and_writes_nothing(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = _with_evidence(organisation, "quality_management", "facilities")
    url = reverse("reviewer:decision", args=[application.pk])
    response = reviewer_client.post(url, _data("decide"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Controleer en bevestig de beslissing" in html
    assert not Decision.objects.exists()
    warnings = html.index("data-confirm-warnings")
    # R13's informative reason, for each condition judged met without an uploaded file
    assert html.count("werd geen bewijsstuk opgeladen") == 3
    assert warnings < html.index('class="summary"')
    assert "Mandaat toegekend" in html
    # the values travel in hidden fields to the confirmation
    assert 'type="hidden" name="results_motivation" value="Motivering results."' in html
    assert 'value="confirm"' in html and 'value="edit"' in html


def test_confirm_writes_the_decision(reviewer_client: Client, organisation: Organisation) -> None:
    application = _with_evidence(organisation, *CONDITIONS)
    url = reverse("reviewer:decision", args=[application.pk])
    check = reviewer_client.post(url, _data("decide")).content.decode()
    assert "data-confirm-warnings" not in check  # all evidence there: nothing to warn about
    response = reviewer_client.post(url, _data("confirm"))
    assert response.status_code == 302
    assert Mandate.objects.filter(application=application).exists()


def test_a_rejection_is_announced_in_the_check_step(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = _with_evidence(organisation, *CONDITIONS)
    url = reverse("reviewer:decision", args=[application.pk])
    html = reviewer_client.post(url, _data("decide", met=False)).content.decode()
    assert "Aanvraag afgewezen" in html
    assert not Decision.objects.exists()


def test_edit_goes_back_to_the_form_with_the_values_kept(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = _with_evidence(organisation, *CONDITIONS)
    url = reverse("reviewer:decision", args=[application.pk])
    response = reviewer_client.post(url, _data("edit"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Motivering results." in html
    assert "Controleer en bevestig" not in html
    assert "Er is een probleem" not in html
    assert not Decision.objects.exists()


def test_an_invalid_form_shows_errors_not_the_confirmation(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = _with_evidence(organisation, *CONDITIONS)
    data = _data("decide")
    data["quality_management_motivation"] = ""
    url = reverse("reviewer:decision", args=[application.pk])
    html = reviewer_client.post(url, data).content.decode()
    assert "Motiveer het oordeel over ‘" in html
    assert "Controleer en bevestig" not in html


def test_a_blocked_dossier_gets_the_reasons_not_the_confirmation(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )
    url = reverse("reviewer:decision", args=[application.pk])
    response = reviewer_client.post(url, _data("decide"))
    assert response.status_code == 422
    assert "Controleer en bevestig" not in response.content.decode()
    assert not Decision.objects.exists()


def test_carried_keeps_every_value_but_not_the_token_or_action() -> None:
    data = QueryDict(mutable=True)
    data.setlist("signed", ["A", "B"])
    data["csrfmiddlewaretoken"] = "x"
    data["action"] = "decide"
    data["day"] = "2025-01-02"
    assert confirm.carried(data) == [("signed", "A"), ("signed", "B"), ("day", "2025-01-02")]


def test_step_reads_the_action(rf: Any) -> None:
    assert confirm.step(rf.get("/")) == confirm.FORM
    assert confirm.step(rf.post("/", {"action": "confirm"})) == confirm.CONFIRM
    assert confirm.step(rf.post("/", {"action": "edit"})) == confirm.EDIT
    assert confirm.step(rf.post("/", {"action": "decide"})) == confirm.CHECK
    assert confirm.step(rf.post("/", {})) == confirm.CHECK


def test_the_check_step_speaks_english_when_asked(
    reviewer_client: Client, organisation: Organisation, settings: Any
) -> None:
    application = _with_evidence(organisation, "facilities")
    reviewer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("reviewer:decision", args=[application.pk])
    html = reviewer_client.post(url, _data("decide")).content.decode()
    assert "Check and confirm the decision" in html
    assert "Please note before you confirm:" in html
    assert "Record the decision for good" in html
    assert "No evidence was uploaded for the formal condition" in html
