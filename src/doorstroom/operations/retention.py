"""Retention (GDPR art. 5(1)(e), storage limitation): forget people whose trajectories closed
long ago, keep the counts.

An employee is due when every trajectory of theirs has ended with an outcome on or before the
cut-off (today minus `retention_years`, the value in force today), nothing of theirs is open
(no open trajectory, no referral still waiting for its trajectory) and they were not evaluated
after the cut-off. Pseudonymising such an employee
- replaces the name and the national-number hash and mask (the hash by a random value, so the
  person cannot be found again by their number), and removes the history rows that held them;
- empties the free texts written about them (activity notes, suspension reasons, internship
  results, outcome reasons, criterion motivations, override reasons), history included;
- keeps every row, date, code, municipality, framework and target group, so the monitoring
  indicators (R5) count exactly what they counted before;
- writes one row per person to the processing log (purpose `retention`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import uuid4

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from doorstroom.accounts.models import User
from doorstroom.employees.models import CriterionJudgement, Employee, Evaluation
from doorstroom.privacy.services import access_log_record
from doorstroom.referrals.models import Referral
from doorstroom.rules.calendar import add_years
from doorstroom.rules.params import ParameterValue, parameter
from doorstroom.trajectories.models import Activity, Internship, Outcome, Suspension, Trajectory

PSEUDONYM_PREFIX = "anon:"
MASK = "**.**.**-***.**"
PSEUDONYM_NAME = "Geanonimiseerd"
PURPOSE = "retention: pseudonymised"


@dataclass(frozen=True)
class RetentionPlan:
    today: date
    years: int
    cutoff: date
    parameter: ParameterValue | None
    employee_ids: tuple[int, ...]
    trajectories: int


def retention_plan(*, today: date, years: int | None = None) -> RetentionPlan:
    """Who is due for pseudonymisation on `today` (reads only; the dry run shows this)."""
    used = None if years is not None else parameter("retention_years", today)
    period = years if years is not None else used.as_int()  # type: ignore[union-attr]
    if period < 1:
        raise ValueError("The retention period is at least one year.")
    cutoff = add_years(today, -period)
    ids = tuple(_due(cutoff).values_list("id", flat=True))
    trajectories = Trajectory.objects.filter(employee_id__in=ids).count()
    return RetentionPlan(
        today=today,
        years=period,
        cutoff=cutoff,
        parameter=used,
        employee_ids=ids,
        trajectories=trajectories,
    )


def _due(cutoff: date) -> QuerySet[Employee]:
    """Employees whose last outcome is on or before `cutoff` and who have nothing open."""
    trajectory = Trajectory.objects.filter(employee=OuterRef("pk"))
    late_outcome = Outcome.objects.filter(trajectory__employee=OuterRef("pk"), on__gt=cutoff)
    open_trajectory = Trajectory.objects.filter(employee=OuterRef("pk"), ended_on__isnull=True)
    unfinished = Trajectory.objects.filter(employee=OuterRef("pk"), outcome__isnull=True)
    waiting_referral = Referral.objects.filter(employee=OuterRef("pk"), trajectory__isnull=True)
    late_evaluation = Evaluation.objects.filter(employee=OuterRef("pk"), evaluated_on__gt=cutoff)
    return (
        Employee.objects.exclude(national_number_hash__startswith=PSEUDONYM_PREFIX)
        .filter(Exists(trajectory))
        .filter(~Exists(late_outcome))
        .filter(~Exists(open_trajectory))
        .filter(~Exists(unfinished))
        .filter(~Exists(waiting_referral))
        .filter(~Exists(late_evaluation))
        .order_by("id")
    )


def _blank(model: type, field: str, condition: Q) -> None:
    """Empty a free-text field in the rows and in their history (django-simple-history)."""
    model._default_manager.filter(condition).update(**{field: ""})  # type: ignore[attr-defined]
    history = getattr(model, "history", None)
    if history is not None:
        history.filter(condition).update(**{field: ""})


@transaction.atomic
def _pseudonymise(candidates: list[int], *, cutoff: date, user: User | None) -> int:
    # Checked again inside the transaction: something may have been opened since the plan.
    employee_ids = list(
        _due(cutoff)
        .filter(pk__in=candidates)
        .select_for_update(of=("self",))
        .values_list("id", flat=True)
    )
    for pk in employee_ids:
        Employee.objects.filter(pk=pk).update(
            national_number_hash=f"{PSEUDONYM_PREFIX}{uuid4().hex}",
            national_number_masked=MASK,
            given_name=PSEUDONYM_NAME,
            family_name=PSEUDONYM_NAME,
        )
    Employee.history.filter(id__in=employee_ids).delete()
    in_trajectory = Q(trajectory__employee_id__in=employee_ids)
    _blank(Activity, "note", in_trajectory)
    _blank(Suspension, "reason", in_trajectory)
    _blank(Internship, "result", in_trajectory)
    _blank(Outcome, "reason", in_trajectory)
    _blank(Referral, "override_reason", Q(employee_id__in=employee_ids))
    CriterionJudgement.objects.filter(evaluation__employee_id__in=employee_ids).update(
        motivation=""
    )
    access_log_record(user=user, employee_ids=employee_ids, purpose=PURPOSE, path="retention")
    return len(employee_ids)


def retention_apply(*, plan: RetentionPlan, user: User | None = None, chunk: int = 500) -> int:
    """Pseudonymise the plan's employees, one transaction per chunk; returns how many."""
    done = 0
    for start in range(0, len(plan.employee_ids), chunk):
        ids = list(plan.employee_ids[start : start + chunk])
        done += _pseudonymise(ids, cutoff=plan.cutoff, user=user)
    return done


def pseudonymised(employee_ids: Iterable[int]) -> int:
    """How many of these employees are pseudonymised (for reports and tests)."""
    return Employee.objects.filter(
        pk__in=list(employee_ids), national_number_hash__startswith=PSEUDONYM_PREFIX
    ).count()
