"""The reviewer's journey in a real browser: receipts (R14), decision (R13), mandate (R3)."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from doorstroom.common import clock
from doorstroom.rules.codes import CONDITION_LABELS_NL, CONDITIONS
from doorstroom.rules.mandates import mandate_period
from doorstroom.rules.reasons import MONTHS_NL
from tests.browser.conftest import follow, save_screenshot
from tests.factories import enterprise_number

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Aanvraag mandaat doorstroombegeleiding"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "reviewer.png"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def dutch(day: date) -> str:
    """A date as the pages write it in Dutch: 7 december 2026."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def recognised(i: int, name: str) -> Any:
    from doorstroom.organisations import services as organisations

    organisation = organisations.organisation_create(
        enterprise_number=enterprise_number(6_000_000 + i), name=name, postal_code="9000"
    )
    organisations.recognition_create(
        organisation=organisation,
        label_number=f"L-{i}",
        registration_number=f"R-{i}",
        valid_from=date(2020, 1, 1),
        valid_until=None,
    )
    return organisation


def application(organisation: Any, signatories: list[str], evidence: bool = True) -> Any:
    from doorstroom.mandates import services as mandates
    from tests.conftest import make_pdf

    app = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk", "lde"],
        signatories=[mandates.SignatoryInput(name=n, function="bestuurder") for n in signatories],
    )
    for code in CONDITIONS if evidence else ():
        mandates.evidence_add(
            application=app,
            condition=code,
            file=io.BytesIO(make_pdf()),
            original_name=f"{code}.pdf",
        )
    return app


def email(app: Any, received_on: date, signed: list[str]) -> None:
    from doorstroom.mandates import services as mandates

    mandates.receipt_register(
        application=app,
        channel="email",
        received_on=received_on,
        subject=SUBJECT,
        eid_signed_by=signed,
    )


def test_a_reviewer_registers_both_receipts_and_approves_it(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    organisation = recognised(1, "Jobkracht Gent vzw")
    app = application(organisation, ["Els Peeters", "Jan Janssens"])
    make_login_user("beoordelaar", "reviewer")
    today = clock.today()

    login(page, "beoordelaar")
    page.wait_for_url("**/beoordeling/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Inbox"))
    assert_accessible(page)

    follow(page, page.get_by_role("link", name=app.reference))
    expect(
        page.get_by_role("heading", name="Formele voorwaarden en bewijsstukken (R13)")
    ).to_be_visible()
    expect(page.get_by_role("link", name="quality_management.pdf")).to_be_visible()
    assert_accessible(page)

    # 1. the e-mail: one of the two signatories signed with eID, so the original is still needed
    follow(page, page.get_by_role("link", name="Ontvangst registreren"))
    assert_accessible(page)
    page.get_by_label("e-mail", exact=True).check()
    page.get_by_label("Ontvangen op").fill((today - timedelta(days=2)).isoformat())
    page.get_by_label("Onderwerp van de e-mail").fill(SUBJECT)
    page.get_by_label("Els Peeters").check()
    page.get_by_role("button", name="Ontvangst registreren").click()
    banner = page.locator(".banner--warning")
    expect(banner).to_contain_text("nog onvolledig")
    assert_accessible(page)

    # 2. the registered letter completes the submission
    page.get_by_role("link", name="Ontvangst registreren").click()
    page.get_by_label("aangetekende brief", exact=True).check()
    page.get_by_label("Ontvangen op").fill(today.isoformat())
    page.get_by_label("Zendingsnummer van de aangetekende brief").fill("RR123456789BE")
    page.get_by_role("button", name="Ontvangst registreren").click()
    expect(page.locator(".banner--success")).to_contain_text("De indiening is volledig sinds")
    assert_accessible(page)
    # the letters: an acknowledgement per channel and the request for the paper original
    letters = page.get_by_role("table", name="Brieven van de Dienst samenwerking over dit dossier")
    assert letters.get_by_role("link", name="Ontvangstbevestiging").count() == 2
    assert letters.get_by_role("link", name="Vraag om ontbrekende stukken").count() == 1
    with page.expect_download() as download:
        letters.get_by_role("link", name="Vraag om ontbrekende stukken").click()
    assert download.value.suggested_filename.startswith("brief-missing-items-MDB-")

    # 3. the decision: an empty form first (errors), then all five met
    follow(page, page.get_by_role("link", name="Beslissen"))
    assert_accessible(page)
    page.get_by_role("button", name="Beslissing registreren").click()
    page.get_by_role("alert").wait_for(state="visible")  # the answer is a new page: wait for it
    assert_accessible(page)

    # R3 bis: a new mandate starts on its decision date; typing it shows the same period.
    start = today
    period = mandate_period(starts_on=start)
    page.get_by_label("Startdatum van het mandaat").fill(start.isoformat())
    page.get_by_label("Startdatum van het mandaat").dispatch_event("change")
    preview = page.locator("#mandaat-voorbeeld")
    until = dutch(period.valid_until)
    preview.get_by_text(until).wait_for()  # htmx swapped in the new dates
    expect(preview).to_contain_text(dutch(start))
    for code in CONDITIONS:
        label = CONDITION_LABELS_NL[code]
        group = page.get_by_role("group", name=f"Is aan ‘{label}’ voldaan?")
        group.get_by_label("Voldaan", exact=True).check()
        page.get_by_label(f"Motivering voor ‘{label}’").fill("Concreet aangetoond.")
    page.get_by_role("button", name="Beslissing registreren").click()
    # issue 15: "Controleer en bevestig" before the decision is written
    page.get_by_role("heading", name="Controleer en bevestig de beslissing").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Beslissing definitief registreren").click()

    panel = page.locator(".panel")
    expect(panel).to_contain_text("Mandaat toegekend")
    expect(panel).to_contain_text(f"Geldig van {dutch(start)} tot en met {until}")
    assert_accessible(page)

    page.get_by_role("link", name="Naar het mandatenregister").click()
    row = page.get_by_role("row").filter(has_text="Jobkracht Gent vzw")
    expect(row).to_contain_text("actief")  # started today (R3 bis: on its decision date)
    assert_accessible(page)


