"""`tick` started twice at the same moment does the work exactly once (PostgreSQL row locks)."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.mandates.models import Mandate, MandateApplication
from doorstroom.mandates.services import decision_create
from doorstroom.organisations.services import organisation_create, recognition_create
from doorstroom.outbox.models import Notification
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.services import trajectory_start
from tests import factories
from tests.conftest import ALL_MET, complete_application
from tests.factories import make_partner

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
    ),
]

ROWS = 12


def enterprise_number(i: int) -> str:
    return factories.enterprise_number(8_000_000 + i)


FAVOURABLE = {
    c: {"favourable": True, "motivation": "Gunstig."}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


def national_number(i: int) -> str:
    return factories.national_number(i + 1)


def build_people() -> None:
    """ROWS employees whose package ends 2026-03-31 (on the evaluation-due list on 2026-03-01)
    and ROWS trajectories started 2026-01-15 (intake passed on 2026-02-15)."""
    employer = organisation_create(
        enterprise_number=enterprise_number(300), name="Maatwerk", postal_code="9000"
    )
    partner = make_partner("Partner Gent vzw", "9000")
    for i in range(ROWS):
        employee_create(
            national_number=national_number(i),
            given_name="Werknemer",
            family_name=f"Pakket {i}",
            postal_code="9000",
            employer=employer,
            framework="maatwerk",
            target_group="work_disability",
            hired_on=date(2021, 4, 1),
            package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
        )
        employee = employee_create(
            national_number=national_number(100 + i),
            given_name="Werknemer",
            family_name=f"Traject {i}",
            postal_code="9000",
            employer=employer,
            framework="maatwerk",
            target_group="work_disability",
            hired_on=date(2015, 4, 1),
        )
        evaluation = evaluation_create(
            employee=employee,
            evaluated_on=date(2026, 1, 10),
            needs_support=False,
            package_still_correct=True,
            criteria=FAVOURABLE,
        )
        referral = referral_create(
            evaluation=evaluation, partner=partner, referred_on=date(2026, 1, 12)
        )
        trajectory_start(referral=referral, started_on=date(2026, 1, 15))


def build() -> None:
    """ROWS of each: mandates in their reminder window, overdue dossiers, dossiers due within a
    week, recognitions in their reminder window, packages ending, phase deadlines passed."""
    for i in range(ROWS):
        org = organisation_create(
            enterprise_number=enterprise_number(i), name=f"Partner {i}", postal_code="9000"
        )
        app = complete_application(org, received_on=date(2020, 3, 2))
        decision_create(
            application=app, decided_on=date(2020, 3, 10), starts_on=None, conditions=ALL_MET
        )
        late = organisation_create(
            enterprise_number=enterprise_number(100 + i), name=f"Laat {i}", postal_code="9000"
        )
        complete_application(late, received_on=date(2025, 12, 31), today=date(2026, 1, 2))
        soon = organisation_create(
            enterprise_number=enterprise_number(200 + i), name=f"Bijna {i}", postal_code="9000"
        )
        # complete 2026-01-03, due 2026-03-03: within a week of 2026-03-01
        complete_application(soon, received_on=date(2026, 1, 3), today=date(2026, 1, 5))
        ending = organisation_create(
            enterprise_number=enterprise_number(400 + i), name=f"Erkenning {i}", postal_code="9000"
        )
        recognition_create(
            organisation=ending,
            label_number="L",
            registration_number="R",
            valid_from=date(2020, 1, 1),
            valid_until=date(2026, 4, 15),
        )
    build_people()


def test_two_ticks_at_once_do_the_work_once() -> None:
    build()
    barrier = threading.Barrier(2)
    outputs: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            out = io.StringIO()
            call_command("tick", "--today", "2026-03-01", stdout=out)
            outputs.append(out.getvalue())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(outputs) == 2
    # Each reminder and each overdue alert exactly once, whichever tick took the row.
    assert Notification.objects.filter(kind="renewal_reminder").count() == 2 * ROWS
    assert Notification.objects.filter(kind="decision_overdue").count() == ROWS
    assert Mandate.objects.filter(renewal_reminder_queued_on=date(2026, 3, 1)).count() == ROWS
    assert MandateApplication.objects.filter(status="overdue").count() == ROWS
    total = sum(
        int(line.split(":")[1].split()[0])
        for o in outputs
        for line in o.splitlines()
        if line.startswith("renewal reminders queued")
    )
    assert total == ROWS
    assert Notification.objects.filter(kind="decision_due_soon").count() == ROWS
    assert Notification.objects.filter(kind="recognition_expiring").count() == 2 * ROWS
    assert Notification.objects.filter(kind="package_evaluation_due").count() == ROWS
    assert Notification.objects.filter(kind="phase_deadline_passed").count() == 2 * ROWS
    for prefix in (
        "decisions due soon alerted",
        "recognition reminders queued",
        "support package evaluations due",
        "trajectory phase deadlines passed",
    ):
        done = sum(
            int(line.split(":")[1].split()[0])
            for o in outputs
            for line in o.splitlines()
            if line.startswith(prefix)
        )
        assert done == ROWS, prefix
