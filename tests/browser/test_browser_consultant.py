"""The consultant's journey in a real browser: evaluate, read the ranking, refer (R6–R11).

Every page reached is checked with axe-core (WCAG 2.1 A/AA); the evaluation form is also
filled in with the keyboard alone; the ranking page is saved as docs/screenshots/consultant.png.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from doorstroom.employees.models import Employee, Evaluation
from doorstroom.employees.services import PackageInput, employee_create
from doorstroom.organisations import services as organisations
from doorstroom.referrals.models import Referral
from tests.browser.conftest import follow, save_screenshot
from tests.factories import NATIONAL_NUMBER, enterprise_number, make_partner

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "consultant.png"
FORMATTED = "85.07.30-033.28"
MASKED = "85.07.30-***.**"
CRITERIA = ("personal_situation", "employer_continuity", "regional_prospects")


@pytest.fixture
def employee(transactional_db: Any) -> Employee:
    employer = organisations.organisation_create(
        enterprise_number=enterprise_number(6_300_001),
        name="Maatwerkbedrijf Gent",
        postal_code="9000",
    )
    return employee_create(
        national_number=NATIONAL_NUMBER,
        given_name="Sofie",
        family_name="Claes",
        postal_code="9000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=date(2020, 3, 1),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )


def no_national_number(page: Any) -> None:
    content = page.content()
    assert NATIONAL_NUMBER not in content and FORMATTED not in content
    assert NATIONAL_NUMBER not in page.url


def test_consultant_evaluates_reads_the_ranking_and_refers(
    page: Any,
    live_server: Any,
    login: Any,
    make_login_user: Any,
    assert_accessible: Any,
    employee: Employee,
) -> None:
    near = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    far = make_partner("Ver weg Hasselt vzw", "3500")
    make_partner("Zonder ESF vzw", "9000", esf_project=False)
    make_login_user("trajectbegeleider", "consultant")
    page.set_viewport_size({"width": 1280, "height": 900})

    login(page, "trajectbegeleider")
    page.wait_for_url("**/begeleiding/")
    expect(page.get_by_role("heading", level=1, name="Opvolging")).to_be_visible()
    assert_accessible(page)

    # Search by name (GET), then by national number (POST: not in the URL, not echoed).
    follow(page, page.get_by_role("link", name="Werknemer zoeken"))
    assert_accessible(page)
    page.get_by_role("searchbox", name="Naam").fill("Claes")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_role("cell", name=MASKED)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Rijksregisternummer").fill(FORMATTED)
    page.get_by_role("button", name="Zoeken op nummer").click()
    page.wait_for_load_state()
    expect(page.get_by_role("cell", name=MASKED)).to_be_visible()
    assert page.get_by_role("textbox", name="Rijksregisternummer").input_value() == ""
    no_national_number(page)
    assert_accessible(page)

    # The employee's file.
    page.get_by_role("link", name="Claes, Sofie").click()
    expect(page.get_by_role("heading", level=1, name="Sofie Claes")).to_be_visible()
    expect(page.get_by_text("arbeidshandicap")).to_be_visible()
    no_national_number(page)
    assert_accessible(page)

    # The evaluation, with live rule feedback after each change.
    follow(page, page.get_by_role("link", name="Nieuwe evaluatie"))
    assert_accessible(page)
    live = page.locator("#beslissing")
    assert live.get_attribute("aria-live") == "polite"
    support = page.get_by_role("group", name=re.compile("behoefte aan werkondersteunende"))
    support.get_by_label("Ja").check()
    page.locator("#beslissing [data-codes='support_still_needed']").wait_for()
    support.get_by_label("Nee").check()
    page.get_by_role("group", name=re.compile("pakket nog correct")).get_by_label("Nee").check()
    expect(page.get_by_label("Aangepaste loonpremie (%)")).to_be_visible()
    page.get_by_role("group", name=re.compile("pakket nog correct")).get_by_label("Ja").check()
    assert page.get_by_label("Aangepaste loonpremie (%)").is_hidden()
    for code in CRITERIA:
        page.locator(f"input[name='{code}_favourable'][value='yes']").check()
        page.locator(f"textarea[name='{code}_motivation']").fill("Gunstig: sterk gemotiveerd.")
    page.locator("input[name='employer_continuity_favourable'][value='no']").check()
    page.locator("#beslissing [data-codes='chances_unfavourable']").wait_for()
    page.locator("input[name='employer_continuity_favourable'][value='yes']").check()
    page.locator("#beslissing [data-codes='']").wait_for()
    expect(page.locator("#beslissing .tag")).to_have_text("Doorstroom")
    assert_accessible(page)

    # A start date in the past: the service refuses it (422), shown on the field.
    page.get_by_label("Doorstroomtraject later laten starten op").fill("2020-01-02")
    page.get_by_role("button", name="Evaluatie opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_transition_starts_on_error")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Doorstroomtraject later laten starten op").fill("")
    page.get_by_role("button", name="Evaluatie opslaan").click()

    # The ranking: near first, far second, the load labelled as unused (R11).
    page.wait_for_url("**/rangschikking/")
    expect(
        page.get_by_role("heading", level=1, name="Rangschikking van de partners")
    ).to_be_visible()
    rows = page.locator("table.ranking tbody tr")
    expect(rows.nth(0).get_by_role("rowheader")).to_have_text(near.name)
    expect(rows.nth(1).get_by_role("rowheader")).to_have_text(far.name)
    assert re.search(r"\d+,\d", rows.nth(1).locator("td").nth(2).inner_text())
    expect(page.get_by_text("niet gebruikt voor de toewijzing (R11)")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Zonder ESF vzw")).to_be_visible()
    assert_accessible(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    save_screenshot(page, SCREENSHOT)
    # Each factor labelled once, the score with its scale, one distance for both pages.
    text = page.locator("table.ranking").inner_text()
    assert "Ervaring: Ervaring" not in text and " van 1" in text
    far_km = re.search(r"\d+,\d km", rows.nth(1).locator("td").nth(2).inner_text())
    assert far_km is not None
    ranking_url = page.url
    # At a phone's width the ranking is a list: labelled values, no row of empty headers.
    page.set_viewport_size({"width": 375, "height": 800})
    assert (
        not page.locator("table.ranking thead").is_visible()
        or page.evaluate("getComputedStyle(document.querySelector('table.ranking thead')).position")
        == "absolute"
    )
    assert page.evaluate(
        "getComputedStyle(document.querySelector('table.ranking td[data-label]'), '::before')"
        ".content"
    ).startswith('"')
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.url == ranking_url

    # The referral: another than the first needs a reason (R10).
    page.get_by_role("link", name="Partner kiezen en toeleiden").click()
    assert page.get_by_role("radio", name=re.compile(near.name)).is_checked()
    assert page.get_by_role("radio", name=re.compile(far_km.group(0))).count() == 1
    assert_accessible(page)
    page.get_by_role("radio", name=re.compile(far.name)).check()
    page.get_by_role("button", name="Toeleiden").click()
    expect(page.locator("#id_override_reason_error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reden om niet de eerste partner te kiezen").fill(
        "De werknemer verhuist binnenkort naar Hasselt."
    )
    page.get_by_role("button", name="Toeleiden").click()
    expect(page.get_by_role("heading", level=1, name=f"Toegeleid naar {far.name}")).to_be_visible()
    assert_accessible(page)
    assert Referral.objects.get().chosen_rank == 2

    # Back on the follow-up list, and the trajectories list.
    page.get_by_role("link", name="Terug naar de opvolging").click()
    expect(page.get_by_role("link", name=re.compile(far.name))).to_be_visible()
    assert page.locator("main table").count() == 0  # a short queue, not long tables
    no_national_number(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    follow(page, page.get_by_role("link", name="Alle trajecten"))
    assert_accessible(page)

    # On a phone: nothing wider than the screen but the scrolling table wrappers.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/begeleiding/werknemers/{employee.pk}/evaluatie/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_evaluation(
    page: Any,
    live_server: Any,
    login: Any,
    make_login_user: Any,
    assert_accessible: Any,
    employee: Employee,
) -> None:
    make_login_user("trajectbegeleider", "consultant")
    login(page, "trajectbegeleider")
    page.wait_for_url("**/begeleiding/")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/begeleiding/werknemers/{employee.pk}/evaluatie/")
    assert_accessible(page)

    tab_to(page, "input[name='needs_support'][value='yes']")
    page.keyboard.press("Space")
    page.locator("#beslissing [data-codes='support_still_needed']").wait_for()
    assert page.evaluate("document.activeElement.name") == "needs_support"  # focus stays
    tab_to(page, "input[name='package_still_correct'][value='yes']")
    page.keyboard.press("Space")
    tab_to(page, "textarea[name='personal_situation_motivation']")
    page.keyboard.type("Nog veel begeleiding nodig op de werkvloer.")
    tab_to(page, "button[type='submit']:not([name])")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/begeleiding/werknemers/{employee.pk}/")
    expect(page.get_by_text("De evaluatie is opgeslagen: geen doorstroom.")).to_be_visible()
    evaluation = Evaluation.objects.get()
    assert evaluation.decision == "no_transition"
    assert evaluation.package_still_correct is True
    assert_accessible(page)
    assert errors == []  # no script error


def test_live_feedback_works_under_the_real_content_security_policy(
    browser: Any, live_server: Any, make_login_user: Any, employee: Employee
) -> None:
    """The shared context bypasses the CSP (to inject axe); this one enforces it."""
    make_login_user("trajectbegeleider", "consultant")
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill("trajectbegeleider")
    page.get_by_label("Wachtwoord").fill("een-lang-Wachtwoord-2026")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/begeleiding/")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/begeleiding/werknemers/{employee.pk}/evaluatie/")
    page.locator("input[name='needs_support'][value='yes']").check()
    page.locator("#beslissing [data-codes='support_still_needed']").wait_for()
    context.close()
    assert [e for e in errors if "favicon" not in e] == []
