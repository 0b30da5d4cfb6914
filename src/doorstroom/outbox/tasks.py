"""Background tasks of the outbox (django-tasks; the backend is settings.TASKS)."""

from __future__ import annotations

from django_tasks import task

from doorstroom.outbox.delivery import notification_send


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one notification; safe to run more than once (see delivery.notification_send)."""
    return notification_send(notification_id=notification_id)
