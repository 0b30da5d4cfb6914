"""Reads of trajectories: the referred partner's staff and consultants; nobody else."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.rules.trajectories import Period, PhaseDeadlines, phase_deadlines
from doorstroom.trajectories.models import Trajectory


def trajectory_list_for_user(user: User, *, state: str = "") -> QuerySet[Trajectory]:
    """The user's trajectories; ``state`` "open" or "ended" narrows them (anything else: all)."""
    queryset = Trajectory.objects.select_related("partner", "employee", "outcome")
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(partner_id=user.organisation_id or 0)
    elif user.role not in (Role.CONSULTANT, Role.ADMIN):
        queryset = queryset.none()
    if state == "open":
        queryset = queryset.filter(ended_on__isnull=True)
    elif state == "ended":
        queryset = queryset.filter(ended_on__isnull=False)
    return queryset


#: What the API's list shape (``TrajectoryOut``) reads: the partner by id, the employee's name
#: and the outcome (docs/performance.md, "Lists and details near their floor").
TRAJECTORY_LIST_COLUMNS = (
    "id",
    "referral_id",
    "employee_id",
    "partner_id",
    "started_on",
    "ended_on",
    "employee__given_name",
    "employee__family_name",
    "outcome__id",
    "outcome__trajectory_id",
    "outcome__kind",
    "outcome__on",
    "outcome__employer_enterprise_number",
    "outcome__employer_name",
    "outcome__first_working_day",
    "outcome__trace",
    "outcome__reason",
    "outcome__beyond_employee",
)


def trajectory_list_rows_for_user(user: User) -> QuerySet[Trajectory]:
    """:func:`trajectory_list_for_user` with only the API list's columns and joins."""
    return (
        trajectory_list_for_user(user)
        .select_related(None)
        .select_related("employee", "outcome")
        .only(*TRAJECTORY_LIST_COLUMNS)
    )


def trajectory_list_values_for_user(user: User) -> QuerySet[Trajectory, dict[str, Any]]:
    """:func:`trajectory_list_rows_for_user` as ``.values()`` rows of the same columns: no
    model instances for a page of 50 (``trajectories.api.trajectory_list_out`` renders them)."""
    rows: QuerySet[Trajectory, dict[str, Any]] = (
        trajectory_list_for_user(user).select_related(None).values(*TRAJECTORY_LIST_COLUMNS)
    )
    return rows


def trajectory_detail_for_user(user: User) -> QuerySet[Trajectory]:
    return trajectory_list_for_user(user).prefetch_related(
        "activities", "internships", "suspensions"
    )


def trajectory_detail_rows_for_user(user: User) -> QuerySet[Trajectory]:
    """:func:`trajectory_detail_for_user` with only what the API's detail shape reads: the
    list's columns and joins (the partner by id, the employee's name, the outcome) and the
    activities, internships and suspensions."""
    return trajectory_list_rows_for_user(user).prefetch_related(
        "activities", "internships", "suspensions"
    )


def trajectory_open_for_user(user: User) -> QuerySet[Trajectory]:
    """Running trajectories (no end date), oldest start first, with what the deadlines need."""
    return (
        trajectory_list_for_user(user, state="open")
        .prefetch_related("suspensions")
        .order_by("started_on", "id")
    )


def trajectory_deadlines(trajectory: Trajectory) -> PhaseDeadlines:
    """The phase deadlines of a trajectory as the API shows them (R12, suspensions added).

    Reads ``trajectory.suspensions`` and ``trajectory.outcome``: prefetch them for lists.
    """
    outcome = getattr(trajectory, "outcome", None)
    return phase_deadlines(
        started_on=trajectory.started_on,
        suspensions=[
            Period(starts_on=s.starts_on, ends_on=s.ends_on) for s in trajectory.suspensions.all()
        ],
        hired_on=(outcome.first_working_day or outcome.on)
        if outcome is not None and outcome.kind == "hired"
        else None,
    )


def trajectory_next_deadline(trajectory: Trajectory, *, today: date) -> date | None:
    """The first phase deadline on or after ``today``; ``None`` when every one has passed."""
    deadlines = trajectory_deadlines(trajectory)
    upcoming = [
        d
        for d in (deadlines.intake_until, deadlines.job_matching_until, deadlines.aftercare_until)
        if d is not None and d >= today
    ]
    return min(upcoming, default=None)
