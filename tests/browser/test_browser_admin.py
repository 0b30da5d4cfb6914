"""The functional administrator in a real browser: lands on /beheer/, creates a user, registers
an organisation with a DWSE recognition, a site and its local network, and opens an ESF call.

Every page reached is checked with axe-core (WCAG 2.1 A/AA) at 1280 px, and again at 375 px
(without horizontal scrolling); the start page is saved as docs/screenshots/admin.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "admin.png"


def _alert(page: Any) -> str:
    return str(page.get_by_role("alert").inner_text())


def test_the_administrator_manages_users_organisations_and_calls(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    make_login_user("beheerder", "admin")
    page.set_viewport_size({"width": 1280, "height": 900})
    visited: list[str] = []

    def check() -> None:
        assert_accessible(page)
        visited.append(page.url)

    login(page, "beheerder")
    page.wait_for_url("**/beheer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beheer")
    check()
    save_screenshot(page, SCREENSHOT)

    # an organisation: a wrong enterprise number first, then right
    page.get_by_role("link", name="Organisaties").first.click()
    check()
    page.get_by_role("link", name="Nieuwe organisatie").click()
    page.get_by_label("Ondernemingsnummer").fill("0403.170.702")
    page.get_by_label("Naam", exact=True).fill("Jobkracht Gent vzw")
    page.get_by_label("Postcode").fill("9000")
    page.get_by_role("button", name="Opslaan").click()
    assert "Vul een geldig ondernemingsnummer in, zoals 0403.170.701." in _alert(page)
    check()
    page.get_by_label("Ondernemingsnummer").fill("0403.170.701")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De organisatie is geregistreerd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobkracht Gent vzw")
    check()
    organisation_url = page.url

    # its DWSE recognition: the end before the start is refused
    page.get_by_role("link", name="Erkenning toevoegen").click()
    page.get_by_label("Labelnummer").fill("L-2024-1")
    page.get_by_label("Registratienummer").fill("R-2024-1")
    page.get_by_label("Geldig vanaf").fill("2024-01-01")
    page.get_by_label("Geldig tot en met").fill("2023-12-31")
    page.get_by_role("button", name="Opslaan").click()
    assert "De einddatum mag niet vóór de begindatum liggen." in _alert(page)
    check()
    page.get_by_label("Geldig tot en met").fill("")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De erkenning is toegevoegd.")).to_be_visible()

    # a site and the local network
    page.get_by_role("link", name="Vestiging toevoegen").click()
    check()
    page.get_by_label("Naam van de vestiging").fill("Antenne Hasselt")
    page.get_by_label("Postcode").fill("3500")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="Hasselt", exact=True)).to_be_visible()
    page.get_by_role("link", name="Lokaal netwerk wijzigen").click()
    page.get_by_label("Gemeenten van het lokale netwerk").fill("Gent, Atlantis")
    page.get_by_role("button", name="Opslaan").click()
    assert "Deze gemeenten kennen we niet: Atlantis." in _alert(page)
    check()
    page.get_by_label("Gemeenten van het lokale netwerk").fill("Gent, Hasselt")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het lokale netwerk is bewaard.")).to_be_visible()
    check()

    # a user of that organisation: an applicant without organisation is refused
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gebruikers").click()
    check()
    page.get_by_role("link", name="Nieuwe gebruiker").click()
    page.get_by_label("Gebruikersnaam").fill("an.peeters")
    page.get_by_label("Rol").select_option("applicant")
    page.get_by_role("button", name="Opslaan").click()
    assert "Een aanvrager hoort bij een organisatie." in _alert(page)
    check()
    page.get_by_label("Organisatie").select_option(label="Jobkracht Gent vzw (0403.170.701)")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De gebruiker is aangemaakt.")).to_be_visible()
    check()
    page.get_by_role("link", name="Rol en toegang wijzigen").click()
    check()

    # an ESF call: closing before it opens is refused
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="ESF-oproepen"
    ).click()
    check()
    page.get_by_role("link", name="Nieuwe oproep").click()
    page.get_by_label("Code van de oproep").fill("433")
    page.get_by_label("Titel").fill("Doorstroombegeleiding 2028")
    page.get_by_label("Opent op").fill("2028-03-01")
    page.get_by_label("Sluit op").fill("2028-01-31")
    page.get_by_role("button", name="Opslaan").click()
    assert "De oproep kan niet sluiten vóór hij opent." in _alert(page)
    check()
    page.get_by_label("Sluit op").fill("2028-12-31")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De oproep is aangemaakt.")).to_be_visible()
    check()

    # the register import: its page and a trial import's report
    page.goto(f"{live_server.url}/beheer/")
    page.get_by_role("link", name="Registers importeren").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registers importeren")
    check()
    register = "ondernemingsnummer,naam,postcode\n0202.239.951,Werkwinkel Brugge vzw,8000\n"
    page.get_by_label("Registerbestand").set_input_files(
        files=[{"name": "organisaties.csv", "mimeType": "text/csv", "buffer": register.encode()}]
    )
    page.get_by_role("button", name="Bestand controleren").click()
    page.get_by_text("Alle rijen zijn in orde. Er is nog niets bewaard.").wait_for()
    check()

    # the Django admin's "Website bekijken" leads back here, not into the admin
    page.goto(f"{live_server.url}/admin/")
    assert page.get_by_role("link", name="Website bekijken").get_attribute("href") == "/beheer/"
    assert_accessible(page)

    # every page again on a phone: accessible, no horizontal scrolling
    page.set_viewport_size({"width": 375, "height": 800})
    for url in [*dict.fromkeys(visited), organisation_url]:
        if url.endswith(("/nieuw/", "/wijzigen/", "/lokaal-netwerk/")):
            continue  # a form page's GET shows no error: its POSTed state was checked above
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
        assert_accessible(page)
    for path in ("organisaties/nieuw/", "gebruikers/nieuw/", "oproepen/nieuw/"):
        page.goto(f"{live_server.url}/beheer/{path}")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("alert")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        assert_accessible(page)
