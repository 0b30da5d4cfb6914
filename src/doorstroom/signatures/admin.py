from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from doorstroom.signatures.models import Signature, SignatureCheck


class SignatureInline(admin.TabularInline[Signature, SignatureCheck]):
    model = Signature
    extra = 0
    can_delete = False
    fields = [
        "position",
        "common_name",
        "issuer",
        "signed_at",
        "intact",
        "modified_after_signing",
        "trusted",
        "trust_problem",
        "signatory",
        "counts",
        "reason",
    ]
    readonly_fields = [
        "position",
        "common_name",
        "issuer",
        "signed_at",
        "intact",
        "modified_after_signing",
        "trusted",
        "trust_problem",
        "signatory",
        "counts",
        "reason",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SignatureCheck)
class SignatureCheckAdmin(admin.ModelAdmin[SignatureCheck]):
    """Read-only: checks change only through the signature services (or signatures_check)."""

    list_display = ["id", "evidence", "status", "received_on", "checked_at"]
    list_filter = ["status"]
    inlines = [SignatureInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in SignatureCheck._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
