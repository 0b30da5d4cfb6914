"""Reads of referrals: consultants see all, a partner's staff the ones sent to them."""

from __future__ import annotations

from django.db.models import QuerySet

from doorstroom.accounts.models import Role, User
from doorstroom.referrals.models import Referral


def referral_list_for_user(user: User) -> QuerySet[Referral]:
    queryset = Referral.objects.select_related("partner", "employee", "evaluation")
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(partner_id=user.organisation_id or 0)
    elif user.role not in (Role.CONSULTANT, Role.ADMIN):
        queryset = queryset.none()
    return queryset


def referral_awaiting_start_for_user(user: User) -> QuerySet[Referral]:
    """Referrals whose trajectory has not started yet, the earliest due date first (R9)."""
    return (
        referral_list_for_user(user)
        .filter(trajectory__isnull=True)
        .order_by("due_on", "referred_on", "id")
    )
