"""Every read of ESF calls and projects, scoped to what the user may see."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.esf.models import Call, Project
from doorstroom.mandates.models import Mandate


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


def project_list_with_mandate_for_user(user: User, *, on: date) -> QuerySet[Project]:
    """The user's projects, each annotated with `has_active_mandate`: whether its organisation
    holds a mandate valid on `on` (R2: approval needs one). Same query, an EXISTS subquery."""
    active = Mandate.objects.filter(
        organisation_id=OuterRef("organisation_id"), valid_from__lte=on, valid_until__gte=on
    )
    return project_list_for_user(user).annotate(has_active_mandate=Exists(active))
