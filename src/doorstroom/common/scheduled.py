"""Shared plumbing of the scheduled work that `python -m doorstroom tick` runs.

Every job follows the same pattern, so that tick is idempotent and safe on several hosts at
the same moment:

* it selects only the rows that may still need work, in a bounded window of dates;
* it locks them with ``SELECT … FOR UPDATE SKIP LOCKED`` (:func:`skip_locked`): rows another
  tick holds are skipped, not waited for; the other tick does them;
* every notice goes through ``outbox.services.notification_queue`` with a ``dedupe_key`` that
  names the fact (record, date, recipient role), in the same transaction: a second run, or a
  tick that takes the row after the first one committed, finds the key and queues nothing.

A job reports only the notices it created, so the counts of two concurrent ticks add up to the
work done once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from django.db import models
from django.db.models import QuerySet

M = TypeVar("M", bound=models.Model)

#: How many days after a date has passed a "it has passed" notice is still sent. It bounds
#: the rows each tick reads and keeps a first run on old data from sending stale notices; a
#: tick that did not run for longer than this misses those notices (the lists still show them).
CATCH_UP_DAYS = 31


def skip_locked(queryset: QuerySet[M]) -> QuerySet[M]:
    """Lock the rows we change; rows another tick holds are skipped, not waited for."""
    return queryset.select_for_update(skip_locked=True, of=("self",))


@dataclass
class JobResult:
    """What one scheduled job did: the records it queued a notice for (created only)."""

    kind: str
    done: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.kind}: {len(self.done)} {' '.join(self.done)}".rstrip()
