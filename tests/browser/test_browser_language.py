"""Issue 15 in a real browser: Dutch pages for an English browser until English is chosen, and
submit buttons that show the work in progress and cannot send a form twice."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = [{"width": 1280, "height": 900}, {"width": 375, "height": 740}]


def test_an_english_browser_gets_dutch_until_english_is_chosen(
    browser: Any, live_server: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    make_login_user("beheerder", "admin")
    context = browser.new_context(locale="en-US", bypass_csp=True)  # a headless default
    page = context.new_page()
    page.goto(f"{live_server.url}/aanmelden/")
    assert page.locator("html").get_attribute("lang") == "nl-BE"
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    assert page.get_by_role("link", name="Naar de inhoud").count() == 1

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.get_by_role("link", name="Skip to content").count() == 1
    assert_accessible(page)

    # Remembered: another tab, another page, still English.
    other = context.new_page()
    other.goto(f"{live_server.url}/bestaat-niet/")
    assert other.locator("html").get_attribute("lang") == "en"
    expect(other.get_by_role("link", name="Back to the start page")).to_be_visible()
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["1280", "375"])
def test_a_submit_button_shows_progress_and_sends_once(
    browser: Any,
    live_server: Any,
    make_login_user: Any,
    assert_accessible: Any,
    viewport: dict[str, int],
) -> None:
    make_login_user("beheerder", "admin")
    context = browser.new_context(locale="nl-BE", bypass_csp=True, viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/aanmelden/")
    # A slow server, as the page sees it: every submit that gets through is counted and kept
    # on the page (listening last, on window, after the page's own listeners).
    page.evaluate(
        """() => { window.sent = 0; window.addEventListener("submit", (e) => {
             window.sent += 1; e.preventDefault(); }); }"""
    )
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill("een-lang-Wachtwoord-2026")
    button = page.get_by_role("button", name="Aanmelden")
    button.click()
    assert page.evaluate("window.sent") == 1
    assert button.get_attribute("aria-busy") == "true"
    assert button.get_attribute("aria-disabled") == "true"
    expect(button).to_contain_text("Even geduld…")
    expect(button).to_be_visible()
    assert_accessible(page)
    button.click(force=True)  # an impatient second press (Playwright sees it disabled)
    page.get_by_label("Wachtwoord").press("Enter")  # and Enter in a field
    assert page.evaluate("window.sent") == 1
    context.close()


def test_the_pressed_button_still_sends_its_value(
    page: Any, live_server: Any, make_login_user: Any
) -> None:
    """Busy buttons are not disabled before the form is read: a real submit goes through."""
    make_login_user("beheerder", "admin")
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill("een-lang-Wachtwoord-2026")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/beheer/**")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["1280", "375"])
def test_fields_an_answer_requires_appear_under_that_answer(
    browser: Any,
    live_server: Any,
    login: Any,
    make_login_user: Any,
    assert_accessible: Any,
    viewport: dict[str, int],
) -> None:
    from datetime import timedelta

    from django.urls import reverse

    from doorstroom.common import clock
    from doorstroom.esf import services as esf
    from tests.factories import make_partner

    call = esf.call_create(
        code="432",
        title="Doorstroombegeleiding 2024-2027",
        opens_on=clock.today() - timedelta(days=400),
        closes_on=clock.today() + timedelta(days=400),
    )
    # approval is offered only to an organisation with a mandate (R2)
    partner = make_partner("Werkpunt Hasselt vzw", "3500", esf_project=False)
    project = esf.project_create(organisation=partner, call=call, submitted_on=clock.today())
    make_login_user("esf", "esf_officer")
    context = browser.new_context(locale="nl-BE", bypass_csp=True, viewport=viewport)
    page = context.new_page()
    login(page, "esf")
    page.wait_for_url("**/esf/")
    page.goto(live_server.url + reverse("esf:project", args=[project.pk]))
    start = page.get_by_label("Begindatum van het project")
    end = page.get_by_label("Einddatum van het project")
    expect(start).to_be_hidden()
    expect(end).to_be_hidden()
    assert_accessible(page)
    page.get_by_label("Ja, goedkeuren").check()
    expect(start).to_be_visible()
    expect(end).to_be_visible()
    expect(page.locator("label[for='id_starts_on']")).not_to_contain_text("(optioneel)")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
    page.get_by_label("Nee, afwijzen").check()
    expect(start).to_be_hidden()
    context.close()
