"""Administrators read the outbox and can retry what failed; nobody edits or deletes rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from doorstroom.outbox.models import Notification


class DeliveryStatusFilter(admin.SimpleListFilter):
    title = "verzendstatus"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("sent", "verzonden"),
            ("pending", "wachtend"),
            ("failed", "definitief mislukt"),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Notification]
    ) -> QuerySet[Notification]:
        value = self.value()
        if value == "sent":
            return queryset.filter(sent_at__isnull=False)
        if value == "pending":
            return queryset.filter(sent_at__isnull=True, failed_permanently_at__isnull=True)
        if value == "failed":
            return queryset.filter(sent_at__isnull=True, failed_permanently_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "subject",
        "recipient_role",
        "organisation",
        "due_on",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "failed_permanently_at",
    )
    list_filter = (DeliveryStatusFilter, "kind", "recipient_role")
    search_fields = ("subject", "dedupe_key", "organisation__name")
    date_hierarchy = "due_on"
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser) or request.user.has_perm(
            "outbox.change_notification"
        )

    @admin.action(description="opnieuw proberen", permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        """Unsent rows are due again at once; attempts and last_error stay as history.

        A row retried after OUTBOX_MAX_ATTEMPTS gets one more attempt before it fails again.
        """
        count = queryset.filter(sent_at__isnull=True).update(
            next_attempt_at=None, failed_permanently_at=None, updated_at=timezone.now()
        )
        self.message_user(
            request, f"{count} melding(en) worden opnieuw geprobeerd.", messages.SUCCESS
        )
