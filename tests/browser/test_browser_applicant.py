"""The applicant's journeys in a real browser, with axe-core on every page reached.

1. An applicant files an application with evidence and reads the sending instructions.
2. The partner starts a trajectory from a referral and logs an activity, an internship (one too
   long first: the R12 reason) and the outcome.
3. The application wizard by keyboard only (Tab, Space, Enter; typing text in fields).
4. The home page with data, at desktop width (screenshot) and at phone width.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from doorstroom.common import clock
from doorstroom.mandates import services as mandates
from doorstroom.organisations.models import Organisation
from doorstroom.organisations.services import organisation_create
from tests.browser.conftest import follow, save_screenshot
from tests.conftest import make_pdf
from tests.web.test_web_applicant_pages import (
    draft_application,
    make_partner_org,
    make_referral,
    make_trajectory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "applicant.png"


def _organisation() -> Organisation:
    return organisation_create(
        enterprise_number="0403.170.701",
        name="Jobkracht Gent vzw",
        postal_code="9000",
        street="Korenmarkt 1",
        email="info@jobkracht.be",
    )


def _focus_visible(page: Any) -> bool:
    """The focused element shows the focus style (outline), not colour alone."""
    return bool(
        page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
        )
    )


def _tab_to(page: Any, check: str, limit: int = 80) -> None:
    """Press Tab until ``check`` (a JS expression on ``el``) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({check}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {check}")


def test_an_applicant_files_an_application_with_evidence(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    organisation = _organisation()
    make_login_user("an.peeters", "applicant", organisation)
    login(page, "an.peeters")
    page.wait_for_url("**/partner/")
    expect(page.get_by_role("heading", level=1, name="Overzicht")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Mandaat aanvragen").first.click()
    expect(page.get_by_role("heading", name="Mandaat aanvragen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Verder naar de ondertekenaars").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the error summary, focused
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Maatwerk bij collectieve inschakeling").check()
    page.get_by_label("nieuwe aanvraag").check()
    page.get_by_role("button", name="Verder naar de ondertekenaars").click()

    expect(page.get_by_role("heading", name="Wie ondertekent de aanvraag?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Naam van ondertekenaar 1").fill("An Peeters")
    page.get_by_label("Functie van ondertekenaar 1").fill("voorzitter")
    page.get_by_role("button", name="Nog een ondertekenaar toevoegen").click()
    page.get_by_label("Naam van ondertekenaar 3").fill("Bart Maes")
    assert_accessible(page)
    page.get_by_role("button", name="Aanvraag aanmaken").click()

    expect(page.get_by_role("heading", name=re.compile(r"Aanvraag MDB-\d+"))).to_be_visible()
    expect(page.get_by_text("is aangemaakt")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Bewijs toevoegen voor professionele deskundigheid").click()
    expect(page.get_by_role("heading", name="Bewijs toevoegen")).to_be_visible()
    assert page.get_by_label("Voor welke voorwaarde is dit bewijs?").input_value() == "expertise"
    assert_accessible(page)
    # A text file dressed up as a PDF: the service's Dutch message as a form error.
    page.get_by_label("Document (PDF)").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"geen pdf"}]
    )
    page.get_by_role("button", name="Bewijs opladen").click()
    page.get_by_text("Dit is geen PDF-bestand").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Voor welke voorwaarde is dit bewijs?").select_option("expertise")
    page.get_by_label("Document (PDF)").set_input_files(
        files=[{"name": "cv-begeleiders.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}]
    )
    page.get_by_label("Korte beschrijving").fill("Cv's van de begeleiders")
    page.get_by_role("button", name="Bewijs opladen").click()
    page.get_by_text("Bewijsstuk cv-begeleiders.pdf is toegevoegd").wait_for()
    expect(page.get_by_text("1 van 5 voorwaarden met bewijs").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Naar de verzendinstructies").click()
    expect(page.get_by_role("heading", name=re.compile("versturen"))).to_be_visible()
    expect(page.get_by_text("Keizerslaan 11")).to_be_visible()
    expect(page.get_by_role("link", name="mandaatdoorstroom@vdab.be")).to_be_visible()
    expect(page.locator(".subject-line")).to_have_text("Aanvraag mandaat doorstroombegeleiding")
    expect(page.get_by_text("papieren versie niet nodig")).to_be_visible()
    assert_accessible(page)

    # The rest of the applicant's pages, each checked once.
    for name in ("Organisatie", "Aanvragen", "Toeleidingen", "Trajecten"):
        follow(
            page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name)
        )
        assert_accessible(page)
    follow(
        page,
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Organisatie"),
    )
    follow(page, page.get_by_role("link", name="Vestiging toevoegen"))
    assert_accessible(page)
    page.get_by_label("Naam van de vestiging").fill("Antenne Eeklo")
    page.get_by_label("Postcode").fill("9900")
    page.get_by_role("button", name="Vestiging bewaren").click()
    expect(page.get_by_text("De vestiging is toegevoegd.")).to_be_visible()
    follow(page, page.get_by_role("link", name="Lokaal netwerk wijzigen"))
    assert_accessible(page)
    page.get_by_label("Gemeenten van uw lokale netwerk").fill("Gent\nAtlantis")
    page.get_by_role("button", name="Lokaal netwerk bewaren").click()
    expect(page.get_by_text("Deze gemeenten kennen we niet: Atlantis.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Gemeenten van uw lokale netwerk").fill("Gent\nEeklo")
    page.get_by_role("button", name="Lokaal netwerk bewaren").click()
    expect(page.get_by_text("Het lokale netwerk is bewaard.")).to_be_visible()
    page.goto(f"{live_server.url}/partner/mandaten/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/partner/projecten/nieuw/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/partner/projecten/")
    assert_accessible(page)


def test_the_partner_logs_an_activity_an_internship_and_the_outcome(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    partner = make_partner_org()
    referral = make_referral(partner, referred_on=clock.today() - timedelta(days=30))
    make_login_user("lies.claes", "applicant", partner)
    login(page, "lies.claes")
    page.wait_for_url("**/partner/")
    assert_accessible(page)

    page.get_by_role("link", name="Traject starten voor Sofie Claes").click()
    expect(page.get_by_role("heading", name="Toeleiding van Sofie Claes")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Startdatum van het traject").fill(referral.due_on.isoformat())
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", name="Controleer en bevestig")).to_be_visible()
    expect(page.get_by_text("termijnen van het traject (R12)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start bevestigen").click()

    expect(page.get_by_role("heading", name="Traject van Sofie Claes")).to_be_visible()
    expect(page.get_by_text("Het traject is gestart.")).to_be_visible()
    expect(page.get_by_role("table", name="Termijnen per fase")).to_be_visible()
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Activiteit toevoegen"))
    assert_accessible(page)
    page.get_by_label("Datum").fill((clock.today() - timedelta(days=2)).isoformat())
    page.get_by_label("Soort activiteit").select_option(label="werkgeverscontact")
    page.get_by_label("Aantal uren").fill("1,5")
    page.get_by_label("Notitie").fill("Gesprek met Bakkerij Peeters")
    page.get_by_role("button", name="Activiteit bewaren").click()
    expect(page.get_by_text("De activiteit is bewaard.")).to_be_visible()
    expect(page.get_by_role("cell", name="Werkgeverscontact")).to_be_visible()
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Stage toevoegen"))
    assert_accessible(page)
    start = referral.due_on + timedelta(days=3)
    page.get_by_label("Naam van de stagewerkgever").fill("Bakkerij Peeters")
    page.get_by_label("Ondernemingsnummer van de stagewerkgever").fill("0202.239.951")
    page.get_by_label("Vacature").fill("Verkoper")
    page.get_by_label("Eerste stagedag").fill(start.isoformat())
    page.get_by_label("Laatste stagedag").fill((start + timedelta(days=120)).isoformat())
    page.get_by_role("button", name="Stage bewaren").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("is te lang")).to_be_visible()  # the R12 reason
    assert_accessible(page)
    page.get_by_label("Laatste stagedag").fill((start + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Stage bewaren").click()
    expect(page.get_by_text("De stage is bewaard.")).to_be_visible()
    expect(page.get_by_role("cell", name="Bakkerij Peeters", exact=True)).to_be_visible()

    follow(page, page.get_by_role("link", name="Uitkomst registreren"))
    assert_accessible(page)
    page.get_by_label("aangeworven bij een reguliere werkgever").check()
    page.get_by_label("Datum").fill((clock.today() - timedelta(days=1)).isoformat())
    page.get_by_label("Ondernemingsnummer van de werkgever").fill("0202.239.951")
    page.get_by_label("Naam van de werkgever").fill("Bakkerij Peeters")
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", name="Controleer en bevestig")).to_be_visible()
    expect(page.get_by_text("Het traject wordt afgesloten op")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Uitkomst bevestigen").click()
    expect(page.get_by_text("De uitkomst is bewaard.")).to_be_visible()
    expect(page.get_by_text("Aangeworven bij een reguliere werkgever", exact=True)).to_be_visible()
    assert page.get_by_role("link", name="Uitkomst registreren").count() == 0
    assert_accessible(page)


def test_the_application_wizard_by_keyboard_only(
    page: Any, live_server: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    organisation = _organisation()
    make_login_user("an.peeters", "applicant", organisation)
    page.goto(f"{live_server.url}/aanmelden/")
    # The username field has autofocus: wait for it before typing (under load the keys
    # could otherwise land before the focus does), and for each value before going on.
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("an.peeters")
    expect(page.locator("#id_username")).to_have_value("an.peeters")
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type("een-lang-Wachtwoord-2026")
    expect(page.locator("#id_password")).to_have_value("een-lang-Wachtwoord-2026")
    page.keyboard.press("Enter")
    page.wait_for_url("**/partner/")

    _tab_to(page, "el.textContent.trim() === 'Mandaat aanvragen'")
    assert _focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/partner/aanvragen/nieuw/")
    _tab_to(page, "el.id === 'id_frameworks_0'")
    assert _focus_visible(page)
    page.keyboard.press("Space")
    _tab_to(page, "el.name === 'kind'")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    _tab_to(page, "el.type === 'submit' && el.textContent.includes('Verder')")
    assert _focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/ondertekenaars/")

    _tab_to(page, "el.id === 'id_name_1'")
    page.keyboard.type("An Peeters")
    page.keyboard.press("Tab")
    page.keyboard.type("voorzitter")
    page.keyboard.press("Enter")  # the first button of the form: create the application
    page.wait_for_url(re.compile(r".*/partner/aanvragen/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile(r"Aanvraag MDB-\d+"))).to_be_visible()
    assert_accessible(page)

    _tab_to(page, "el.textContent.trim() === 'Naar de verzendinstructies'")
    assert _focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/versturen/")
    expect(page.get_by_text("Keizerslaan 11")).to_be_visible()
    assert_accessible(page)


def test_home_with_data_screenshot_and_phone_width(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    partner = make_partner_org("Trajectwerk Gent vzw")
    application = draft_application(partner)
    mandates.evidence_add(
        application=application,
        condition="quality_management",
        file=io.BytesIO(make_pdf()),
        original_name="kwaliteitshandboek.pdf",
    )
    make_referral(partner, given_name="Lien", family_name="Wouters")
    make_trajectory(
        partner,
        referred_on=clock.today() - timedelta(days=50),
        given_name="Jan",
        family_name="Smet",
    )
    make_login_user("staff", "applicant", partner)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "staff")
    page.wait_for_url("**/partner/")
    expect(page.get_by_role("cell", name="Lien Wouters", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Jan Smet")).to_be_visible()
    assert_accessible(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    save_screenshot(page, SCREENSHOT)

    # the approved application of the partner lists its letters (acknowledgement, decision)
    approved = partner.applications.exclude(pk=application.pk).get()
    page.goto(f"{live_server.url}/partner/aanvragen/{approved.pk}/")
    letters = page.get_by_role("table", name="Brieven van de Dienst samenwerking over dit dossier")
    expect(letters.get_by_role("link", name="Beslissing")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 360, "height": 800})
    paths = ("", "aanvragen/nieuw/", f"aanvragen/{application.pk}/", f"aanvragen/{approved.pk}/")
    for path in (*paths, "organisatie/"):
        page.goto(f"{live_server.url}/partner/{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')]"
            ".filter(e => !e.closest('.table-wrap')"
            " && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
            ".slice(0, 8).map(e => e.tagName + '.' + e.className)"
        )
        assert overflow <= 0, f"{path}: {overflow}px wider than the phone: {wide}"
        assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_issue15_the_dossier_says_what_to_do_next_and_evidence_can_be_changed(
    page: Any,
    live_server: Any,
    login: Any,
    make_login_user: Any,
    assert_accessible: Any,
    width: int,
) -> None:
    """Issue 15 at desktop and phone width: the next step first, four true steps, evidence
    removed (after "Controleer en bevestig") and replaced before sending, instructions that
    keep the number out of the subject, and no task list once VDAB received the dossier."""
    page.set_viewport_size({"width": width, "height": 900})
    organisation = _organisation()
    application = draft_application(organisation)
    make_login_user("aanvrager", "applicant", organisation)
    login(page, "aanvrager")
    page.wait_for_url("**/partner/")
    page.goto(f"{live_server.url}/partner/aanvragen/{application.pk}/")

    next_step = page.locator("[data-next-step]")
    expect(next_step).to_contain_text("Laad bewijs op voor ‘kwaliteitsvolle bedrijfsvoering’")
    assert (
        next_step.bounding_box()["y"]
        < page.get_by_role("heading", name="Stand van het dossier").bounding_box()["y"]
    )
    expect(page.get_by_text("Stap 4 van 4: dossier versturen naar VDAB")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)

    next_step.get_by_role("link", name="Bewijs toevoegen").click()
    expect(page.get_by_text("Stap 3 van 4")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Document (PDF)").set_input_files(
        files=[{"name": "handboek.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}]
    )
    page.get_by_role("button", name="Bewijs opladen").click()
    page.get_by_text("Bewijsstuk handboek.pdf is toegevoegd").wait_for()

    # replace, then remove (with the confirm step warning that the condition loses its proof)
    page.get_by_role("link", name="Vervangen handboek.pdf").click()
    expect(page.get_by_role("heading", name="Bewijs vervangen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Document (PDF)").set_input_files(
        files=[{"name": "handboek-2025.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}]
    )
    page.get_by_role("button", name="Bewijs opladen").click()
    page.get_by_text("Bewijsstuk handboek-2025.pdf is toegevoegd").wait_for()
    assert page.get_by_role("link", name="handboek.pdf", exact=True).count() == 0
    page.get_by_role("link", name="Verwijderen handboek-2025.pdf").click()
    page.get_by_role("heading", name="Controleer en bevestig").wait_for()
    expect(page.locator("[data-confirm-warnings]").get_by_text("geen bewijsstuk")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Bewijsstuk verwijderen").click()
    page.get_by_text("Bewijsstuk handboek-2025.pdf is verwijderd.").wait_for()
    assert_accessible(page)

    # the sending instructions: the number in the letter and the e-mail's text, not the subject
    page.get_by_role("link", name="Naar de verzendinstructies").click()
    expect(page.get_by_text("Stap 4 van 4")).to_be_visible()
    expect(page.get_by_text("niet in het onderwerp")).to_be_visible()
    expect(page.locator("[data-missing]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)

    # once VDAB received it: no task list, no removing, the next step says there is nothing to do
    mandates.receipt_register(
        application=application,
        channel="email",
        received_on=clock.today(),
        subject="Aanvraag mandaat doorstroombegeleiding",
        eid_signed_by=["An Peeters"],
    )
    page.goto(f"{live_server.url}/partner/aanvragen/{application.pk}/")
    expect(page.locator("[data-next-step]")).to_contain_text("U hoeft niets te doen")
    assert page.locator("[data-task-list]").count() == 0
    assert_accessible(page)
