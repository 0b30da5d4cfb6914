"""The command line: user_create, token_create, tick and demo_load, exactly as API.md says."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.employees.models import Employee, Evaluation
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Mandate, MandateApplication
from doorstroom.organisations.models import Organisation, Recognition
from doorstroom.outbox.models import Notification
from doorstroom.referrals.models import Referral
from doorstroom.trajectories.models import Outcome, Trajectory
from tests import pinned_clock
from tests.conftest import ALL_MET, complete_application

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str | None = None, monkeypatch: Any = None) -> str:
    out = io.StringIO()
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return out.getvalue()


def test_user_create_and_token_create(organisation: Organisation, monkeypatch: Any) -> None:
    run(
        "user_create",
        "--username",
        "els",
        "--role",
        "applicant",
        "--organisation",
        str(organisation.pk),
        "--password-stdin",
        stdin="een-lang-Wachtwoord-2026\n",
        monkeypatch=monkeypatch,
    )
    user = User.objects.get(username="els")
    assert user.role == "applicant"
    assert user.organisation == organisation
    assert user.check_password("een-lang-Wachtwoord-2026")
    key = run("token_create", "--username", "els").strip()
    assert len(key) == 40 and key.isalnum()
    assert run("token_create", "--username", "els").strip() == key  # same key again


def test_user_create_refuses_bad_input() -> None:
    with pytest.raises(CommandError, match="organisatie"):
        run("user_create", "--username", "x", "--role", "applicant")
    with pytest.raises(CommandError):
        run("user_create", "--username", "x", "--role", "king")
    with pytest.raises(CommandError, match="bestaat niet"):
        run("token_create", "--username", "ghost")


def _mandate(org: Organisation, decided: date) -> Mandate:
    app = complete_application(org, received_on=decided.replace(day=1))
    mandates.decision_create(
        application=app, decided_on=decided, starts_on=None, conditions=ALL_MET
    )
    return Mandate.objects.get(application=app)


def test_tick_expires_mandates_and_queues_reminders_once(organisation: Organisation) -> None:
    mandate = _mandate(organisation, date(2020, 3, 10))  # last day 2026-03-09
    assert mandate.valid_until == date(2026, 3, 9)
    first = run("tick", "--today", "2025-12-01")
    assert "renewal reminders queued: 1" in first
    assert Notification.objects.filter(kind="renewal_reminder").count() == 2
    assert "renewal reminders queued: 0" in run("tick", "--today", "2025-12-02")
    assert Notification.objects.filter(kind="renewal_reminder").count() == 2

    run("tick", "--today", "2026-03-09")
    mandate.refresh_from_db()
    assert mandate.expired_on is None  # the last day is still inside
    out = run("tick", "--today", "2026-03-10")
    assert "mandates expired: 1" in out
    mandate.refresh_from_db()
    assert mandate.expired_on == date(2026, 3, 10)
    assert "mandates expired: 0" in run("tick", "--today", "2026-03-11")


def test_tick_marks_overdue_the_day_after_the_due_date(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2025, 12, 31), today=date(2026, 1, 2))
    app.refresh_from_db()
    assert app.decision_due_on == date(2026, 2, 28)
    assert "overdue dossiers marked: 0" in run("tick", "--today", "2026-02-28")
    assert MandateApplication.objects.get(pk=app.pk).status == "complete"
    assert "overdue dossiers marked: 1" in run("tick", "--today", "2026-03-01")
    app.refresh_from_db()
    assert app.status == "overdue"
    assert app.overdue_since == date(2026, 3, 1)
    assert "overdue dossiers marked: 0" in run("tick", "--today", "2026-03-02")
    assert Notification.objects.filter(kind="decision_overdue").count() == 1


def test_tick_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError):
        run("tick", "--today", "2026-02-30")


# The demo's stories reach more than six years back from today and the law has no values
# before 2019: on a day before 2025 demo_load cannot run, so this runs on a day of its time.
@pinned_clock.on("2026-11-01")
def test_demo_load_is_idempotent() -> None:
    out = run("demo_load")
    assert "aanvrager" in out and "beoordelaar" in out
    counts = (
        Organisation.objects.count(),
        MandateApplication.objects.count(),
        Mandate.objects.count(),
        User.objects.count(),
    )
    assert counts[0] >= 15
    statuses = set(MandateApplication.objects.values_list("status", flat=True))
    assert {"draft", "incomplete", "complete", "overdue", "approved", "rejected"} <= statuses
    assert {"inadmissible", "withdrawn"} <= statuses  # the two other endings (R15)
    partial = Mandate.objects.filter(application__frameworks="lde,maatwerk", frameworks="maatwerk")
    assert partial.exists()  # R13: expertise shown for maatwerk only
    renewal = Mandate.objects.filter(application__kind="renewal").select_related(
        "application__renews"
    )
    assert any(
        m.valid_from == m.application.renews.valid_until + timedelta(days=1) for m in renewal
    )  # R3 bis: decided while the predecessor runs, starts the day after it
    recognitions = Recognition.objects.all()
    today = clock.today()
    assert recognitions.filter(valid_from__gt=today).exists()  # future
    assert recognitions.filter(valid_until__lt=today).exists()  # expired
    assert recognitions.filter(valid_from__lte=today, valid_until__isnull=True).exists()
    assert Organisation.objects.filter(recognitions__isnull=True).exists()  # none
    assert Employee.objects.count() >= 250
    assert set(Evaluation.objects.values_list("decision", flat=True)) == {
        "transition",
        "no_transition",
    }
    assert Referral.objects.filter(trajectory__isnull=True).exists()  # referred, not started
    assert Referral.objects.exclude(override_reason="").exists()  # not the first-ranked
    assert Trajectory.objects.filter(ended_on__isnull=True, suspensions__isnull=False).exists()
    assert set(Outcome.objects.values_list("kind", flat=True)) == {"hired", "returned", "stopped"}
    run("demo_load")
    assert counts == (
        Organisation.objects.count(),
        MandateApplication.objects.count(),
        Mandate.objects.count(),
        User.objects.count(),
    )
