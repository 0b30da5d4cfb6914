"""The shell every page shares: login, language switch, error pages, accessibility."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_is_accessible_and_shows_errors(
    page: Any, live_server: Any, login: Any, assert_accessible: Any, make_login_user: Any
) -> None:
    make_login_user("beheerder", "admin")
    page.goto(f"{live_server.url}/aanmelden/")
    assert_accessible(page)
    login(page, "beheerder", "fout-wachtwoord")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)


def test_keyboard_login_and_language_switch(
    page: Any, live_server: Any, make_login_user: Any, assert_accessible: Any
) -> None:
    make_login_user("beheerder", "admin")
    page.goto(f"{live_server.url}/aanmelden/")
    assert page.evaluate("document.activeElement.name") == "username"  # autofocus
    page.keyboard.type("beheerder")
    page.keyboard.press("Tab")
    page.keyboard.type("een-lang-Wachtwoord-2026")
    page.keyboard.press("Enter")
    page.wait_for_url("**/beheer/")  # the administrator lands on his own pages
    page.goto(f"{live_server.url}/bestaat-niet/")
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"


def test_pages_send_a_strict_content_security_policy(page: Any, live_server: Any) -> None:
    response = page.goto(f"{live_server.url}/aanmelden/")
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
