from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from doorstroom.intake.models import IncomingEmail


@admin.register(IncomingEmail)
class IncomingEmailAdmin(admin.ModelAdmin[IncomingEmail]):
    """Read-only: messages change only through the intake services."""

    list_display = [
        "id",
        "received_on",
        "status",
        "application",
        "subject_ok",
        "unclassified_attachments",
        "raw_size",
        "created_at",
    ]
    list_filter = ["status", "received_on"]
    search_fields = ["message_id", "sha256"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in IncomingEmail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
