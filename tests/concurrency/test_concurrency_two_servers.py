"""Two servers on one database, `tick` on two "hosts" at the same moment, conflicting writes.

While two `tick` processes run for the same day, clients send to both servers at once, for
the same applications: two decisions, registered letters, new recognitions of the organisation
(which reassess its open applications), and activities on one trajectory. Afterwards nothing is
duplicated and nothing is lost: one decision per application and its status says so, every
201 is a row and no 409 is, each reminder and overdue alert was queued once.
"""

from __future__ import annotations

import random
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count

from doorstroom.common import clock
from doorstroom.mandates.models import Decision, Mandate, MandateApplication, Receipt
from doorstroom.mandates.services import decision_create
from doorstroom.organisations.models import Organisation, Recognition
from doorstroom.organisations.services import organisation_create
from doorstroom.outbox.models import Notification
from doorstroom.trajectories.models import Activity
from tests import pinned_clock
from tests.concurrency.conftest import (
    POSTGRES_ONLY,
    TRANSACTIONAL,
    Answer,
    Client,
    Server,
    server_env,
    token_for,
    trajectories_for,
)
from tests.conftest import ALL_MET, complete_application
from tests.factories import enterprise_number, make_partner

pytestmark = [TRANSACTIONAL, POSTGRES_ONLY]

TICK_DAY = "2026-03-01"
ROWS = 6  # mandates in their reminder window, and overdue dossiers nobody else touches
CONTESTED = 6  # overdue dossiers that tick, deciders, letters and recognitions fight over
LETTERS = 4
RECOGNITIONS = 2
ACTIVITIES = 24

TICK = (
    "import sys, time, django\n"
    "django.setup()\n"
    "from django.core.management import call_command\n"
    "time.sleep(max(0.0, float(sys.argv[1]) - time.time()))\n"
    "call_command('tick', '--today', sys.argv[2])\n"
)


def build_tick_work() -> None:
    for i in range(ROWS):
        org = organisation_create(
            enterprise_number=enterprise_number(8_000_000 + i), name=f"P{i}", postal_code="9000"
        )
        app = complete_application(org, received_on=date(2020, 3, 2))
        decision_create(
            application=app, decided_on=date(2020, 3, 10), starts_on=None, conditions=ALL_MET
        )
        late = organisation_create(
            enterprise_number=enterprise_number(8_100_000 + i), name=f"L{i}", postal_code="9000"
        )
        complete_application(late, received_on=date(2025, 12, 31), today=date(2026, 1, 2))


@dataclass(frozen=True)
class Job:
    server: int
    token: str
    path: str
    body: dict[str, Any]
    kind: str
    target: int


