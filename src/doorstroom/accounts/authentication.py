"""API token authentication with the token → user lookup kept per process for a short time.

Why: the lookup was one query on every API request (docs/performance.md, "Performance II").
A process keeps what it looked up for ``API_TOKEN_CACHE_SECONDS`` (default 10 s; 0 turns the
cache off). In the process that revokes or changes anything (a token deleted or replaced in
the admin, a user deactivated, given another role or organisation, or deleted: every save or
delete of a `Token` or a `User`), the cache is emptied at once (signals, `connect_signals`),
so that process refuses a revoked token on the next request. Other processes (gunicorn
workers) notice within the time-out: a stamp read per request, as the ranking does
(`organisations.PartnerFactsStamp`), would cost the one query this cache saves, so the trade is a
window of at most ``API_TOKEN_CACHE_SECONDS`` in the other workers (docs/security.md).
Changes made with ``QuerySet.update()`` send no signal: the accounts services use ``save()``.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from doorstroom.accounts.models import User

DEFAULT_SECONDS = 10.0


class TokenCache:
    """Key → (user, token) for a few seconds; thread-safe; the oldest entries go first when
    more than ``max_entries`` are kept. A clear also voids lookups under way (generation)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, Any, Token]] = OrderedDict()
        self.generation = 0

    def get(self, key: str, now: float) -> tuple[Any, Token] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] <= now:
                del self._entries[key]
                return None
            return found[1], found[2]

    def put(self, key: str, user: Any, token: Token, *, until: float, generation: int) -> None:
        with self._lock:
            if generation != self.generation:
                return  # cleared while this lookup ran: it may predate a revocation
            self._entries[key] = (until, user, token)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.generation += 1


#: This process's cache.
TOKENS = TokenCache()


def _seconds() -> float:
    return float(getattr(settings, "API_TOKEN_CACHE_SECONDS", DEFAULT_SECONDS))


class CachedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication (same header, same errors) with :data:`TOKENS` in front."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        seconds = _seconds()
        if seconds <= 0:
            return super().authenticate_credentials(key)
        now = time.monotonic()
        found = TOKENS.get(key, now)
        if found is not None:
            user, token = found
            # Each request gets its own copy: nothing set on one request's user leaks into
            # another's.
            return copy.copy(user), token
        generation = TOKENS.generation
        user, token = super().authenticate_credentials(key)
        TOKENS.put(key, user, token, until=now + seconds, generation=generation)
        return copy.copy(user), token


def _forget(**_: Any) -> None:
    TOKENS.clear()


def connect_signals() -> None:
    """Empty the cache whenever a token or a user is saved or deleted (AccountsConfig.ready)."""
    for sender in (Token, User):
        post_save.connect(_forget, sender=sender, dispatch_uid=f"tokens-{sender.__name__}-save")
        post_delete.connect(_forget, sender=sender, dispatch_uid=f"tokens-{sender.__name__}-delete")
