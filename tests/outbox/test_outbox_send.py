"""outbox_send_due, the delivery task and the `outbox_send` command."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from doorstroom.accounts.services import user_create
from doorstroom.organisations.models import Organisation
from doorstroom.outbox.delivery import outbox_send_due
from doorstroom.outbox.models import Notification
from doorstroom.outbox.services import notification_queue
from doorstroom.outbox.tasks import deliver_notification

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def rows(organisation: Organisation) -> dict[str, int]:
    """Two due notices, one for tomorrow, one sent, one failed permanently, one backing off."""
    user_create(username="rev", role="reviewer", email="rev@vdab.be")
    user_create(username="app", role="applicant", organisation_id=organisation.pk, email="a@b.be")
    today = timezone.localdate()
    now = timezone.now()

    def make(key: str, role: str = "reviewer", **fields: object) -> int:
        row, _ = notification_queue(
            kind="test",
            dedupe_key=key,
            subject=key,
            body="b",
            due_on=today,
            recipient_role=role,
            organisation=organisation,
        )
        Notification.objects.filter(pk=row.pk).update(**fields)
        return row.pk

    return {
        "reviewer": make("reviewer"),
        "applicant": make("applicant", "applicant"),
        "tomorrow": make("tomorrow", due_on=today + timedelta(days=1)),
        "sent": make("sent", sent_at=now),
        "failed": make("failed", failed_permanently_at=now),
        "backing_off": make("backing_off", next_attempt_at=now + timedelta(minutes=5)),
    }


@override_settings(TASKS=IMMEDIATE)
def test_send_due_runs_the_task_per_due_row(rows: dict[str, int]) -> None:
    report = outbox_send_due()
    assert report == {"due": 2, "enqueued": 2, "outcomes": {"sent": 2}}
    assert sorted(m.subject for m in mail.outbox) == ["applicant", "reviewer"]
    sent = set(Notification.objects.filter(sent_at__isnull=False).values_list("pk", flat=True))
    assert sent == {rows["reviewer"], rows["applicant"], rows["sent"]}
    # a second run finds nothing and sends nothing
    assert outbox_send_due()["due"] == 0
    assert len(mail.outbox) == 2


@override_settings(TASKS=IMMEDIATE)
def test_send_due_respects_limit_and_inline(rows: dict[str, int]) -> None:
    assert outbox_send_due(limit=1, inline=True) == {
        "due": 1,
        "enqueued": 0,
        "outcomes": {"sent": 1},
    }
    assert [m.subject for m in mail.outbox] == ["reviewer"]


@override_settings(TASKS=DUMMY)
def test_send_due_only_enqueues_with_a_queueing_backend(rows: dict[str, int]) -> None:
    report = outbox_send_due()
    assert report == {"due": 2, "enqueued": 2, "outcomes": {}}
    assert mail.outbox == []
    backend = deliver_notification.get_backend()
    queued = [r.kwargs["notification_id"] for r in backend.results]  # type: ignore[attr-defined]
    assert queued == [rows["reviewer"], rows["applicant"]]


@override_settings(TASKS=IMMEDIATE)
def test_task_is_idempotent(rows: dict[str, int]) -> None:
    first = deliver_notification.enqueue(notification_id=rows["reviewer"])
    second = deliver_notification.enqueue(notification_id=rows["reviewer"])
    assert (first.return_value, second.return_value) == ("sent", "already_sent")
    assert len(mail.outbox) == 1


@override_settings(TASKS=IMMEDIATE)
def test_command_sends_due_notifications(rows: dict[str, int]) -> None:
    out = io.StringIO()
    call_command("outbox_send", stdout=out)
    assert out.getvalue().strip() == "notifications due: 2 enqueued: 2 sent=2"
    assert len(mail.outbox) == 2
    out = io.StringIO()
    call_command("outbox_send", "--inline", stdout=out)
    assert out.getvalue().strip() == "notifications due: 0 enqueued: 0"
