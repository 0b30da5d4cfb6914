"""Shared fixtures: users per role with API tokens, an organisation, a small PDF; the pinned
clock of a run (``--today=YYYY-MM-DD``, tests/pinned_clock.py)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from doorstroom.accounts.services import token_create, user_create
from doorstroom.organisations.models import Organisation
from doorstroom.organisations.services import organisation_create
from tests import pinned_clock

# Property tests check behaviour, not speed: a loaded CI machine must not fail them on time.
settings.register_profile("doorstroom", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("doorstroom")

VALID_ENTERPRISE_NUMBERS = ["0403170701", "0403091220", "0202239951", "0417497106", "0404616494"]


def make_pdf(pages: int = 1, padding: int = 0) -> bytes:
    """A real, minimal PDF made with pypdf (so the content check has something true to read)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if padding:
        writer.add_metadata({"/Padding": "x" * padding})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fresh_partner_facts_cache() -> None:
    """Each test starts with an empty ranking cache, as a new process would: tests roll their
    database back, and many create partners in bulk without the services that bump the stamp."""
    from doorstroom.referrals.ranking import PARTNER_FACTS

    PARTNER_FACTS.clear()


@pytest.fixture(autouse=True)
def _fresh_token_cache() -> None:
    """Each test starts with an empty token cache (accounts.authentication), as a new process
    would: tests roll their database back without the signals that empty it."""
    from doorstroom.accounts.authentication import TOKENS

    TOKENS.clear()


@pytest.fixture
def pdf_bytes() -> bytes:
    return make_pdf()


@pytest.fixture
def organisation(db: Any) -> Organisation:
    return organisation_create(
        enterprise_number="0403.170.701",
        name="Jobkracht Gent vzw",
        postal_code="9000",
        street="Korenmarkt 1",
        email="info@jobkracht.be",
    )


@pytest.fixture
def other_organisation(db: Any) -> Organisation:
    return organisation_create(
        enterprise_number="0403.091.220",
        name="Werkpunt Hasselt vzw",
        postal_code="3500",
    )


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(role: str, organisation: Organisation | None = None) -> User:
        return user_create(
            username=f"{role}{next(counter)}",
            role=role,
            organisation_id=organisation.pk if organisation else None,
        )

    return make


@pytest.fixture
def api_for(make_user: Callable[..., User]) -> Callable[..., APIClient]:
    """An API client authenticated with a real token for a new user of the given role."""

    def client(role: str, organisation: Organisation | None = None) -> APIClient:
        user = make_user(role, organisation)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(username=user.username).key}")
        api.user = user  # type: ignore[attr-defined]
        return api

    return client


@pytest.fixture
def reviewer(api_for: Callable[..., APIClient]) -> APIClient:
    return api_for("reviewer")


@pytest.fixture
def esf_officer(api_for: Callable[..., APIClient]) -> APIClient:
    return api_for("esf_officer")


@pytest.fixture
def applicant(api_for: Callable[..., APIClient], organisation: Organisation) -> APIClient:
    return api_for("applicant", organisation)


ALL_MET = {
    c: {"met": True, "motivation": "Aangetoond met concrete cijfers."}
    for c in ("quality_management", "facilities", "expertise", "results", "methodology")
}


def iso(d: date) -> str:
    return d.isoformat()


SUBJECT = "Aanvraag mandaat doorstroombegeleiding"


def complete_application(
    organisation: Organisation,
    *,
    received_on: date,
    frameworks: tuple[str, ...] = ("maatwerk",),
    recognised_from: date = date(2015, 1, 1),
    today: date | None = None,
) -> Any:
    """A recognised organisation's application, complete by one e-mail signed with eID."""
    from doorstroom.mandates import services as mandates
    from doorstroom.organisations import services as organisations

    organisations.recognition_create(
        organisation=organisation,
        label_number="L",
        registration_number="R",
        valid_from=recognised_from,
        valid_until=None,
    )
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=list(frameworks),
        signatories=[mandates.SignatoryInput(name="A")],
    )
    mandates.receipt_register(
        application=application,
        channel="email",
        received_on=received_on,
        subject=SUBJECT,
        eid_signed_by=["A"],
        today=today,
    )
    return application


def renewal_draft(mandate: Any) -> Any:
    """A draft renewal of ``mandate`` (R3): nothing received yet, one signatory."""
    from doorstroom.mandates import services as mandates

    return mandates.application_create(
        organisation=mandate.organisation,
        kind="renewal",
        renews=mandate,
        frameworks=mandate.framework_list,
        signatories=[mandates.SignatoryInput(name="A")],
    )


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Browser tests last: their transactional flush must not empty data others rely on."""
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath).replace("\\", "/"))


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--today",
        default=os.environ.get(pinned_clock.ENV) or None,
        metavar="YYYY-MM-DD",
        help=(
            "run the whole suite on this Belgian calendar day (time-machine, ticking from 10:00 "
            f"Brussels); default: ${pinned_clock.ENV}, else the real date"
        ),
    )


_TRAVEL = pytest.StashKey[Any]()


def pytest_configure(config: Any) -> None:
    """The whole session's logs are scanned for national numbers (tests/security/log_scan.py);
    ``--today`` pins the clock for the whole run (tests/pinned_clock.py)."""
    from tests.security.log_scan import register

    register(config)
    pinned = config.getoption("today")
    if pinned:
        try:
            day = pinned_clock.parse(pinned)
        except ValueError:
            raise pytest.UsageError(f"--today wants a date as YYYY-MM-DD, not {pinned!r}") from None
        config.stash[_TRAVEL] = pinned_clock.travel(day)
        os.environ[pinned_clock.ENV] = day.isoformat()  # for subprocesses (pinned_command)


def pytest_unconfigure(config: Any) -> None:
    travel = config.stash.get(_TRAVEL, None)
    if travel is not None:
        travel.stop()


def pytest_report_header(config: Any) -> str:
    pinned = config.getoption("today")
    return f"today: {pinned} (pinned)" if pinned else f"today: {date.today()} (real clock)"
