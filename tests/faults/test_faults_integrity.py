"""`check_integrity`: clean data passes; each invariant, broken behind the services' back, is
reported by name and makes the command fail."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Decision, Evidence, Mandate, MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.outbox.models import Notification
from doorstroom.rules.codes import CONDITIONS
from doorstroom.trajectories.models import Activity, Trajectory
from tests.conftest import ALL_MET, complete_application, make_pdf
from tests.monitoring.conftest import chain

pytestmark = pytest.mark.django_db


def run() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_integrity", stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def approved_application(organisation: Organisation) -> MandateApplication:
    application = complete_application(
        organisation, received_on=date(2024, 3, 1), today=date(2024, 3, 5)
    )
    for condition in CONDITIONS:
        mandates.evidence_add(
            application=application,
            condition=condition,
            file=io.BytesIO(make_pdf(pages=1 + CONDITIONS.index(condition))),
            original_name=f"{condition}.pdf",
        )
    mandates.decision_create(
        application=application,
        decided_on=date(2024, 3, 20),
        starts_on=date(2024, 3, 20),  # R3 bis: a new mandate starts on its decision date
        conditions=ALL_MET,
        today=date(2024, 3, 20),
    )
    return application


@pytest.fixture
def data(
    organisation: Organisation, other_organisation: Organisation, settings: Any, tmp_path: Path
) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    application = approved_application(organisation)
    ended = chain(
        other_organisation,
        referred_on=date(2024, 1, 2),
        started_on=date(2024, 1, 3),
        ended_on=date(2024, 4, 1),
        outcome="hired",
    )
    open_ = chain(other_organisation, referred_on=date(2024, 2, 2), started_on=date(2024, 2, 3))
    Notification.objects.create(
        kind="test",
        dedupe_key="k1",
        subject="s",
        body="b",
        due_on=date(2024, 3, 1),
        sent_at=timezone.now(),
        attempts=1,
    )
    return {"application": application, "ended": ended, "open": open_}


def test_clean_data_passes(data: dict[str, Any]) -> None:
    code, out = run()
    assert code == 0, out
    assert "integrity: ok" in out
    assert "BREACH" not in out


def _mandate_one_day_longer(data: dict[str, Any]) -> None:
    mandate = Mandate.objects.get(application=data["application"])
    Mandate.objects.filter(pk=mandate.pk).update(valid_until=mandate.valid_until + timedelta(1))


def _mandate_lost(data: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        # Letters refer to the mandate (renewal reminders, decision letters): they go first.
        cursor.execute(
            "DELETE FROM letters_letter WHERE mandate_id IN "
            "(SELECT id FROM mandates_mandate WHERE application_id = %s)",
            [data["application"].pk],
        )
        cursor.execute(
            "DELETE FROM mandates_mandate WHERE application_id = %s", [data["application"].pk]
        )


def _status_disagrees(data: dict[str, Any]) -> None:
    MandateApplication.objects.filter(pk=data["application"].pk).update(status="rejected")


def _evidence_corrupted(data: dict[str, Any]) -> None:
    evidence = Evidence.objects.filter(application=data["application"]).first()
    assert evidence is not None
    with open(evidence.file.path, "r+b") as handle:
        handle.seek(20)
        handle.write(b"XXXX")


def _evidence_deleted(data: dict[str, Any]) -> None:
    evidence = Evidence.objects.filter(application=data["application"]).last()
    assert evidence is not None
    Path(evidence.file.path).unlink()


def _ended_without_outcome(data: dict[str, Any]) -> None:
    Trajectory.objects.filter(pk=data["open"].trajectory.pk).update(ended_on=date(2024, 5, 1))


def _outcome_on_open_trajectory(data: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE trajectories_trajectory SET ended_on = NULL WHERE id = %s",
            [data["ended"].trajectory.pk],
        )


def _two_open_trajectories(data: dict[str, Any]) -> None:
    # The database refuses this (a partial unique index): drop it inside the test's transaction.
    second = chain(
        data["open"].referral.partner, referred_on=date(2024, 2, 5), started_on=date(2024, 2, 6)
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX one_open_trajectory_per_employee")
        cursor.execute(
            "UPDATE trajectories_trajectory SET employee_id = %s WHERE id = %s",
            [data["open"].person.pk, second.trajectory.pk],
        )


def _activity_bulk_loaded(data: dict[str, Any]) -> None:
    # bulk_create sends no signals: the trajectory's stored hours miss this activity
    trajectory = data["open"].trajectory
    Activity.objects.bulk_create(
        [Activity(trajectory=trajectory, on=date(2024, 2, 5), kind="coaching", hours=2)]
    )


def _internships_miscounted(data: dict[str, Any]) -> None:
    trajectory = data["ended"].trajectory
    Trajectory.objects.filter(pk=trajectory.pk).update(internship_count=3, suspended_days=1)


def _outbox_sent_and_failed(data: dict[str, Any]) -> None:
    Notification.objects.update(failed_permanently_at=timezone.now())


BREACHES: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "mandate_one_day_longer": (_mandate_one_day_longer, "mandate_dates", "valid_until"),
    "mandate_lost": (_mandate_lost, "one_decision_per_application", "approved without"),
    "status_disagrees": (_status_disagrees, "one_decision_per_application", "status rejected"),
    "evidence_corrupted": (_evidence_corrupted, "evidence_checksums", "sha256"),
    "evidence_deleted": (_evidence_deleted, "evidence_checksums", "file missing"),
    "ended_without_outcome": (
        _ended_without_outcome,
        "one_outcome_per_trajectory",
        "ended without an outcome",
    ),
    "outcome_on_open_trajectory": (
        _outcome_on_open_trajectory,
        "one_outcome_per_trajectory",
        "ended_on None",
    ),
    "two_open_trajectories": (_two_open_trajectories, "one_open_trajectory_per_employee", "2 open"),
    "activity_bulk_loaded": (
        _activity_bulk_loaded,
        "trajectory_totals_equal_rows",
        "stored 0.00 h, 0 internships, 0 suspended days ≠ counted 2.00 h",
    ),
    "internships_miscounted": (
        _internships_miscounted,
        "trajectory_totals_equal_rows",
        "stored 0.00 h, 3 internships, 1 suspended days ≠ counted 0.00 h, 0 internships, 0",
    ),
    "outbox_sent_and_failed": (
        _outbox_sent_and_failed,
        "outbox_consistent",
        "both sent and failed",
    ),
}


# A trajectory's end edited behind the services' back also leaves the monitoring tally (R5)
# counting the old end: a second, real breach that the check must name too.
ALSO: dict[str, set[str]] = {
    "ended_without_outcome": {"indicator_tally_equals_facts"},
    "outcome_on_open_trajectory": {"indicator_tally_equals_facts"},
}


@pytest.mark.parametrize("breach", sorted(BREACHES))
def test_each_breach_is_reported(data: dict[str, Any], breach: str) -> None:
    inject, invariant, detail = BREACHES[breach]
    inject(data)
    code, out = run()
    assert code == 1, out
    assert f"BREACH {invariant}" in out
    line = next(line for line in out.splitlines() if line.strip().startswith(invariant + ":"))
    assert detail in line, out
    others = {line.split()[1] for line in out.splitlines() if line.startswith("BREACH")}
    assert others == {invariant} | ALSO.get(breach, set()), out  # only what was broken


def test_decision_count_is_in_the_report(data: dict[str, Any]) -> None:
    _, out = run()
    assert Decision.objects.count() == 1
    assert "ok one_decision_per_application (0)" in out


def test_a_breach_of_the_trajectory_totals_is_repaired_by_a_rebuild(data: dict[str, Any]) -> None:
    from doorstroom.trajectories import totals

    _activity_bulk_loaded(data)
    _internships_miscounted(data)
    assert len(totals.differences()) == 2
    totals.rebuild()
    assert totals.differences() == []
    code, out = run()
    assert code == 0, out
