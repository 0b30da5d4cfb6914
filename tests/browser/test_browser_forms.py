"""Issue 15, forms that say the truth, in a real browser: a refused national-number search
keeps what was typed (in the browser only: app.js and sessionStorage), while the server's
answer never contains the number."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

BAD_CHECK_DIGITS = "85073003329"  # a valid birth date and serial, check digits off by one
VALID = "85.07.30-033.28"


def test_a_refused_number_search_keeps_what_was_typed_without_the_server_echoing_it(
    page: Any, login: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    make_login_user("begeleider", "consultant")
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "begeleider")
    page.wait_for_url("**/begeleiding/")
    page.get_by_role("link", name="Werknemer zoeken").click()
    field = page.get_by_role("textbox", name="Rijksregisternummer")
    field.fill(BAD_CHECK_DIGITS)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Zoeken op nummer").click()
    body = answer.value.text()
    page.wait_for_load_state()
    assert "Vul een geldig rijksregisternummer in" in body
    assert BAD_CHECK_DIGITS not in body
    assert BAD_CHECK_DIGITS not in page.url
    # The summary is first in main and has focus; the field holds what was typed.
    expect(page.locator(".error-summary")).to_be_focused()
    field = page.get_by_role("textbox", name="Rijksregisternummer")
    assert field.input_value() == BAD_CHECK_DIGITS
    assert field.get_attribute("value") in (None, "")  # restored by script, not by the server
    assert_accessible(page)

    # A search that is not refused forgets the typed number (in the field and in the tab).
    field.fill(VALID)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Zoeken op nummer").click()
    assert page.get_by_role("textbox", name="Rijksregisternummer").input_value() == ""
    kept = page.evaluate(
        "Object.keys(window.sessionStorage).filter(k => k.startsWith('doorstroom:typed:'))"
    )
    assert kept == []
