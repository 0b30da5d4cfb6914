"""A read on a request, logged: the pages' and the API's one way to write the processing log.

Every page and API view that shows a person's record calls ``access_log_for_request`` with
the people it shows and a purpose; the user and path come from the request (a page's
``HttpRequest`` or DRF's ``Request``), so no view repeats them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from doorstroom.accounts.models import User
from doorstroom.privacy.services import access_log_record


def access_log_for_request(request: Any, employee_ids: Iterable[int], purpose: str) -> int:
    """Log that the signed-in user read these people's records; returns the rows written."""
    user = request.user
    return access_log_record(
        user=user if isinstance(user, User) else None,
        employee_ids=employee_ids,
        purpose=purpose,
        path=request.path,
    )
