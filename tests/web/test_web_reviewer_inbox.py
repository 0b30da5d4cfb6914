"""The reviewer's inbox: queue order (R15 first), filters, and a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.mandates import selectors
from doorstroom.mandates import services as mandates
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from tests.conftest import SUBJECT, complete_application
from tests.factories import enterprise_number

pytestmark = pytest.mark.django_db


def org(i: int, name: str | None = None) -> Organisation:
    return organisations.organisation_create(
        enterprise_number=enterprise_number(5_000_000 + i),
        name=name or f"Organisatie {i}",
        postal_code="9000",
    )


def incomplete_application(organisation: Organisation, received_on: date) -> Any:
    """Two signatories, only one signed with eID: the registered letter is still missing."""
    organisations.recognition_create(
        organisation=organisation,
        label_number="L",
        registration_number="R",
        valid_from=date(2015, 1, 1),
        valid_until=None,
    )
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["lde"],
        signatories=[mandates.SignatoryInput(name="A"), mandates.SignatoryInput(name="B")],
    )
    mandates.receipt_register(
        application=application,
        channel="email",
        received_on=received_on,
        subject=SUBJECT,
        eid_signed_by=["A"],
    )
    return application


def draft_application(organisation: Organisation) -> Any:
    return mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )


@pytest.fixture
def reviewer_client(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("reviewer"))
    return client


@pytest.fixture
def queue() -> dict[str, Any]:
    """One application per section, created in the reverse of the queue's order."""
    today = clock.today()
    return {
        "complete": complete_application(org(1, "Volledig vzw"), received_on=today),
        "new": draft_application(org(2, "Nieuw vzw")),
        "incomplete": incomplete_application(org(3, "Onvolledig vzw"), today),
        # complete 55 days ago: due two months later, within the next 14 days
        "due_soon": complete_application(
            org(4, "Bijna vzw"), received_on=today - timedelta(days=55)
        ),
        "overdue": complete_application(org(5, "Te laat vzw"), received_on=today - timedelta(90)),
    }


def test_inbox_order_is_overdue_due_soon_incomplete_new_complete(
    reviewer_client: Client, queue: dict[str, Any]
) -> None:
    html = reviewer_client.get(reverse("reviewer:inbox")).content.decode()
    order = ["overdue", "due_soon", "incomplete", "new", "complete"]
    positions = [html.index(queue[name].reference) for name in order]
    assert positions == sorted(positions)
    assert "Termijn overschreden" in html
    assert "Binnenkort te beslissen" in html
    # what is missing: the registered original for the incomplete one
    assert "aangetekende" in html.split(queue["incomplete"].reference)[1].split("</tr>")[0]


def test_queue_sections_come_from_the_selector(queue: dict[str, Any]) -> None:
    user = User(role="reviewer")
    rows = selectors.application_queue_for_user(user, today=clock.today()).order_by(
        "queue_rank", "id"
    )
    sections = {selectors.QUEUE_SECTIONS[a.queue_rank]: a.pk for a in rows}
    assert sections == {name: app.pk for name, app in queue.items()}


def test_inbox_filters_by_section_and_searches_organisation(
    reviewer_client: Client, queue: dict[str, Any]
) -> None:
    html = reviewer_client.get(reverse("reviewer:inbox") + "?status=incomplete").content.decode()
    assert queue["incomplete"].reference in html
    assert queue["overdue"].reference not in html
    html = reviewer_client.get(reverse("reviewer:inbox") + "?q=bijna").content.decode()
    assert queue["due_soon"].reference in html
    assert queue["complete"].reference not in html
    html = reviewer_client.get(reverse("reviewer:inbox") + "?sort=organisation").content.decode()
    assert all(app.reference in html for app in queue.values())


def test_decided_applications_leave_the_queue(
    reviewer_client: Client, queue: dict[str, Any]
) -> None:
    from tests.conftest import ALL_MET

    mandates.decision_create(
        application=queue["complete"],
        decided_on=clock.today(),
        starts_on=None,
        conditions=ALL_MET,
    )
    html = reviewer_client.get(reverse("reviewer:inbox")).content.decode()
    assert queue["complete"].reference not in html
    html = reviewer_client.get(reverse("reviewer:inbox") + "?status=decided").content.decode()
    assert queue["complete"].reference in html


def test_bad_filter_values_are_ignored(reviewer_client: Client, queue: dict[str, Any]) -> None:
    response = reviewer_client.get(reverse("reviewer:inbox") + "?status=bogus&sort=x&page=99")
    assert response.status_code == 200


def count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reviewer:inbox")).status_code == 200
    return len(queries)


def test_inbox_query_count_is_the_same_for_1_and_30_applications(
    reviewer_client: Client,
) -> None:
    today = clock.today()
    complete_application(org(100), received_on=today)
    one = count_queries(reviewer_client)
    for i in range(101, 130):
        if i % 3 == 0:
            incomplete_application(org(i), today)
        elif i % 3 == 1:
            draft_application(org(i))
        else:
            complete_application(org(i), received_on=today - timedelta(days=i % 70))
    thirty = count_queries(reviewer_client)
    # session, user, section counts, page count, page rows, messages waiting in the intake
    assert one == thirty == 6
    html = reviewer_client.get(reverse("reviewer:inbox")).content.decode()
    assert "Pagina 1 van 2" in html
