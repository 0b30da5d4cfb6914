"""Browser tests: Playwright driving Debian's Chromium against the live server, with axe-core.

Chromium comes from Debian (`/usr/bin/chromium`; the Makefile installs it); axe-core is a local
copy (tests/browser/vendor/axe.min.js), injected into each page: no network is needed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "een-lang-Wachtwoord-2026"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # bypass_csp lets the test inject axe-core; the pages themselves run under the real CSP.
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-BE"}


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: Any) -> None:
    """Transactional tests start from a flushed database: put the places tables back."""
    from doorstroom.places import reference
    from doorstroom.places.models import Municipality, PostalCode

    if not Municipality.objects.exists():
        reference.sync(Municipality, PostalCode)


# What Chromium says when a script meets a document that is being replaced: the new page has
# committed but not yet parsed its <head>, or the old one's context went away mid-run.
NAVIGATING = ("Cannot read properties of null", "Execution context was destroyed")


def axe_violations(page: Any, attempts: int = 3) -> list[dict[str, Any]]:
    """Run axe-core on the page once it has loaded.

    A click on a link returns before the next page has loaded; under CI load the injection
    then met a document without a <head> (stop 23's red CI). So wait for the load event first,
    and if a navigation still replaces the document mid-run, wait again and run again.
    """
    for attempt in range(1, attempts + 1):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                WCAG,
            )
            break
        except PlaywrightError as error:
            if attempt == attempts or not any(m in error.message for m in NAVIGATING):
                raise
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible() -> Callable[[Any], None]:
    """Assert axe-core finds no WCAG 2.1 A/AA violation on the current page."""

    def check(page: Any) -> None:
        violations = axe_violations(page)
        assert violations == [], f"{page.url}: {violations}"

    return check


def follow(page: Any, link: Any) -> None:
    """Click a link and return once the page it opens has loaded.

    `click()` returns as soon as the click is dispatched; a check that follows at once (axe, a
    count, a text) could otherwise read the page being left, or one not yet parsed.
    """
    with page.expect_navigation():
        link.click()


@pytest.fixture
def login(live_server: Any) -> Callable[[Any, str], None]:
    def do(page: Any, username: str, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/aanmelden/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Aanmelden").click()

    return do


@pytest.fixture
def make_login_user(db: Any) -> Iterator[Callable[..., Any]]:
    from doorstroom.accounts.services import user_create

    def make(username: str, role: str, organisation: Any = None) -> Any:
        return user_create(
            username=username,
            role=role,
            organisation_id=organisation.pk if organisation else None,
            password=PASSWORD,
        )

    yield make


def save_screenshot(page: Any, path: Path) -> None:
    """Screenshots for the README are rewritten only on request (`make screenshots`), so a
    test run leaves the working tree clean; otherwise the capture itself is still exercised."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        page.screenshot(path=str(path), full_page=True)
    else:
        assert page.screenshot(full_page=True)
