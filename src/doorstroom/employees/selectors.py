"""Every read of employees and evaluations, scoped to the consultant role (API.md)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.employees.models import Employee, Evaluation, SupportPackage
from doorstroom.privacy.national_numbers import national_number_compact, national_number_hash


def employee_list_for_user(user: User) -> QuerySet[Employee]:
    """Consultants (and admins) work with people's records; other roles see none."""
    queryset = Employee.objects.select_related("employer", "municipality")
    if user.role not in (Role.CONSULTANT, Role.ADMIN):
        queryset = queryset.none()
    return queryset


def employee_detail_for_user(user: User) -> QuerySet[Employee]:
    return employee_list_for_user(user).prefetch_related(
        Prefetch("packages", queryset=SupportPackage.objects.order_by("version")),
        Prefetch("evaluations", queryset=Evaluation.objects.order_by("-evaluated_on", "-id")),
        "trajectories",
    )


def employee_search(user: User, *, name: str = "") -> QuerySet[Employee]:
    """Search by (part of) the given or family name, case-insensitive."""
    queryset = employee_list_for_user(user)
    for word in name.split():
        queryset = queryset.filter(Q(family_name__icontains=word) | Q(given_name__icontains=word))
    return queryset


def employee_by_national_number(user: User, national_number: str) -> QuerySet[Employee]:
    """Exact search through the keyed hash: the number itself is never compared or stored."""
    compact = national_number_compact(national_number)
    if compact is None:
        return Employee.objects.none()
    return employee_list_for_user(user).filter(national_number_hash=national_number_hash(compact))


def evaluation_list_for_user(user: User) -> QuerySet[Evaluation]:
    queryset = Evaluation.objects.select_related("employee", "adjusted_package").prefetch_related(
        "criteria"
    )
    if user.role not in (Role.CONSULTANT, Role.ADMIN):
        queryset = queryset.none()
    return queryset


def evaluation_awaiting_referral_for_user(user: User) -> QuerySet[Evaluation]:
    """Evaluations that decided transition (R7) but have no referral yet, oldest start first.

    The consultant's follow-up list: each needs a partner chosen from the ranking (R10).
    """
    return (
        evaluation_list_for_user(user)
        .select_related("employee__employer")
        .filter(decision="transition", referral__isnull=True)
        .order_by("transition_starts_on", "evaluated_on", "id")
    )
