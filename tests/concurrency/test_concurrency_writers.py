"""50 writers for 30 seconds on two servers: every 2xx is in the database, nothing else is.

Each writer keeps one keep-alive connection to one of the two servers and, until the time is
up, records activities on trajectories and registered letters on applications, each with a
unique note or tracking number. Afterwards the database holds exactly the rows that were
answered 201, with the content that was sent. `CONCURRENCY_SECONDS` shortens or lengthens
the run (default 30).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from doorstroom.common import clock
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Receipt
from doorstroom.organisations import services as organisations
from doorstroom.trajectories.models import Activity
from tests.concurrency.conftest import (
    POSTGRES_ONLY,
    TRANSACTIONAL,
    Client,
    Server,
    token_for,
    trajectories_for,
)
from tests.factories import enterprise_number, make_partner

pytestmark = [TRANSACTIONAL, POSTGRES_ONLY]

WRITERS = 50
SECONDS = float(os.environ.get("CONCURRENCY_SECONDS", "30"))
TARGETS = 10  # trajectories, and applications


@dataclass(frozen=True)
class Sent:
    kind: str
    target: int
    key: str  # the unique note or tracking number
    status: int
    id: int | None


def test_fifty_writers_every_2xx_is_in_the_database_and_nothing_else(
    servers: list[Server],
) -> None:
    today = clock.today()
    partner = make_partner("Partner vzw", "9000")
    trajectories = [t.pk for t in trajectories_for(partner, TARGETS, today=today)]
    org = organisations.organisation_create(
        enterprise_number=enterprise_number(8_300_000), name="Aanvrager", postal_code="9000"
    )
    applications = [
        mandates.application_create(
            organisation=org,
            kind="new",
            frameworks=["maatwerk"],
            signatories=[mandates.SignatoryInput(name="A")],
        ).pk
        for _ in range(TARGETS)
    ]
    partner_token = token_for("partner-w", "applicant", partner)
    reviewer_token = token_for("reviewer-w", "reviewer")

    sent: list[Sent] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(WRITERS)
    deadline: list[float] = []

    def write(n: int) -> None:
        rng = random.Random(n)  # noqa: S311 (a reproducible mix, not a secret)
        server = servers[n % len(servers)]
        activities = Client(server, partner_token)
        receipts = Client(server, reviewer_token)
        mine: list[Sent] = []
        try:
            if barrier.wait(timeout=60) == 0:
                deadline.append(time.monotonic() + SECONDS)
            barrier.wait(timeout=60)
            count = 0
            while time.monotonic() < deadline[0]:
                count += 1
                key = f"w{n:02d}-{count:05d}"
                if rng.random() < 0.5:
                    target = rng.choice(trajectories)
                    path = f"/trajectories/{target}/activities/"
                    body = {
                        "on": today.isoformat(),
                        "kind": "guidance",
                        "hours": "0.5",
                        "note": key,
                    }
                    answer = activities.post(path, body)
                    kind = "activity"
                else:
                    target = rng.choice(applications)
                    path = f"/mandate-applications/{target}/receipts/"
                    body = {
                        "channel": "registered_letter",
                        "received_on": "2026-01-05",
                        "tracking_number": key,
                    }
                    answer = receipts.post(path, body)
                    kind = "receipt"
                ok = 200 <= answer.status < 300
                mine.append(
                    Sent(kind, target, key, answer.status, answer.body["id"] if ok else None)
                )
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            activities.close()
            receipts.close()
            with lock:
                sent.extend(mine)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 300)
    elapsed = time.monotonic() - started

    statuses = Counter((s.kind, s.status) for s in sent)
    ok = [s for s in sent if 200 <= s.status < 300]
    print(
        f"\n{WRITERS} writers × {SECONDS:g} s on {len(servers)} servers: {len(sent)} requests in "
        f"{elapsed:.1f} s, {len(ok)} 2xx, "
        f"{sum(1 for s in sent if s.status >= 500)} 5xx: {dict(sorted(statuses.items()))}"
    )
    assert errors == []
    assert not [s for s in sent if s.status >= 500]
    assert {s.status for s in sent} == {201}, statuses

    stored_activities = {
        a.note: (a.pk, a.trajectory_id, a.on, a.kind, a.hours)
        for a in Activity.objects.filter(trajectory_id__in=trajectories)
    }
    answered_activities = {
        s.key: (s.id, s.target, today, "guidance", Decimal("0.50"))
        for s in ok
        if s.kind == "activity"
    }
    assert Activity.objects.filter(trajectory_id__in=trajectories).count() == len(
        answered_activities
    )
    assert stored_activities == answered_activities

    stored_receipts = {
        r.tracking_number: (r.pk, r.application_id, r.channel, r.received_on)
        for r in Receipt.objects.filter(application_id__in=applications)
    }
    answered_receipts = {
        s.key: (s.id, s.target, "registered_letter", date(2026, 1, 5))
        for s in ok
        if s.kind == "receipt"
    }
    assert Receipt.objects.filter(application_id__in=applications).count() == len(answered_receipts)
    assert stored_receipts == answered_receipts
