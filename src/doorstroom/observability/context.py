"""The request id of the request being handled, for every log record written meanwhile."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

#: The id of the request this thread or task is handling; "-" outside a request.
REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")

#: An id a proxy may pass in X-Request-ID; anything else is replaced (log injection).
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is a plain token, else a new random one."""
    if header and _SAFE_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, so a request's lines can be found together."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        return True
