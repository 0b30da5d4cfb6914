"""Dutch is the administrative language: pages are Dutch unless English was chosen with the
switch (remembered in the language cookie); the browser's Accept-Language alone never decides."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.organisations.models import Organisation

pytestmark = pytest.mark.django_db

DUTCH = '<html lang="nl-BE">'
ENGLISH = '<html lang="en">'


@pytest.fixture
def applicant(client: Client, make_user: Callable[..., User], organisation: Organisation) -> Client:
    client.force_login(make_user("applicant", organisation))
    return client


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "en", "fr-BE,fr;q=0.8,en;q=0.5", ""])
def test_a_browser_in_english_gets_dutch_pages(applicant: Client, accept: str) -> None:
    page = applicant.get(reverse("applicant:home"), HTTP_ACCEPT_LANGUAGE=accept)
    html = page.content.decode()
    assert DUTCH in html
    assert "Naar de inhoud" in html and "Skip to content" not in html
    assert page["Content-Language"] == "nl-be"
    assert "Accept-Language" not in page.get("Vary", "")


def test_the_login_page_is_dutch_for_an_english_browser(client: Client) -> None:
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert DUTCH in html
    assert "Aanmelden" in html and "Sign in" not in html


def test_english_chosen_with_the_switch_is_remembered(applicant: Client) -> None:
    home = reverse("applicant:home")
    answer = applicant.post(reverse("set_language"), {"language": "en", "next": home})
    assert answer.status_code == 302 and answer["Location"] == home
    cookie = answer.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600  # remembered, not only for this session
    # A Dutch browser does not undo the choice.
    html = applicant.get(home, HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9").content.decode()
    assert ENGLISH in html
    assert "Skip to content" in html and "Sign out" in html and "Cooperation department" in html

    applicant.post(reverse("set_language"), {"language": "nl-be", "next": home})
    html = applicant.get(home, HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert DUTCH in html and "Naar de inhoud" in html


def test_the_choice_outlives_signing_out(applicant: Client) -> None:
    applicant.post(reverse("set_language"), {"language": "en", "next": "/"})
    applicant.post(reverse("logout"))
    html = applicant.get(reverse("login")).content.decode()
    assert ENGLISH in html
    assert "Sign in with your username and password." in html


@pytest.mark.parametrize("cookie", ["fr", "xx-yy", "", "en;drop", "de"])
def test_an_unknown_language_in_the_cookie_gives_dutch(client: Client, cookie: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert DUTCH in html


def test_the_english_shell_is_complete(applicant: Client) -> None:
    """Header, footer, skip link, the (optional) marker and the login page in English."""
    applicant.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = applicant.get(reverse("applicant:home")).content.decode()
    for english in ("Skip to content", "mandates and trajectories", "Main menu", "Sign out"):
        assert english in html
    for dutch in ("Naar de inhoud", "mandaten en trajecten", "Hoofdmenu", "Afmelden"):
        assert dutch not in html
    form = applicant.get(reverse("applicant:site_add")).content.decode()
    assert "(optional)" in form and "(optioneel)" not in form


def test_the_api_keeps_its_own_negotiation(client: Client) -> None:
    """The API is not a page: Django's negotiation (Accept-Language) is unchanged there."""
    english = client.get("/api/v1/organisations/", HTTP_ACCEPT_LANGUAGE="en")
    dutch = client.get("/api/v1/organisations/", HTTP_ACCEPT_LANGUAGE="nl-BE")
    assert english.status_code == dutch.status_code == 401
    assert english.json()["detail"] != dutch.json()["detail"]
    assert "Accept-Language" in english.get("Vary", "")
