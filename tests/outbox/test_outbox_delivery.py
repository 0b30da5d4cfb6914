"""Delivering notifications: the right recipients, back-off on failure, exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

from doorstroom.accounts.services import user_create
from doorstroom.organisations.models import Organisation
from doorstroom.outbox import delivery
from doorstroom.outbox.delivery import notification_send, recipients_for
from doorstroom.outbox.models import Notification
from doorstroom.outbox.services import notification_queue

pytestmark = pytest.mark.django_db

FAILING = "tests.outbox.test_outbox_delivery.FailingBackend"
NOW = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
TODAY = date(2026, 3, 2)


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError("smtp down")


def queue(role: str = "reviewer", organisation: Organisation | None = None, **kw: Any) -> int:
    row, _ = notification_queue(
        kind=kw.pop("kind", "test"),
        dedupe_key=kw.pop("dedupe_key", f"test:{role}"),
        subject="Onderwerp",
        body="Inhoud",
        due_on=kw.pop("due_on", TODAY),
        recipient_role=role,
        organisation=organisation,
    )
    return row.pk


@pytest.fixture
def people(organisation: Organisation, other_organisation: Organisation) -> None:
    user_create(username="rev1", role="reviewer", email="rev1@vdab.be")
    user_create(username="rev2", role="reviewer", email="rev2@vdab.be")
    user_create(username="rev3", role="reviewer")  # no e-mail address
    gone = user_create(username="rev4", role="reviewer", email="gone@vdab.be")
    gone.is_active = False
    gone.save()
    user_create(username="cons", role="consultant", email="cons@vdab.be")
    user_create(
        username="app1", role="applicant", organisation_id=organisation.pk, email="an@jk.be"
    )
    user_create(
        username="app2",
        role="applicant",
        organisation_id=other_organisation.pk,
        email="other@wp.be",
    )


def test_reviewer_notice_goes_to_active_reviewers_with_an_address(people: None) -> None:
    pk = queue("reviewer")
    assert notification_send(notification_id=pk, now=NOW) == delivery.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["rev1@vdab.be", "rev2@vdab.be"]
    assert message.subject == "Onderwerp"
    assert message.from_email == "doorstroom@vdab.be"
    row = Notification.objects.get(pk=pk)
    assert row.sent_at == NOW
    assert row.attempts == 1
    assert row.recipients == ["rev1@vdab.be", "rev2@vdab.be"]


def test_applicant_notice_goes_to_that_organisation_only(
    people: None, organisation: Organisation
) -> None:
    pk = queue("applicant", organisation)
    assert recipients_for(Notification.objects.get(pk=pk)) == ["an@jk.be", "info@jobkracht.be"]
    notification_send(notification_id=pk, now=NOW)
    assert mail.outbox[0].to == ["an@jk.be", "info@jobkracht.be"]


def test_no_recipients_fails_permanently_and_visibly(people: None) -> None:
    pk = queue("esf_officer")
    assert notification_send(notification_id=pk, now=NOW) == delivery.FAILED_PERMANENTLY
    row = Notification.objects.get(pk=pk)
    assert row.sent_at is None
    assert row.failed_permanently_at == NOW
    assert row.last_error == "geen ontvangers"
    assert mail.outbox == []


def test_not_due_yet_is_skipped(people: None) -> None:
    pk = queue("reviewer", due_on=TODAY + timedelta(days=1))
    assert notification_send(notification_id=pk, now=NOW) == delivery.NOT_DUE
    assert notification_send(notification_id=999_999, now=NOW) == delivery.MISSING
    assert mail.outbox == []


def test_sending_twice_delivers_once(people: None) -> None:
    pk = queue("reviewer")
    assert notification_send(notification_id=pk, now=NOW) == delivery.SENT
    assert notification_send(notification_id=pk, now=NOW) == delivery.ALREADY_SENT
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=pk).attempts == 1


def test_failure_backs_off_then_delivers_exactly_once(people: None) -> None:
    pk = queue("reviewer")
    with override_settings(EMAIL_BACKEND=FAILING):
        assert notification_send(notification_id=pk, now=NOW) == delivery.RETRY_LATER
        row = Notification.objects.get(pk=pk)
        assert row.attempts == 1
        assert "ConnectionRefusedError: smtp down" in row.last_error
        assert row.next_attempt_at == NOW + timedelta(minutes=1)
        # during the back-off nothing is tried
        assert notification_send(notification_id=pk, now=NOW) == delivery.NOT_DUE
        later = NOW + timedelta(minutes=1)
        assert notification_send(notification_id=pk, now=later) == delivery.RETRY_LATER
        row.refresh_from_db()
        assert row.attempts == 2
        assert row.next_attempt_at == later + timedelta(minutes=5)
    at = NOW + timedelta(minutes=6)
    assert notification_send(notification_id=pk, now=at) == delivery.SENT
    assert notification_send(notification_id=pk, now=at) == delivery.ALREADY_SENT
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.sent_at, row.attempts, row.last_error, row.next_attempt_at) == (at, 3, "", None)


def test_backoff_grows_by_five() -> None:
    minutes = [delivery.backoff(n).total_seconds() / 60 for n in range(1, 6)]
    assert minutes == [1, 5, 25, 125, 625]


@override_settings(OUTBOX_MAX_ATTEMPTS=3)
def test_permanent_failure_after_max_attempts(people: None) -> None:
    pk = queue("reviewer")
    now = NOW
    outcomes = []
    with override_settings(EMAIL_BACKEND=FAILING):
        for _ in range(3):
            outcomes.append(notification_send(notification_id=pk, now=now))
            now += timedelta(days=1)
        row = Notification.objects.get(pk=pk)
        assert outcomes == [delivery.RETRY_LATER, delivery.RETRY_LATER, delivery.FAILED_PERMANENTLY]
        assert row.attempts == 3
        assert row.failed_permanently_at is not None
        assert row.next_attempt_at is None
        assert notification_send(notification_id=pk, now=now) == delivery.SKIPPED_FAILED
        assert Notification.objects.get(pk=pk).attempts == 3