def test_two_servers_and_two_ticks_lose_nothing_and_duplicate_nothing(
    servers: list[Server],
) -> None:
    build_tick_work()
    reviewer = token_for("reviewer-2s", "reviewer")
    contested: list[MandateApplication] = []
    for i in range(CONTESTED):
        org = organisation_create(
            enterprise_number=enterprise_number(8_200_000 + i), name=f"C{i}", postal_code="9000"
        )
        contested.append(
            complete_application(org, received_on=date(2025, 12, 31), today=date(2026, 1, 2))
        )
    partner = make_partner("Partner vzw", "9000")
    writer = token_for("partner-2s", "applicant", partner)
    (trajectory,) = trajectories_for(partner, 1, today=clock.today())

    jobs: list[Job] = []
    for i, app in enumerate(contested):
        base = f"/mandate-applications/{app.pk}"
        for s in (0, 1):
            body = {"decided_on": "2026-01-15", "conditions": ALL_MET}
            jobs.append(Job(s, reviewer, f"{base}/decision/", body, "decision", app.pk))
        for n in range(LETTERS):
            body = {
                "channel": "registered_letter",
                "received_on": "2026-01-05",
                "tracking_number": f"RR{i:02d}{n:02d}BE",
            }
            jobs.append(Job(n % 2, reviewer, f"{base}/receipts/", body, "receipt", app.pk))
        for n in range(RECOGNITIONS):
            body = {
                "label_number": f"L{n}",
                "registration_number": f"R{n}",
                "valid_from": "2019-09-02",  # the DWSE decree in force (2019-09-02)
                "valid_until": None,
            }
            path = f"/organisations/{app.organisation_id}/recognitions/"
            jobs.append(Job(n % 2, reviewer, path, body, "recognition", app.organisation_id))
    today = clock.today().isoformat()
    for n in range(ACTIVITIES):
        body = {"on": today, "kind": "guidance", "hours": "1.5", "note": f"a{n}"}
        path = f"/trajectories/{trajectory.pk}/activities/"
        jobs.append(Job(n % 2, writer, path, body, "activity", trajectory.pk))
    random.Random(7).shuffle(jobs)  # noqa: S311 (a fixed order, not a secret)

    start = time.time() + 5  # after both tick processes have loaded Django
    ticks = [
        subprocess.Popen(  # noqa: S603
            pinned_clock.pinned_command("-c", TICK, str(start), TICK_DAY),
            env=server_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]

    def send(job: Job) -> tuple[Job, Answer]:
        client = Client(servers[job.server], job.token)
        try:
            time.sleep(max(0.0, start - time.time()))
            return job, client.post(job.path, job.body)
        finally:
            client.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(send, jobs))
    outputs = [t.communicate(timeout=180) for t in ticks]
    assert [t.returncode for t in ticks] == [0, 0], [e.decode()[-2000:] for _, e in outputs]

    statuses = Counter((job.kind, answer.status) for job, answer in results)
    print("two servers:", dict(sorted(statuses.items())))
    assert all(answer.status < 500 for _, answer in results), statuses

    # Tick on two hosts: every reminder and overdue alert once, whoever took the row.
    assert not Notification.objects.values("dedupe_key").annotate(n=Count("id")).filter(n__gt=1)
    assert Notification.objects.filter(kind="renewal_reminder").count() == 2 * ROWS
    assert Mandate.objects.filter(renewal_reminder_queued_on=date(2026, 3, 1)).count() == ROWS
    lonely = MandateApplication.objects.filter(organisation__name__startswith="L")
    assert lonely.filter(status="overdue").count() == ROWS
    alerts = Notification.objects.filter(kind="decision_overdue")
    assert alerts.filter(payload__application__in=[a.pk for a in lonely]).count() == ROWS
    reported = sum(
        int(line.split(":")[1].split()[0])
        for out, _ in outputs
        for line in out.decode().splitlines()
        if line.startswith("renewal reminders queued")
    )
    assert reported == ROWS

    # Decisions: one per application, and nothing written later undid it.
    for app in contested:
        answers = [a for j, a in results if j.kind == "decision" and j.target == app.pk]
        assert sorted(a.status for a in answers) == [201, 409], [a.body for a in answers]
        decision = Decision.objects.get(application=app)
        fresh = MandateApplication.objects.get(pk=app.pk)
        assert fresh.status == decision.outcome == "approved", (fresh.status, decision.outcome)
        assert fresh.overdue_since is None
        assert Mandate.objects.filter(application=app).count() == 1

        letters = [a for j, a in results if j.kind == "receipt" and j.target == app.pk]
        assert {a.status for a in letters} <= {201, 409}, [a.body for a in letters]
        created = {a.body["id"] for a in letters if a.status == 201}
        in_db = set(
            Receipt.objects.filter(application=app, channel="registered_letter").values_list(
                "id", flat=True
            )
        )
        assert created == in_db
        # A letter is accepted only while the application is open: never after its decision.
        late = Receipt.objects.filter(application=app, created_at__gt=decision.created_at)
        assert not late.exists()

    recognitions = [a for j, a in results if j.kind == "recognition"]
    assert {a.status for a in recognitions} == {201}
    assert {a.body["id"] for a in recognitions} == set(
        Recognition.objects.filter(
            organisation__in=Organisation.objects.filter(name__startswith="C"),
            valid_from=date(2019, 9, 2),
        ).values_list("id", flat=True)
    )

    activities = [a for j, a in results if j.kind == "activity"]
    assert {a.status for a in activities} == {201}
    assert {(a.body["id"], a.body["note"]) for a in activities} == set(
        Activity.objects.filter(trajectory=trajectory).values_list("id", "note")
    )
