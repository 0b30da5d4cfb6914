"""The "Brieven" section on the reviewer's dossier and the applicant's application page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.letters.models import Letter
from doorstroom.letters.services import letter_render
from doorstroom.mandates import services as mandates
from doorstroom.organisations.models import Organisation
from tests.conftest import ALL_MET, complete_application
from tests.letters.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(organisation: Organisation) -> Any:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    mandates.decision_create(
        application=app, decided_on=date(2022, 3, 1), starts_on=None, conditions=ALL_MET
    )
    return app


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_reviewer_dossier_lists_and_serves_letters(
    client: Client, make_user: Callable[..., User], decided: Any
) -> None:
    login(client, make_user("reviewer"))
    letter = letter_render(letter=Letter.objects.get(kind="decision"))
    page = client.get(reverse("reviewer:application", args=[decided.pk])).content.decode()
    assert '<h2 id="brieven">Brieven</h2>' in page
    assert "Ontvangstbevestiging" in page and "Beslissing" in page
    assert letter.sha256[:12] in page
    assert letter.sha256 not in page  # shortened
    url = reverse("reviewer:letter_file", args=[decided.pk, letter.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "29 februari 2028" in pdf_text(response.content)


def test_applicant_page_lists_letters_of_its_own_organisation_only(
    client: Client,
    make_user: Callable[..., User],
    decided: Any,
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    letter = Letter.objects.get(kind="acknowledgement")
    url = reverse("applicant:letter_file", args=[decided.pk, letter.pk])
    login(client, make_user("applicant", organisation))
    page = client.get(reverse("applicant:application", args=[decided.pk])).content.decode()
    assert "Brieven" in page and url in page
    assert "wordt berekend bij de eerste download" in page
    assert client.get(url).status_code == 200
    login(client, make_user("applicant", other_organisation))
    assert client.get(url).status_code == 404
    login(client, make_user("consultant"))
    assert (
        client.get(reverse("reviewer:letter_file", args=[decided.pk, letter.pk])).status_code == 403
    )


def test_failed_checksum_goes_back_with_an_error(
    client: Client, make_user: Callable[..., User], decided: Any
) -> None:
    login(client, make_user("reviewer"))
    letter = letter_render(letter=Letter.objects.get(kind="decision"))
    with open(letter.file.path, "ab") as handle:
        handle.write(b"x")
    response = client.get(
        reverse("reviewer:letter_file", args=[decided.pk, letter.pk]), follow=True
    )
    assert response.status_code == 200
    assert "controlesom" in response.content.decode()
