"""Every read of ESF calls and projects, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.esf.models import Call, Project


def call_list_for_user(user: User) -> QuerySet[Call]:
    """Calls are public: every signed-in role may read them."""
    return Call.objects.all()


def project_list_for_user(user: User) -> QuerySet[Project]:
    queryset = Project.objects.select_related("organisation", "call", "decision")
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(organisation_id=user.organisation_id or 0)
    elif user.role not in (Role.ESF_OFFICER, Role.ADMIN, Role.REVIEWER):
        queryset = queryset.none()
    return queryset
