from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from doorstroom.privacy.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Administrators read the processing log; nobody edits it."""

    list_display = ("at", "user", "employee", "purpose", "path")
    list_filter = ("purpose",)
    search_fields = ("user__username", "purpose")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
