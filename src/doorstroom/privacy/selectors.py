"""Reads of the processing log: administrators only (the role check is in the view)."""

from __future__ import annotations

from django.db.models import QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.privacy.models import AccessLog


def access_log_list_for_user(
    user: User, *, employee: int | None = None, reader: int | None = None
) -> QuerySet[AccessLog]:
    queryset = AccessLog.objects.select_related("user").order_by("-id")
    if user.role != Role.ADMIN:
        queryset = queryset.none()
    if employee is not None:
        queryset = queryset.filter(employee_id=employee)
    if reader is not None:
        queryset = queryset.filter(user_id=reader)
    return queryset
