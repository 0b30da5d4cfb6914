"""The ESF officer in a real browser: approves a project (R2) and reads the monitoring (R5).

Every page reached is checked with axe-core (WCAG 2.1 A/AA); the dashboard with data is saved
as docs/screenshots/esf_officer.png.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from doorstroom.common import clock
from doorstroom.esf import services as esf
from doorstroom.organisations import services as organisations
from doorstroom.web.esf.dashboard import TABLES
from tests.browser.conftest import save_screenshot
from tests.factories import make_partner
from tests.monitoring.conftest import HASSELT, chain, mandate_decision

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "esf_officer.png"


def test_an_esf_officer_approves_the_project(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    call = esf.call_create(
        code="432",
        title="Doorstroombegeleiding 2024-2027",
        opens_on=clock.today() - timedelta(days=400),
        closes_on=clock.today() + timedelta(days=400),
    )
    mandated = make_partner("Jobkracht Antwerpen vzw", "2000", esf_project=False)
    esf.project_create(organisation=mandated, call=call, submitted_on=clock.today())
    pending = organisations.organisation_create(
        enterprise_number="0403.091.220", name="Werkpunt Hasselt vzw", postal_code="3500"
    )
    esf.project_create(organisation=pending, call=call, submitted_on=clock.today())
    make_login_user("esf", "esf_officer")

    login(page, "esf")
    page.wait_for_url("**/esf/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oproepen en projecten")
    assert_accessible(page)

    # a new call with its dates the wrong way round, then right
    page.get_by_label("Code van de oproep").fill("433")
    page.get_by_label("Titel").fill("Doorstroombegeleiding 2028")
    page.get_by_label("Opent op").fill("2028-03-01")
    page.get_by_label("Sluit op").fill("2028-01-31")
    page.get_by_role("button", name="Oproep aanmaken").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("De oproep kan niet sluiten vóór hij opent.")
    assert_accessible(page)
    page.get_by_label("Sluit op").fill("2028-12-31")
    page.get_by_role("button", name="Oproep aanmaken").click()
    expect(page.get_by_text("Oproep 433 is aangemaakt.")).to_be_visible()
    assert_accessible(page)

    # without a mandate, approval is not offered (R2): the mandate application instead
    page.get_by_role("link", name="Werkpunt Hasselt vzw").click()
    expect(page.get_by_text("geen actief mandaat")).to_be_visible()
    assert page.get_by_label("Ja, goedkeuren").count() == 0
    expect(page.get_by_role("heading", name="Mandaataanvraag")).to_be_visible()
    expect(page.get_by_label("Nee, afwijzen")).to_be_visible()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    # with a mandate, the project is approved
    page.get_by_role("link", name="Oproepen en projecten").first.click()
    page.get_by_role("link", name="Jobkracht Antwerpen vzw").click()
    expect(page.get_by_text("geldig van")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ja, goedkeuren").check()
    page.get_by_label("Begindatum van het project").fill(clock.today().isoformat())
    page.get_by_label("Einddatum van het project").fill("2029-12-31")
    page.get_by_role("button", name="Controleren").click()
    # the check step: the consequences first, nothing written yet
    expect(page.get_by_role("heading", name="Controleer en bevestig")).to_be_visible()
    expect(page.get_by_text("Een goedkeuring kan niet ingetrokken")).to_be_visible()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Beslissing bevestigen").click()
    expect(page.get_by_text("Het project is goedgekeurd.")).to_be_visible()
    expect(page.get_by_text("tot en met 31 december 2029")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Oproepen").click()
    row = page.get_by_role("row").filter(has_text="Jobkracht Antwerpen vzw")
    expect(row).to_contain_text("goedgekeurd")
    assert_accessible(page)

    # phone width: the page itself never scrolls sideways, the tables scroll by keyboard too
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def not_shrunk(chart: Any) -> bool:
    """The chart is drawn at least at its own size, so its 12px labels stay 12px."""
    return bool(
        chart.evaluate(
            "svg => svg.getBoundingClientRect().width >= svg.viewBox.baseVal.width - 1"
            " && parseFloat(getComputedStyle(svg.querySelector('text')).fontSize) >= 12"
        )
    )


def test_the_esf_officer_sees_it_on_the_dashboard(
    page: Any, live_server: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    today = clock.today()
    gent = make_partner("Jobkracht Gent vzw", "9000", esf_project=False)
    hasselt = make_partner("Werkpunt Hasselt vzw", "3500", esf_project=False)
    people = []
    plan = [  # partner, days ago started, days ago ended, outcome, municipality
        (gent, 200, 120, "hired", None),
        (gent, 170, 60, "hired", None),
        (gent, 150, 40, "returned", None),
        (gent, 90, 20, "hired", None),
        (gent, 60, None, None, None),
        (hasselt, 190, 100, "stopped", HASSELT),
        (hasselt, 140, 30, "hired", HASSELT),
        (hasselt, 45, None, None, HASSELT),
    ]
    for partner, started, ended, outcome, municipality in plan:
        c = chain(
            partner,
            referred_on=today - timedelta(days=started + 5),
            started_on=today - timedelta(days=started),
            ended_on=today - timedelta(days=ended) if ended is not None else None,
            outcome=outcome,
            **({"municipality": municipality} if municipality else {}),
        )
        people.append(c.person)
    mandate_decision(gent, due_on=today - timedelta(days=80), decided_on=today - timedelta(days=90))
    mandate_decision(
        hasselt, due_on=today - timedelta(days=70), decided_on=today - timedelta(days=60)
    )
    make_login_user("esf", "esf_officer")

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "esf")
    page.wait_for_url("**/esf/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitoring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring van de doorstroom")
    assert_accessible(page)

    page.get_by_label("Van", exact=True).fill((today - timedelta(days=210)).isoformat())
    page.get_by_label("Tot en met", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Toon de cijfers").click()
    page.wait_for_url(re.compile(r".*from=.*"))
    uitstroom = page.locator(".card").filter(has=page.get_by_text("Uitstroom", exact=True))
    expect(uitstroom.locator(".card__value")).to_have_text("6")
    share = page.locator(".card").filter(has=page.get_by_text("Aandeel aangeworven", exact=True))
    expect(share.locator(".card__value")).to_have_text("66,7 %")
    partners = page.get_by_role("table", name="Uitstroom per partner")
    expect(partners).to_contain_text("Jobkracht Gent vzw")
    assert page.locator("svg.chart[role=img]").count() == len(TABLES)  # one chart per table
    # a legend under the outcome charts; the tables wrap rather than being cut at 1280 px
    legend = page.locator("#uitstroom-per-partner-heading ~ .chart-block .chart-legend")
    assert "Aangeworven" in legend.inner_text() and "Stopgezet" in legend.inner_text()
    assert page.evaluate(
        "[...document.querySelectorAll('.chart-block .table-wrap')]"
        ".every(w => w.scrollWidth <= w.clientWidth + 1)"
    )
    assert page.evaluate("document.body.scrollWidth <= document.body.clientWidth")
    # the month series as columns (one group per table row), its legend, its 12px labels
    months = page.locator("svg.chart--columns")
    assert months.count() == 1
    month_rows = page.get_by_role("table", name="Gestarte trajecten en uitstroom per maand")
    assert months.locator("text.chart__label").count() == 2 * month_rows.locator("tbody tr").count()
    month_legend = page.locator("#per-maand-heading ~ .chart-block .chart-legend")
    assert "Gestart" in month_legend.inner_text() and "Uitstroom" in month_legend.inner_text()
    assert not_shrunk(months)
    provinces = page.get_by_label(re.compile("Provincie")).locator("option").all_inner_texts()
    assert not [p for p in provinces if "Brussel" in p or "Waals" in p]
    html = page.content()
    for person in people:
        assert person.given_name not in html and person.family_name not in html
        assert person.national_number_masked not in html
    assert_accessible(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    save_screenshot(page, SCREENSHOT)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV (Uitstroom per partner)").click()
    assert download.value.suggested_filename.startswith("doorstroom-uitstroom-per-partner-")

    # phone width: nothing wider than the screen, still accessible, the charts not shrunk
    # (12px labels: each scrolls in its own box)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator("svg.chart[role=img]").first.bounding_box()
    assert box is not None and box["width"] >= 500
    assert page.evaluate("document.body.scrollWidth <= document.body.clientWidth")
    assert not_shrunk(months)
    assert_accessible(page)

    # a filter on a partner: evaluations do not apply
    page.set_viewport_size({"width": 1280, "height": 900})
    # searched by part of its name: several match, each offered as a link
    search = page.get_by_label("Partner (optioneel)")
    search.fill("vzw")
    page.get_by_role("button", name="Toon de cijfers").click()
    expect(page.locator(".error-summary")).to_be_focused()
    matches = page.get_by_role("list", name="Partners die passen:")
    expect(matches.get_by_role("link")).to_have_count(2)
    assert_accessible(page)
    matches.get_by_role("link", name="Werkpunt Hasselt vzw").click()
    evaluations = page.locator(".card").filter(has=page.get_by_text("Evaluaties", exact=True))
    expect(evaluations.locator(".card__value")).to_have_text("n.v.t.")
    expect(page.get_by_label("Partner (optioneel)")).to_have_value("Werkpunt Hasselt vzw")
    assert_accessible(page)
