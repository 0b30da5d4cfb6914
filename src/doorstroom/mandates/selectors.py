"""Every read of applications and mandates, scoped to what the user may see."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.mandates.models import Mandate, MandateApplication
from doorstroom.organisations.models import Recognition


def application_list_for_user(user: User) -> QuerySet[MandateApplication]:
    """Applicants see their own organisation's applications; reviewers and admins all."""
    queryset = MandateApplication.objects.select_related("organisation")
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(organisation_id=user.organisation_id or 0)
    elif user.role not in (Role.REVIEWER, Role.ADMIN):
        queryset = queryset.none()
    return queryset


def application_detail_for_user(user: User) -> QuerySet[MandateApplication]:
    """Everything the detail and its assessment read, in a fixed number of queries."""
    return application_list_for_user(user).prefetch_related(
        "signatories",
        "receipts",
        "evidence",
        Prefetch("organisation__recognitions", queryset=Recognition.objects.order_by("id")),
        "decision__judgements",
        "mandate",
    )


def mandate_list_for_user(
    user: User, *, organisation: int | None = None, active_on: date | None = None
) -> QuerySet[Mandate]:
    """Mandates are public facts for VDAB and ESF staff; an applicant sees its own."""
    queryset = Mandate.objects.select_related("organisation").order_by("-valid_from", "-id")
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(organisation_id=user.organisation_id or 0)
    if organisation is not None:
        queryset = queryset.filter(organisation_id=organisation)
    if active_on is not None:
        queryset = queryset.filter(Q(valid_from__lte=active_on) & Q(valid_until__gte=active_on))
    return queryset
