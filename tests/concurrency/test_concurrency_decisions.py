"""20 decisions on one application at the same moment, over HTTP on two servers: one wins."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from doorstroom.mandates.models import ConditionJudgement, Decision, Mandate, MandateApplication
from doorstroom.organisations.services import organisation_create
from tests.concurrency.conftest import (
    POSTGRES_ONLY,
    TRANSACTIONAL,
    Answer,
    Client,
    Server,
    token_for,
)
from tests.conftest import ALL_MET, complete_application

pytestmark = [TRANSACTIONAL, POSTGRES_ONLY]

REQUESTS = 20


def test_twenty_simultaneous_decisions_one_201_nineteen_409(servers: list[Server]) -> None:
    org = organisation_create(
        enterprise_number="0403.170.701", name="Jobkracht Gent vzw", postal_code="9000"
    )
    application = complete_application(org, received_on=date(2022, 3, 1))
    token = token_for("reviewer-race", "reviewer")
    url = f"/mandate-applications/{application.pk}/decision/"
    body = {"decided_on": "2022-03-01", "conditions": ALL_MET}

    barrier = threading.Barrier(REQUESTS)
    answers: list[Answer] = []
    errors: list[BaseException] = []

    def decide(n: int) -> None:
        client = Client(servers[n % len(servers)], token)
        try:
            client.conn = client.server.connection()
            client.conn.connect()  # connected before the barrier: the posts leave together
            barrier.wait(timeout=60)
            answers.append(client.post(url, body))
        except BaseException as exc:
            errors.append(exc)
        finally:
            client.close()

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    statuses = sorted(a.status for a in answers)
    assert statuses == [201] + [409] * (REQUESTS - 1), statuses
    winner = next(a for a in answers if a.status == 201)
    assert winner.body["outcome"] == "approved"
    for answer in answers:
        if answer.status == 409:
            assert answer.content_type == "application/problem+json"
            codes: list[Any] = [r["code"] for r in answer.body["reasons"]]
            assert codes == ["state_conflict"]
    assert Decision.objects.count() == 1
    assert ConditionJudgement.objects.count() == 5
    assert Mandate.objects.count() == 1
    application = MandateApplication.objects.get(pk=application.pk)
    assert application.status == "approved"
