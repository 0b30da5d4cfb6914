"""Writes for users and API tokens."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from doorstroom.accounts.models import Role, User
from doorstroom.common.errors import InvalidInput


def _role_checked(role: str) -> None:
    if role not in Role.values:
        raise InvalidInput("role", f"Onbekende rol '{role}'. Kies uit: {', '.join(Role.values)}.")


def _organisation_for_role(role: str, organisation_id: int | None) -> int | None:
    """The organisation a user of this role acts for: required of an applicant.

    Whether it exists is asked of the foreign key that stores it (`User.organisation`, the
    check `full_clean` makes): accounts sits below organisations (docs/architecture.md)."""
    _role_checked(role)
    if organisation_id is not None:
        try:
            User._meta.get_field("organisation").validate(organisation_id, None)
        except ValidationError as exc:
            raise InvalidInput(
                "organisation", f"Organisatie {organisation_id} bestaat niet."
            ) from exc
    if role == Role.APPLICANT and organisation_id is None:
        raise InvalidInput("organisation", "Een aanvrager hoort bij een organisatie.")
    return organisation_id


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    organisation_id: int | None = None,
    password: str | None = None,
    email: str = "",
    validate: bool = True,
) -> User:
    """Create a user with one role; an applicant belongs to exactly one organisation."""
    _role_checked(role)
    if User.objects.filter(username=username).exists():
        raise InvalidInput("username", f"Gebruiker '{username}' bestaat al.")
    organisation_id = _organisation_for_role(role, organisation_id)
    user = User(
        username=username,
        role=role,
        organisation_id=organisation_id,
        email=email,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise InvalidInput("password", " ".join(exc.messages)) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def token_create(*, username: str) -> Token:
    """The user's API key; asking again gives the same key (idempotent)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise InvalidInput("username", f"Gebruiker '{username}' bestaat niet.")
    token, _created = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def user_update(
    *,
    user: User,
    role: str,
    organisation_id: int | None = None,
    email: str = "",
    is_active: bool = True,
) -> User:
    """Change a user's role, organisation, e-mail address or access; never the password.

    The same rules as ``user_create``; besides, at least one active administrator remains (an
    administrator cannot lock everyone out, himself included)."""
    organisation_id = _organisation_for_role(role, organisation_id)
    if role != Role.APPLICANT and organisation_id is not None:
        raise InvalidInput("organisation", "Alleen een aanvrager hoort bij een organisatie.")
    user = User.objects.select_for_update().get(pk=user.pk)
    stays_admin = role == Role.ADMIN and is_active
    if user.role == Role.ADMIN and user.is_active and not stays_admin:
        others = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk)
        if not others.select_for_update().exists():
            raise InvalidInput(
                "role" if role != Role.ADMIN else "is_active",
                "Dit is de laatste actieve functioneel beheerder: maak eerst een andere "
                "gebruiker beheerder.",
            )
    user.role = role
    user.organisation_id = organisation_id
    user.email = email.strip()
    user.is_active = is_active
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save()  # save(), not update(): the token cache listens to the signal
    if not is_active:
        token_revoke(user=user)  # a blocked user keeps no API key
    return user


@transaction.atomic
def token_revoke(*, user: User) -> bool:
    """Withdraw the user's API key; True if there was one. A new key needs `token_create`."""
    deleted = 0
    for token in Token.objects.filter(user=user):
        token.delete()  # one by one: the delete signal empties the token cache
        deleted += 1
    return deleted > 0
