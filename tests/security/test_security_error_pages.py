"""Production pages never leak the technical page (issue 15): with DEBUG off an unknown path,
another organisation's dossier and a defect answer the branded Dutch page (the same as 403),
never Django's URL map or a traceback; /favicon.ico answers. docs/security.md T17."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.test import Client, override_settings

from doorstroom.accounts.models import User
from doorstroom.organisations.models import Organisation

TECHNICAL = ("URLconf", "urlpatterns", "Traceback", "RuntimeError", "SECRET-DETAIL", "DEBUG")


def assert_branded(response: Any, status: int, title: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in page
    assert f"Foutcode {status}." in page
    assert 'lang="nl-BE"' in page and "VDAB Doorstroom" in page  # the site's own layout
    assert 'rel="icon"' in page
    for word in TECHNICAL:
        assert word not in page, word
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
@override_settings(DEBUG=False)
@pytest.mark.parametrize("path", ["/bestaat-niet/", "/partner/aanvragen/99999/", "/esf/x/y/"])
def test_an_unknown_page_is_the_branded_dutch_404(
    path: str, make_user: Callable[..., User], organisation: Organisation
) -> None:
    client = Client()
    client.force_login(make_user("applicant", organisation))
    assert_branded(client.get(path), 404, "Pagina niet gevonden")


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_another_organisations_dossier_is_the_same_404(
    make_user: Callable[..., User], organisation: Organisation, other_organisation: Organisation
) -> None:
    from tests.conftest import complete_application

    foreign = complete_application(
        other_organisation, received_on=date(2026, 3, 2), today=date(2026, 3, 2)
    )
    client = Client()
    client.force_login(make_user("applicant", organisation))
    assert_branded(client.get(f"/partner/aanvragen/{foreign.pk}/"), 404, "Pagina niet gevonden")


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_403_is_the_same_branded_page(make_user: Callable[..., User]) -> None:
    client = Client()
    client.force_login(make_user("consultant"))
    assert_branded(client.get("/partner/"), 403, "Geen toegang")


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF="tests.security.error_urls")
def test_a_defect_is_the_branded_dutch_500(make_user: Callable[..., User]) -> None:
    client = Client(raise_request_exception=False)
    assert_branded(client.get("/kapot/"), 500, "Er ging iets mis")
    client.force_login(make_user("reviewer"))
    assert_branded(client.get("/kapot/"), 500, "Er ging iets mis")
    api = client.get("/api/v1/kapot/")
    assert api.status_code == 500
    assert api["Content-Type"] == "application/problem+json"
    assert "SECRET-DETAIL" not in api.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF="tests.security.error_urls")
def test_the_500_page_renders_when_the_request_context_fails_too() -> None:
    client = Client(raise_request_exception=False)
    with mock.patch("doorstroom.web.views.render", side_effect=RuntimeError("context broken")):
        response = client.get("/kapot/")
    assert_branded(response, 500, "Er ging iets mis")


def test_the_500_page_renders_for_a_bare_request(rf: Any) -> None:
    from doorstroom.web.views import server_error

    response = server_error(rf.get("/iets/"))  # no user, no session, no middleware at all
    assert response.status_code == 500
    assert "<h1>Er ging iets mis</h1>" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_favicon_is_served() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_failed_csrf_check_is_the_branded_403(make_user: Callable[..., User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("reviewer"))
    assert_branded(client.post("/afmelden/"), 403, "Formulier verlopen")
    api = client.post("/api/v1/organisations/", {})  # a session without the CSRF token
    assert api.status_code == 403
    assert api["Content-Type"] == "application/problem+json"
