"""The reviewer sees every signature beside its evidence, with the reason in words."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import MandateApplication
from doorstroom.organisations.models import Organisation
from tests.conftest import make_pdf
from tests.signatures.conftest import Pki, tamper

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
        signatories=[
            mandates.SignatoryInput(name="Jan Peeters"),
            mandates.SignatoryInput(name="Anna Vermeulen"),
        ],
    )


def add(application: MandateApplication, data: bytes, name: str) -> None:
    mandates.evidence_add(
        application=application, condition="results", file=io.BytesIO(data), original_name=name
    )


def test_dossier_shows_valid_tampered_untrusted_and_unsigned(
    reviewer_client: Client,
    application: MandateApplication,
    pki: Pki,
    trust_roots: Path,
    django_assert_max_num_queries: Any,
) -> None:
    add(application, pki.signed_by(pki.person("Jan", "Peeters")), "geldig.pdf")
    add(application, tamper(pki.signed_by(pki.person("Anna", "Vermeulen"))), "gewijzigd.pdf")
    add(application, pki.signed_by(pki.person("Anna", "Vermeulen", issuer="other")), "vreemd.pdf")
    add(application, make_pdf(), "scan.pdf")
    with django_assert_max_num_queries(20):
        response = reviewer_client.get(reverse("reviewer:application", args=[application.pk]))
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "geldige eID-handtekening" in html
    assert "Telt als eID-handtekening van ondertekenaar Jan Peeters." in html
    assert "gewijzigd of beschadigd" in html
    assert "het document is na het ondertekenen gewijzigd of beschadigd" in html
    assert "niet vertrouwd" in html
    assert "Onbekende CA" in html
    assert "Geen elektronische handtekening in dit bestand." in html
    # The R14 summary says per signatory where a valid eID signature was found.
    assert "Jan Peeters: ja, in geldig.pdf" in html
    assert (
        "Anna Vermeulen: nee: niet bij een ontvangen e-mail geregistreerd en geen geldige "
        "eID-handtekening in de bewijsstukken"
    ) in html