def test_signatures_beside_the_evidence_are_readable_and_accessible(
    page: Any,
    live_server: Any,
    login: Any,
    make_login_user: Any,
    assert_accessible: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    from doorstroom.mandates import services as mandates
    from doorstroom.signatures import trust
    from tests.signatures.conftest import Pki, root_ca, tamper

    root = root_ca("Test Belgium Root CA")
    pki = Pki(root=root, citizen_ca=root.sub_ca("Test Citizen CA"), other_root=root_ca("Vreemd"))
    (tmp_path / "roots.pem").write_bytes(root.pem())
    settings.EID_TRUST_ROOTS = str(tmp_path / "roots.pem")
    trust._cached.cache_clear()
    app = application(
        recognised(2, "Springplank Brugge vzw"), ["Els Peeters", "Jan Janssens"], False
    )
    for name, data in [
        ("ondertekend.pdf", pki.signed_by(pki.person("Els", "Peeters"))),
        ("gewijzigd.pdf", tamper(pki.signed_by(pki.person("Jan", "Janssens")))),
    ]:
        mandates.evidence_add(
            application=app, condition="methodology", file=io.BytesIO(data), original_name=name
        )
    make_login_user("beoordelaar", "reviewer")
    login(page, "beoordelaar")
    page.wait_for_url("**/beoordeling/")
    page.goto(f"{live_server.url}/beoordeling/aanvragen/{app.pk}/")
    signatures = page.get_by_role("list", name="Handtekeningen in gewijzigd.pdf")
    expect(signatures).to_contain_text("Telt niet:")
    expect(signatures).to_contain_text("gewijzigd of beschadigd")
    valid = page.get_by_role("list", name="Handtekeningen in ondertekend.pdf")
    expect(valid).to_contain_text("Telt als eID-handtekening van ondertekenaar Els Peeters.")
    assert_accessible(page)
    trust._cached.cache_clear()


def test_inbox_screenshot_with_several_applications(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    today = clock.today()
    email(application(recognised(11, "Te Laat vzw"), ["An"], False), today - timedelta(90), ["An"])
    email(
        application(recognised(12, "Werkpunt Hasselt vzw"), ["Bart"], False),
        today - timedelta(days=55),
        ["Bart"],
    )
    email(
        application(recognised(13, "De Overstap vzw"), ["Cas", "Dirk"], False),
        today - timedelta(days=4),
        ["Cas"],
    )
    application(recognised(14, "Springplank Brugge vzw"), ["Eva"], False)
    email(application(recognised(15, "Atelier Leuven vzw"), ["Fien"], False), today, ["Fien"])
    make_login_user("beoordelaar", "reviewer")

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "beoordelaar")
    page.wait_for_url("**/beoordeling/")
    assert page.locator("table").count() == 5
    assert_accessible(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    save_screenshot(page, SCREENSHOT)

    # phone width: still accessible, nothing essential hidden
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page)


def test_a_reviewer_attaches_a_queued_message_by_hand(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    from doorstroom.intake import services as intake
    from tests.conftest import make_pdf
    from tests.intake.test_intake_email import make_eml

    app = application(recognised(21, "Jobkracht Gent vzw"), ["An"], False)
    raw = make_eml(
        sender="onbekend@example.org",
        message_id="<browser@example.org>",
        body="Goedendag, in bijlage ons dossier <b>doorstroom</b>.",
        sent=f"{clock.today().isoformat()} 09:00",
        attachments=[("deskundigheid.pdf", "application/pdf", make_pdf())],
    )
    assert intake.email_ingest(raw=raw, received_by=None).status == "unmatched"
    intake.email_ingest(raw=b"\x00 geen e-mail", received_by=None)
    make_login_user("beoordelaar", "reviewer")

    login(page, "beoordelaar")
    page.wait_for_url("**/beoordeling/")
    page.get_by_role("link", name="1 bericht wacht op koppeling").click()
    page.wait_for_url("**/beoordeling/berichten/")
    assert page.locator("tbody tr").count() == 2
    assert_accessible(page)

    page.get_by_role("link", name=SUBJECT).click()
    page.wait_for_url("**/beoordeling/berichten/*/")
    assert "deskundigheid.pdf" in page.content()
    assert_accessible(page)

    page.get_by_label("Dossiernummer").fill("MDB-999999")
    page.get_by_role("button", name="Koppelen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Dossiernummer").fill("")
    page.get_by_label("Of kies een lopende aanvraag").select_option(str(app.pk))
    page.get_by_role("button", name="Koppelen").click()
    page.wait_for_url(f"**/beoordeling/aanvragen/{app.pk}/")
    assert "gekoppeld aan" in page.content()
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_issue15_the_reviewer_confirms_a_decision_and_reads_one_truth_per_fact(
    page: Any,
    live_server: Any,
    login: Any,
    make_login_user: Any,
    assert_accessible: Any,
    width: int,
) -> None:
    """Issue 15 at desktop and phone width: the dossier's facts agree, "Beslissen" leads once
    complete, the confirm step warns about missing evidence first, the register counts years."""
    from doorstroom.mandates import services as mandates
    from tests.conftest import make_pdf

    page.set_viewport_size({"width": width, "height": 900})
    organisation = recognised(2, "Werkpunt Aalst vzw")
    app = application(organisation, ["Els Peeters"], evidence=False)
    for code in CONDITIONS[:3]:
        mandates.evidence_add(
            application=app,
            condition=code,
            file=io.BytesIO(make_pdf()),
            original_name=f"{code}.pdf",
        )
    today = clock.today()
    email(app, today - timedelta(days=1), ["Els Peeters"])
    make_login_user("beoordelaar", "reviewer")
    login(page, "beoordelaar")
    page.wait_for_url("**/beoordeling/")
    page.get_by_role("link", name=app.reference).click()

    # one truth per fact: the eID row agrees with the receipt; "Beslissen" is the primary action
    expect(page.locator("[data-eid-signatory]").first).to_have_text(re.compile(r"^Els Peeters: ja"))
    expect(page.get_by_text(f"Volledig sinds {dutch(today - timedelta(days=1))}")).to_be_visible()
    decide = page.locator(".button-group a").first
    assert decide.inner_text() == "Beslissen" and "button--secondary" not in (
        decide.get_attribute("class") or ""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)

    decide.click()
    for code in CONDITIONS:
        label = CONDITION_LABELS_NL[code]
        page.get_by_role("group", name=f"Is aan ‘{label}’ voldaan?").get_by_label(
            "Voldaan", exact=True
        ).check()
        page.get_by_label(f"Motivering voor ‘{label}’").fill("Aangetoond in het dossier.")
    page.get_by_role("button", name="Beslissing registreren").click()

    # the confirm step: the warnings first, nothing written yet
    page.get_by_role("heading", name="Controleer en bevestig de beslissing").wait_for()
    warnings = page.locator("[data-confirm-warnings]")
    assert warnings.get_by_text("werd geen bewijsstuk opgeladen").count() == 2
    assert warnings.bounding_box()["y"] < page.locator(".confirm .summary").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    page.get_by_role("button", name="Wijzigen").click()
    assert page.get_by_label("Motivering voor ‘kwaliteitsvolle bedrijfsvoering’").input_value()
    page.get_by_role("button", name="Beslissing registreren").click()
    page.get_by_role("button", name="Beslissing definitief registreren").click()
    expect(page.locator(".panel")).to_contain_text("Mandaat toegekend")
    assert_accessible(page)

    # the register: chart and table count the same years; the name links to the dossier
    page.goto(f"{live_server.url}/beoordeling/mandaten/")
    years = page.locator("[data-expiry-year] th").all_inner_texts()
    assert years == [t for t in page.locator("svg.chart text").all_text_contents() if len(t) == 4]
    page.get_by_role("link", name=re.compile("Werkpunt Aalst vzw")).first.click()
    page.wait_for_url(f"**/beoordeling/aanvragen/{app.pk}/")
    page.goto(f"{live_server.url}/beoordeling/mandaten/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
