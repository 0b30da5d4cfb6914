"""Single sign-on in Chromium against a real OpenID provider on 127.0.0.1: the button on the
login page, the provider's own sign-in form, the role's work queue, a refusal, the logout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from doorstroom.web import oidc
from tests.accounts.oidc_provider import Provider, provider_settings, running_provider


@pytest.fixture
def idp(settings: Any) -> Iterator[Provider]:
    oidc.discovery.cache_clear()
    with running_provider() as provider:
        settings.OIDC_PROVIDERS = {
            "vdab": provider_settings(
                provider.url,
                "vdab",
                label="Aanmelden met uw VDAB-account",
                roles={"doorstroom-trajectbegeleiders": "consultant"},
            )
        }
        yield provider
    oidc.discovery.cache_clear()


def _sign_in_at_provider(page: Any, live_server: Any, sub: str) -> None:
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_role("link", name="Aanmelden met uw VDAB-account").click()
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_sign_in_and_out_through_the_provider(
    page: Any, live_server: Any, idp: Provider, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto(f"{live_server.url}/aanmelden/")
    assert_accessible(page)
    idp.set_user("tb-1", {"groups": ["doorstroom-trajectbegeleiders"], "given_name": "Tine"})
    _sign_in_at_provider(page, live_server, "tb-1")
    page.wait_for_url(f"{live_server.url}/begeleiding/**")

    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(f"{idp.url}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{live_server.url}/aanmelden/")
    page.goto(f"{live_server.url}/begeleiding/")
    assert page.url.startswith(f"{live_server.url}/aanmelden/")


def test_a_person_without_a_role_sees_why(
    page: Any, live_server: Any, idp: Provider, assert_accessible: Callable[[Any], None]
) -> None:
    idp.set_user("buiten", {"groups": ["iemand-anders"]})
    _sign_in_at_provider(page, live_server, "buiten")
    page.wait_for_url(f"{live_server.url}/aanmelden/geweigerd/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden niet gelukt")
    expect(page.locator("main")).to_contain_text("geen rol")
    assert_accessible(page)
