"""Every write on trajectories: start, activities, internships, suspensions, outcome (R12)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.common.errors import InvalidInput, RuleViolation, StateConflict
from doorstroom.common.identifiers import enterprise_number_compact
from doorstroom.employees.services import PackageInput, support_package_add
from doorstroom.organisations.partner_facts import experience_add, stamp_bump
from doorstroom.referrals.models import Referral
from doorstroom.rules import trajectories as rules
from doorstroom.rules.codes import ACTIVITY_KINDS, INTERNSHIP_RESULTS, OUTCOME_KINDS
from doorstroom.trajectories.models import (
    Activity,
    Internship,
    Outcome,
    Suspension,
    Trajectory,
)


def suspension_periods(trajectory: Trajectory) -> list[rules.Period]:
    return [
        rules.Period(starts_on=s.starts_on, ends_on=s.ends_on) for s in trajectory.suspensions.all()
    ]


def _not_future(field: str, on: date) -> None:
    if on > clock.today():
        raise InvalidInput(field, "Deze datum mag niet in de toekomst liggen.")


def _locked(trajectory: Trajectory) -> Trajectory:
    return Trajectory.objects.select_for_update().get(pk=trajectory.pk)


def _ensure_open(trajectory: Trajectory) -> None:
    if trajectory.ended_on is not None:
        raise StateConflict("Dit traject is afgesloten.")


@transaction.atomic
def trajectory_start(*, referral: Referral, started_on: date) -> Trajectory:
    """The partner starts the trajectory, not before the planned start (R9); one open at a time."""
    _not_future("started_on", started_on)
    if started_on < referral.due_on:
        raise InvalidInput(
            "started_on",
            f"Het traject kan pas starten op {referral.due_on.isoformat()} (uitgestelde start).",
        )
    if Trajectory.objects.filter(referral=referral).exists():
        raise StateConflict("Voor deze toeleiding loopt al een traject.")
    if Trajectory.objects.filter(employee_id=referral.employee_id, ended_on__isnull=True).exists():
        raise StateConflict("Deze werknemer heeft al een lopend traject.")
    try:
        with transaction.atomic():
            trajectory = Trajectory.objects.create(
                referral=referral,
                employee_id=referral.employee_id,
                partner_id=referral.partner_id,
                started_on=started_on,
            )
    except IntegrityError as exc:
        raise StateConflict("Deze werknemer heeft al een lopend traject.") from exc
    stamp_bump()  # the partner's load (shown beside the ranking, R11)
    return trajectory


@transaction.atomic
def activity_record(
    *,
    trajectory: Trajectory,
    on: date,
    kind: str,
    hours: Decimal,
    note: str = "",
    recorded_by: User | None = None,
) -> Activity:
    if kind not in ACTIVITY_KINDS:
        raise InvalidInput("kind", f"Kies een soort activiteit: {', '.join(ACTIVITY_KINDS)}.")
    if not Decimal(0) < hours <= Decimal(24):
        raise InvalidInput("hours", "Het aantal uren ligt tussen 0 en 24.")
    _not_future("on", on)
    trajectory = _locked(trajectory)
    if on < trajectory.started_on:
        raise InvalidInput("on", "De activiteit valt vóór de start van het traject.")
    if trajectory.ended_on is not None and kind != "aftercare" and on > trajectory.ended_on:
        raise StateConflict("Het traject is afgesloten; enkel nazorg kan nog.")
    return Activity.objects.create(
        trajectory=trajectory,
        on=on,
        kind=kind,
        hours=hours,
        note=note.strip(),
        recorded_by=recorded_by,
    )


@transaction.atomic
def internship_add(
    *,
    trajectory: Trajectory,
    employer_enterprise_number: str,
    employer_name: str,
    vacancy: str,
    starts_on: date,
    ends_on: date,
) -> Internship:
    """An internship at a future regular employer, tied to a vacancy, at most 3 months (R12)."""
    compact = enterprise_number_compact(employer_enterprise_number)
    if compact is None:
        raise InvalidInput(
            "employer_enterprise_number",
            "Vul een geldig ondernemingsnummer van de stagewerkgever in.",
            code="enterprise_number_invalid",
        )
    if not vacancy.strip():
        raise InvalidInput("vacancy", "Een stage hoort bij een concrete vacature.")
    if ends_on < starts_on:
        raise InvalidInput("ends_on", "De einddatum mag niet vóór de begindatum liggen.")
    trajectory = _locked(trajectory)
    _ensure_open(trajectory)
    check = rules.internship_check(
        starts_on=starts_on,
        ends_on=ends_on,
        trajectory_started_on=trajectory.started_on,
        trajectory_ended_on=trajectory.ended_on,
        suspensions=suspension_periods(trajectory),
    )
    if not check.allowed:
        raise RuleViolation(
            "Deze stage past niet binnen de regels.", reasons=check.blocking_reasons
        )
    return Internship.objects.create(
        trajectory=trajectory,
        employer_enterprise_number=compact,
        employer_name=employer_name.strip(),
        vacancy=vacancy.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        trace={"period": check.as_trace()},
    )


@transaction.atomic
def internship_result_record(
    *, internship: Internship, result: str, result_on: date, today: date | None = None
) -> Internship:
    """Record how the internship ended: ``hired``, ``not_hired`` or ``stopped_early`` (R12).

    Dated within the window of ``rules.internship_result_window`` (422 otherwise) and never in
    the future. Recorded once: a second result is a 409 (the result is a fact reported to the
    employer and in the monitoring; a mistake is corrected by the administrator, whose change
    the history keeps). Also after the trajectory ended: the employer's answer may come later.
    """
    if result not in INTERNSHIP_RESULTS:
        raise InvalidInput("result", f"Kies een resultaat: {', '.join(INTERNSHIP_RESULTS)}.")
    if result_on > (today or clock.today()):
        raise InvalidInput("result_on", "Deze datum mag niet in de toekomst liggen.")
    locked = Internship.objects.select_for_update().select_related("trajectory")
    internship = locked.get(pk=internship.pk)
    if internship.result:
        raise StateConflict("Het resultaat van deze stage is al geregistreerd.")
    check = rules.internship_result_check(
        result=result,
        result_on=result_on,
        starts_on=internship.starts_on,
        ends_on=internship.ends_on,
        trajectory_started_on=internship.trajectory.started_on,
    )
    if not check.allowed:
        raise RuleViolation(
            "Dit resultaat kan niet op deze datum vallen.", reasons=check.blocking_reasons
        )
    internship.result = result
    internship.result_on = result_on
    internship.trace = {**internship.trace, "result": check.as_trace()}
    internship.save(update_fields=["result", "result_on", "trace", "updated_at"])
    return internship


@transaction.atomic
def suspension_add(
    *, trajectory: Trajectory, starts_on: date, ends_on: date, reason: str
) -> Suspension:
    """Suspend the trajectory; every running deadline moves by the suspended days."""
    if ends_on < starts_on:
        raise InvalidInput("ends_on", "De einddatum mag niet vóór de begindatum liggen.")
    if not reason.strip():
        raise InvalidInput("reason", "Geef de reden van de schorsing.")
    trajectory = _locked(trajectory)
    _ensure_open(trajectory)
    if starts_on < trajectory.started_on:
        raise InvalidInput("starts_on", "De schorsing valt vóór de start van het traject.")
    if trajectory.suspensions.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise InvalidInput("starts_on", "Deze schorsing overlapt met een eerdere schorsing.")
    return Suspension.objects.create(
        trajectory=trajectory, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )


@transaction.atomic
def outcome_record(
    *,
    trajectory: Trajectory,
    kind: str,
    on: date,
    employer_enterprise_number: str = "",
    employer_name: str = "",
    first_working_day: date | None = None,
    reason: str = "",
    beyond_employee: bool = False,
    recorded_by: User | None = None,
) -> Outcome:
    """End the trajectory with its one outcome; a failure beyond the employee resets the
    package to the fallback package in force on the outcome day while a new trajectory is
    awaited. A ``hired`` outcome names the regular employer (enterprise number, mod 97) and
    the first working day there (``first_working_day``; the outcome day when omitted),
    within ``rules.first_working_day_window``. The outcome keeps its check as ``trace``."""
    if kind not in OUTCOME_KINDS:
        raise InvalidInput("kind", f"Kies een uitkomst: {', '.join(OUTCOME_KINDS)}.")
    _not_future("on", on)
    compact = ""
    if kind == "hired":
        compact = enterprise_number_compact(employer_enterprise_number or "") or ""
        if not compact:
            raise InvalidInput(
                "employer_enterprise_number",
                "Vul het ondernemingsnummer van de reguliere werkgever in.",
                code="enterprise_number_invalid",
            )
        first_working_day = first_working_day or on
    elif first_working_day is not None:
        raise InvalidInput(
            "first_working_day", "Een eerste werkdag hoort enkel bij een aanwerving (hired)."
        )
    if kind == "stopped" and not reason.strip():
        raise InvalidInput("reason", "Geef de reden waarom het traject stopte.")
    trajectory = _locked(trajectory)
    if Outcome.objects.filter(trajectory=trajectory).exists():
        raise StateConflict("Dit traject heeft al een uitkomst.")
    check = rules.outcome_check(
        kind=kind, on=on, started_on=trajectory.started_on, first_working_day=first_working_day
    )
    if not check.allowed:
        raise RuleViolation("Deze uitkomst is niet mogelijk.", reasons=check.blocking_reasons)
    try:
        with transaction.atomic():
            outcome = Outcome.objects.create(
                trajectory=trajectory,
                kind=kind,
                on=on,
                employer_enterprise_number=compact,
                employer_name=employer_name.strip(),
                first_working_day=first_working_day,
                reason=reason.strip(),
                beyond_employee=beyond_employee,
                recorded_by=recorded_by,
                trace={"outcome": check.as_trace()},
            )
            experience_add(
                partner_id=trajectory.partner_id,
                target_groups=trajectory.employee.target_groups,
                hired=kind == "hired",
            )
    except IntegrityError as exc:
        raise StateConflict("Dit traject heeft al een uitkomst.") from exc
    trajectory.ended_on = on
    trajectory.save(update_fields=["ended_on", "updated_at"])
    stamp_bump()  # the partner's experience (R10) and load (R11)
    fallback = rules.package_after_outcome(kind=kind, beyond_employee=beyond_employee, on=on)
    if fallback is not None:
        percent, level, _params = fallback
        support_package_add(
            employee=trajectory.employee,
            package=PackageInput(wage_premium_percent=percent, guidance_level=level),
            valid_from=on,
            reason="terugval na traject zonder schuld van de werknemer",
            created_by=recorded_by,
        )
    return outcome
