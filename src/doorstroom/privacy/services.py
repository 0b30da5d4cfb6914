"""Write the processing log: one row per person whose record was read."""

from __future__ import annotations

from collections.abc import Iterable

from doorstroom.accounts.models import User
from doorstroom.privacy.models import AccessLog


def access_log_record(
    *, user: User | None, employee_ids: Iterable[int], purpose: str, path: str = ""
) -> int:
    """Log a read of each person's record in one insert; returns the number of rows."""
    rows = [
        AccessLog(user=user, employee_id=employee_id, purpose=purpose, path=path[:300])
        for employee_id in dict.fromkeys(employee_ids)
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)
