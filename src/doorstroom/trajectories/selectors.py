"""Reads of trajectories: the referred partner's staff and consultants; nobody else."""

from __future__ import annotations

from django.db.models import QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.trajectories.models import Trajectory


def trajectory_list_for_user(user: User) -> QuerySet[Trajectory]:
    queryset = Trajectory.objects.select_related("partner", "employee", "outcome")
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(partner_id=user.organisation_id or 0)
    elif user.role not in (Role.CONSULTANT, Role.ADMIN):
        queryset = queryset.none()
    return queryset


def trajectory_detail_for_user(user: User) -> QuerySet[Trajectory]:
    return trajectory_list_for_user(user).prefetch_related(
        "activities", "internships", "suspensions"
    )
