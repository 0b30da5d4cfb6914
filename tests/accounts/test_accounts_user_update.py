"""user_update and token_revoke: the administrator's changes to a user, never a password."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from doorstroom.accounts.models import User
from doorstroom.accounts.services import token_create, token_revoke, user_create, user_update
from doorstroom.common.errors import InvalidInput
from doorstroom.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_reviewer_becomes_an_applicant_of_an_organisation(organisation: Organisation) -> None:
    user = user_create(username="an", role="reviewer")
    user_update(
        user=user, role="applicant", organisation_id=organisation.pk, email=" an@example.be "
    )
    user.refresh_from_db()
    assert (user.role, user.organisation_id, user.email) == (
        "applicant",
        organisation.pk,
        "an@example.be",
    )
    assert not user.is_staff and not user.is_superuser


def test_an_administrator_gets_the_django_admin_too() -> None:
    user_create(username="eerste", role="admin")
    user = user_update(user=user_create(username="bert", role="consultant"), role="admin")
    assert user.is_staff and user.is_superuser


def test_the_password_is_left_alone() -> None:
    user = user_create(username="cis", role="reviewer", password="een-lang-Wachtwoord-2026")
    user_update(user=user, role="consultant")
    user.refresh_from_db()
    assert user.check_password("een-lang-Wachtwoord-2026")


@pytest.mark.parametrize(
    ("role", "with_organisation", "field"),
    [
        ("boss", False, "role"),
        ("applicant", False, "organisation"),
        ("reviewer", True, "organisation"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_changes(
    organisation: Organisation, role: str, with_organisation: bool, field: str
) -> None:
    user = user_create(username="dirk", role="reviewer")
    with pytest.raises(InvalidInput) as refused:
        user_update(
            user=user,
            role=role,
            organisation_id=organisation.pk if with_organisation else None,
            is_active=False,
        )
    assert refused.value.field == field
    user.refresh_from_db()
    assert (user.role, user.organisation_id, user.is_active) == ("reviewer", None, True)


def test_an_unknown_organisation_is_refused() -> None:
    user = user_create(username="els", role="reviewer")
    with pytest.raises(InvalidInput) as refused:
        user_update(user=user, role="applicant", organisation_id=999_999)
    assert refused.value.field == "organisation"


@pytest.mark.parametrize(
    ("role", "active", "field"), [("reviewer", True, "role"), ("admin", False, "is_active")]
)
def test_the_last_active_administrator_stays(role: str, active: bool, field: str) -> None:
    admin = user_create(username="fien", role="admin")
    with pytest.raises(InvalidInput) as refused:
        user_update(user=admin, role=role, is_active=active)
    assert refused.value.field == field
    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == ("admin", True)


def test_with_a_second_administrator_the_first_may_step_down() -> None:
    first = user_create(username="gert", role="admin")
    user_create(username="hilde", role="admin")
    assert user_update(user=first, role="reviewer").role == "reviewer"


def test_a_blocked_user_loses_the_api_key(django_user_model: Any) -> None:
    user = user_create(username="ine", role="consultant")
    token_create(username="ine")
    user_update(user=user, role="consultant", is_active=False)
    assert not User.objects.get(pk=user.pk).is_active
    assert not Token.objects.filter(user=user).exists()


def test_token_revoke_says_whether_there_was_a_key() -> None:
    user = user_create(username="jan", role="consultant")
    token_create(username="jan")
    assert token_revoke(user=user) is True
    assert token_revoke(user=user) is False
    assert not Token.objects.filter(user=user).exists()
