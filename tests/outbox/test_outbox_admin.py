"""The outbox in the admin: read-only, filtered by status, with the retry action."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from doorstroom.accounts.models import User
from doorstroom.accounts.services import user_create
from doorstroom.common import clock
from doorstroom.outbox import delivery
from doorstroom.outbox.delivery import notification_send
from doorstroom.outbox.models import Notification
from doorstroom.outbox.services import notification_queue
from tests.outbox.test_outbox_delivery import FAILING

pytestmark = pytest.mark.django_db

URL = "/admin/outbox/notification/"


@pytest.fixture
def admin_client_(db: object) -> Client:
    user = User.objects.create_superuser("beheer", "beheer@vdab.be", "pw-Secret-123", role="admin")
    client = Client()
    client.force_login(user)
    return client


def make(key: str) -> Notification:
    row, _ = notification_queue(
        kind="test",
        dedupe_key=key,
        subject=f"Onderwerp {key}",
        body="b",
        due_on=clock.today(),  # due now, on every day the suite runs
        recipient_role="reviewer",
    )
    return row


@override_settings(OUTBOX_MAX_ATTEMPTS=2)
def test_failed_permanently_row_is_shown_and_retried(admin_client_: Client) -> None:
    user_create(username="rev", role="reviewer", email="rev@vdab.be")
    failed = make("failed")
    pending = make("pending")
    now = timezone.now()
    with override_settings(EMAIL_BACKEND=FAILING):
        notification_send(notification_id=failed.pk, now=now)
        notification_send(notification_id=failed.pk, now=now + timedelta(hours=1))
    failed.refresh_from_db()
    assert failed.failed_permanently_at is not None

    page = admin_client_.get(URL, {"status": "failed"}).content.decode()
    assert "Onderwerp failed" in page
    assert "Onderwerp pending" not in page
    page = admin_client_.get(URL, {"status": "pending"}).content.decode()
    assert "Onderwerp pending" in page
    assert "Onderwerp failed" not in page
    assert "opnieuw proberen" in page

    response = admin_client_.post(
        URL, {"action": "retry", "_selected_action": [failed.pk, pending.pk]}
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.failed_permanently_at, failed.next_attempt_at, failed.attempts) == (
        None,
        None,
        2,
    )
    assert notification_send(notification_id=failed.pk) == delivery.SENT
    assert len(mail.outbox) == 1
    page = admin_client_.get(URL, {"status": "sent"}).content.decode()
    assert "Onderwerp failed" in page


def test_admin_is_read_only(admin_client_: Client) -> None:
    row = make("x")
    assert admin_client_.get(f"{URL}add/").status_code == 403
    assert admin_client_.get(f"{URL}{row.pk}/delete/").status_code == 403
    detail = admin_client_.get(f"{URL}{row.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
