"""Each scheduled job of `tick`: nothing the day before its date, once on the day, once only.

Counted on the outbox rows each run queues, not on what the command prints.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.selectors import employee_evaluation_due_for_user
from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.mandates import services as mandates
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.outbox.models import Notification
from doorstroom.referrals.services import referral_create
from doorstroom.rules.calendar import last_day_of_period
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.services import suspension_add, trajectory_start
from tests.conftest import ALL_MET, complete_application
from tests.factories import NATIONAL_NUMBER, enterprise_number, make_partner

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "Gunstig."}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


def tick(on: date) -> Counter[str]:
    """Run `tick` as on a day; the outbox rows it queued, counted by kind."""
    before = set(Notification.objects.values_list("pk", flat=True))
    call_command("tick", "--today", on.isoformat(), stdout=io.StringIO())
    return Counter(Notification.objects.exclude(pk__in=before).values_list("kind", flat=True))


def count(kind: str) -> int:
    return Notification.objects.filter(kind=kind).count()


# --- decision due within a week (R15) ------------------------------------------------------


def test_decision_due_alert_a_week_before_once(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2025, 12, 31), today=date(2026, 1, 2))
    app.refresh_from_db()
    assert app.decision_due_on == date(2026, 2, 28)
    assert tick(date(2026, 2, 20))["decision_due_soon"] == 0
    assert count("decision_due_soon") == 0
    assert tick(date(2026, 2, 21))["decision_due_soon"] == 1
    notice = Notification.objects.get(kind="decision_due_soon")
    assert notice.recipient_role == "reviewer"
    assert notice.payload["application"] == app.pk and app.reference in notice.subject
    assert tick(date(2026, 2, 21))["decision_due_soon"] == 0
    assert tick(date(2026, 2, 28))["decision_due_soon"] == 0
    assert count("decision_due_soon") == 1
    # the day after: overdue, a different alert
    tick(date(2026, 3, 1))
    assert count("decision_due_soon") == 1 and count("decision_overdue") == 1


def test_decided_dossier_gets_no_due_alert(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2025, 12, 31), today=date(2026, 1, 2))
    mandates.decision_create(
        application=app,
        decided_on=date(2026, 1, 10),
        starts_on=None,
        conditions=ALL_MET,
        today=date(2026, 2, 21),
    )
    tick(date(2026, 2, 21))
    assert count("decision_due_soon") == 0


# --- renewal reminders and expiry of mandates (R3) -----------------------------------------


def test_renewal_reminder_goes_to_partner_and_reviewers_and_expiry_is_announced(
    organisation: Organisation,
) -> None:
    app = complete_application(organisation, received_on=date(2020, 3, 1))
    mandates.decision_create(
        application=app, decided_on=date(2020, 3, 10), starts_on=None, conditions=ALL_MET
    )  # last day 2026-03-09; reminder 180 days before: 2025-09-10
    assert tick(date(2025, 9, 9))["renewal_reminder"] == 0
    assert tick(date(2025, 9, 10))["renewal_reminder"] == 2  # partner and reviewers
    roles = set(
        Notification.objects.filter(kind="renewal_reminder").values_list(
            "recipient_role", flat=True
        )
    )
    assert roles == {"applicant", "reviewer"}
    assert tick(date(2025, 9, 11))["renewal_reminder"] == 0
    tick(date(2026, 3, 9))
    assert count("mandate_expired") == 0
    assert tick(date(2026, 3, 10))["mandate_expired"] == 2
    assert count("mandate_expired") == 2
    tick(date(2026, 3, 11))
    assert count("mandate_expired") == 2


# --- recognitions (R1, R4) -----------------------------------------------------------------


def recognise(org: Organisation, valid_from: date, valid_until: date | None) -> None:
    organisations.recognition_create(
        organisation=org,
        label_number="L1",
        registration_number="R1",
        valid_from=valid_from,
        valid_until=valid_until,
    )


def test_recognition_reminder_and_expiry_notice_once(organisation: Organisation) -> None:
    recognise(organisation, date(2020, 1, 1), date(2026, 6, 30))  # reminder from 2026-04-01
    assert tick(date(2026, 3, 31))["recognition_expiring"] == 0
    assert tick(date(2026, 4, 1))["recognition_expiring"] == 2  # partner and reviewers
    assert tick(date(2026, 4, 2))["recognition_expiring"] == 0
    assert tick(date(2026, 6, 30))["recognition_expired"] == 0
    assert tick(date(2026, 7, 1))["recognition_expired"] == 2
    assert tick(date(2026, 7, 2))["recognition_expired"] == 0
    assert count("recognition_expiring") == 2 and count("recognition_expired") == 2


def test_recognition_followed_by_another_is_not_announced(organisation: Organisation) -> None:
    recognise(organisation, date(2020, 1, 1), date(2026, 6, 30))
    recognise(organisation, date(2026, 7, 1), None)
    tick(date(2026, 4, 1))
    tick(date(2026, 7, 1))
    assert count("recognition_expiring") == 0 and count("recognition_expired") == 0


# --- postponed referrals (R9) and trajectory phases (R12) ----------------------------------


@pytest.fixture
def employee(db: Any) -> Employee:
    employer = organisations.organisation_create(
        enterprise_number=enterprise_number(6_200_001), name="Maatwerk Gent", postal_code="9000"
    )
    return employee_create(
        national_number=NATIONAL_NUMBER,
        given_name="Sofie",
        family_name="Claes",
        postal_code="9000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=date(2022, 6, 15),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )


def refer(employee: Employee, starts_on: date) -> Any:
    today = clock.today()
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=today,
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
        transition_starts_on=starts_on,
    )
    partner = make_partner("Partner Gent vzw", "9000")
    return referral_create(evaluation=evaluation, partner=partner, referred_on=today)


def test_postponed_referral_coming_due_once(employee: Employee) -> None:
    start = clock.today() + timedelta(days=20)
    referral = refer(employee, start)
    assert tick(start - timedelta(days=1))["referral_due"] == 0
    assert tick(start)["referral_due"] == 1
    assert tick(start)["referral_due"] == 0
    assert Notification.objects.get(kind="referral_due").organisation_id == referral.partner_id


def test_phase_deadline_passed_once_and_moved_by_a_suspension(employee: Employee) -> None:
    today = clock.today()
    trajectory: Trajectory = trajectory_start(referral=refer(employee, today), started_on=today)
    intake_until = last_day_of_period(today, 1)
    kind = "phase_deadline_passed"
    assert tick(intake_until)[kind] == 0
    assert tick(intake_until + timedelta(days=1))[kind] == 2  # partner and consultants
    assert tick(intake_until + timedelta(days=2))[kind] == 0
    notices = Notification.objects.filter(kind="phase_deadline_passed")
    assert set(notices.values_list("recipient_role", flat=True)) == {"applicant", "consultant"}
    assert all(n.payload == {"trajectory": trajectory.pk, "phase": "intake"} for n in notices)
    # a suspension of 5 days inside the intake moves its deadline: announced again, later
    suspension_add(
        trajectory=trajectory, starts_on=today, ends_on=today + timedelta(days=4), reason="Ziek"
    )
    moved = intake_until + timedelta(days=5)
    assert tick(moved)[kind] == 0
    assert tick(moved + timedelta(days=1))[kind] == 2
    assert count("phase_deadline_passed") == 4


# --- support packages reaching five years (R6) ---------------------------------------------


def test_package_evaluation_due_once_and_list_until_evaluated(
    employee: Employee, make_user: Any
) -> None:
    # hired 2022-06-15: package until 2027-06-14, on the list 90 days before: 2027-03-16
    consultant = make_user("consultant")
    kind = "package_evaluation_due"
    assert tick(date(2027, 3, 15))[kind] == 0
    assert not employee_evaluation_due_for_user(consultant, today=date(2027, 3, 15)).exists()
    assert tick(date(2027, 3, 16))[kind] == 1
    notice = Notification.objects.get(kind="package_evaluation_due")
    assert notice.recipient_role == "consultant"
    assert "Claes" not in notice.body and "Sofie" not in notice.body  # no personal data
    assert tick(date(2027, 3, 17))[kind] == 0
    due = list(employee_evaluation_due_for_user(consultant, today=date(2027, 3, 16)))
    assert [e.pk for e in due] == [employee.pk]
    assert due[0].package_until == date(2027, 6, 14)  # type: ignore[attr-defined]
    assert due[0].evaluation_due_from == date(2027, 3, 16)  # type: ignore[attr-defined]
    # still on the list after the last day, until evaluated
    assert employee_evaluation_due_for_user(consultant, today=date(2027, 7, 1)).exists()
    other = make_user("applicant", employee.employer)
    assert not employee_evaluation_due_for_user(other, today=date(2027, 7, 1)).exists()


def test_an_evaluation_in_the_window_takes_the_employee_off_the_list(make_user: Any) -> None:
    today = clock.today()
    employer = organisations.organisation_create(
        enterprise_number=enterprise_number(6_200_002), name="Maatwerk Aalst", postal_code="9300"
    )
    # hired five years minus 60 days ago: the package ends in about two months
    employee = employee_create(
        national_number=NATIONAL_NUMBER,
        given_name="Jan",
        family_name="Peeters",
        postal_code="9300",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=today.replace(year=today.year - 5, day=1) + timedelta(days=60),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )
    consultant = make_user("consultant")
    assert list(employee_evaluation_due_for_user(consultant, today=today)) == [employee]
    evaluation_create(
        employee=employee,
        evaluated_on=today,
        needs_support=True,
        package_still_correct=True,
        criteria=None,
    )
    assert not employee_evaluation_due_for_user(consultant, today=today).exists()
