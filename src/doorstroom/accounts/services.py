"""Writes for users and API tokens."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from doorstroom.accounts.models import Role, User
from doorstroom.common.errors import InvalidInput
from doorstroom.organisations.models import Organisation


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
    if role not in Role.values:
        raise InvalidInput("role", f"Onbekende rol '{role}'. Kies uit: {', '.join(Role.values)}.")
    if User.objects.filter(username=username).exists():
        raise InvalidInput("username", f"Gebruiker '{username}' bestaat al.")
    organisation = None
    if organisation_id is not None:
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise InvalidInput("organisation", f"Organisatie {organisation_id} bestaat niet.")
    if role == Role.APPLICANT and organisation is None:
        raise InvalidInput("organisation", "Een aanvrager hoort bij een organisatie.")
    user = User(
        username=username,
        role=role,
        organisation=organisation,
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
