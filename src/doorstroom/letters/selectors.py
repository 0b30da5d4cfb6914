"""Reads of letters, scoped like their subject: an application's letters like the application
(applicant: its own organisation; reviewer, admin: all), a referral notice like the referral
(applicant: the referred partner; consultant, admin: all)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from doorstroom.accounts.models import User
from doorstroom.letters.models import Letter
from doorstroom.mandates.selectors import application_list_for_user
from doorstroom.referrals.selectors import referral_list_for_user


def letter_list_for_user(user: User) -> QuerySet[Letter]:
    applications = application_list_for_user(user).values("pk")
    referrals = referral_list_for_user(user).values("pk")
    return Letter.objects.filter(
        Q(referral__isnull=True, application__in=applications)
        | Q(referral__isnull=False, referral__in=referrals)
    ).order_by("created_at", "id")


def letters_of_application(user: User, application_id: int) -> QuerySet[Letter]:
    return letter_list_for_user(user).filter(application_id=application_id, referral__isnull=True)


def letters_of_referral(user: User, referral_id: int) -> QuerySet[Letter]:
    return letter_list_for_user(user).filter(referral_id=referral_id)
