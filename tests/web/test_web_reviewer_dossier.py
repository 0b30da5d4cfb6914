"""Issue 15, the reviewer's dossier and register: one truth per fact, the next action first."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.mandates import services as mandates
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from tests import pinned_clock
from tests.conftest import ALL_MET, SUBJECT, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("reviewer"))
    return client


def _two_signatories(organisation: Organisation) -> Any:
    organisations.recognition_create(
        organisation=organisation,
        label_number="L",
        registration_number="R",
        valid_from=date(2015, 1, 1),
        valid_until=None,
    )
    return mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="Els"), mandates.SignatoryInput(name="Jan")],
    )


def _page(client: Client, pk: int) -> str:
    return client.get(reverse("reviewer:application", args=[pk])).content.decode()


@pinned_clock.on("2026-11-01")  # fixed 2024 receipts; a mandate from six years before
def test_eid_row_agrees_with_the_receipts(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = _two_signatories(organisation)
    mandates.receipt_register(
        application=application,
        channel="email",
        received_on=date(2024, 3, 4),
        subject=SUBJECT,
        eid_signed_by=["Els"],
    )
    html = _page(reviewer_client, application.pk)
    rows = re.findall(r"<li data-eid-signatory>(.*?)</li>", html, re.S)
    assert rows[0].startswith("Els: ja") and "4 maart 2024" in rows[0]
    assert rows[1].startswith("Jan: nee")


@pinned_clock.on("2026-11-01")  # fixed 2024 receipts; a mandate from six years before
def test_complete_since_is_the_day_the_last_required_channel_arrived(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = _two_signatories(organisation)
    mandates.receipt_register(
        application=application,
        channel="email",
        received_on=date(2024, 3, 4),
        subject=SUBJECT,
        eid_signed_by=["Els"],
    )
    assert "Volledig sinds" not in _page(reviewer_client, application.pk)
    mandates.receipt_register(
        application=application,
        channel="registered_letter",
        received_on=date(2024, 3, 6),
        tracking_number="RR1BE",
    )
    html = _page(reviewer_client, application.pk)
    assert "Volledig sinds 6 maart 2024" in html
    assert "Volledig sinds 4 maart 2024" not in html


def test_the_overdue_tag_appears_once(reviewer_client: Client, organisation: Organisation) -> None:
    application = complete_application(organisation, received_on=clock.today() - timedelta(days=90))
    html = _page(reviewer_client, application.pk)
    assert html.lower().count("termijn overschreden</") == 1


def test_beslissen_is_the_primary_action_once_complete(
    reviewer_client: Client, organisation: Organisation
) -> None:
    application = _two_signatories(organisation)
    decide = reverse("reviewer:decision", args=[application.pk])
    html = _page(reviewer_client, application.pk)
    assert f'class="button button--secondary" href="{decide}"' in html  # nothing received yet
    mandates.receipt_register(
        application=application,
        channel="email",
        received_on=clock.today(),
        subject=SUBJECT,
        eid_signed_by=["Els", "Jan"],
    )
    html = _page(reviewer_client, application.pk)
    assert f'class="button" href="{decide}"' in html


def _register(client: Client, query: str = "") -> str:
    return client.get(reverse("reviewer:register") + query).content.decode()


def test_register_chart_and_table_count_years(
    reviewer_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    today = clock.today()
    for org, received in ((organisation, today), (other_organisation, today - timedelta(days=40))):
        app = complete_application(org, received_on=received)
        mandates.decision_create(
            application=app, decided_on=received, starts_on=None, conditions=ALL_MET
        )
    html = _register(reviewer_client)
    table = re.findall(
        r"<tr data-expiry-year><th scope=\"row\">(\d{4})</th><td class=\"numeric\">(\d+)</td>",
        html,
    )
    bars = re.findall(
        r'<text x="0" y="\d+">(\d{4})</text>\s*<rect class="bar"[^>]*></rect>\s*'
        r'<text x="[\d.]+" y="\d+">(\d+)</text>',
        html,
    )
    assert table == bars  # the same years, each with the same count
    assert sum(int(n) for _y, n in table) == 2
    assert "per maand" not in html


@pinned_clock.on("2026-11-01")  # fixed 2024 receipts; a mandate from six years before
def test_register_links_the_organisation_and_offers_the_next_action(
    reviewer_client: Client, organisation: Organisation
) -> None:
    today = clock.today()
    six_years_ago = today - timedelta(days=6 * 365)
    old = complete_application(organisation, received_on=six_years_ago)
    mandates.decision_create(
        application=old, decided_on=six_years_ago, starts_on=None, conditions=ALL_MET
    )
    html = _register(reviewer_client)
    assert f'<a href="{reverse("reviewer:application", args=[old.pk])}">{organisation.name}' in html
    assert "Nog geen vernieuwing aangevraagd." in html
    mandates.application_create(
        organisation=organisation,
        kind="renewal",
        renews=old.mandate,
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )
    assert "Nog geen vernieuwing aangevraagd." not in _register(reviewer_client)
