"""Every read of organisations, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.organisations.models import Organisation, ServedMunicipality


def organisation_list_for_user(user: User) -> QuerySet[Organisation]:
    """Reviewers and admins see all; an applicant its own; others (read needs) all."""
    queryset = Organisation.objects.all()
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(pk=user.organisation_id or 0)
    return queryset


def organisation_detail_for_user(user: User) -> QuerySet[Organisation]:
    """The detail with its recognitions, sites, local network and mandates in a fixed 5 queries."""
    return organisation_list_for_user(user).prefetch_related(
        "recognitions",
        "sites",
        Prefetch(
            "local_network",
            queryset=ServedMunicipality.objects.select_related("municipality").order_by(
                "municipality_id"
            ),
        ),
        "mandates",
    )
