"""The signed-in user of an API request (kept here so common/ never imports a domain app)."""

from __future__ import annotations

from rest_framework.request import Request

from doorstroom.accounts.models import User


def current_user(request: Request) -> User:
    """The signed-in user; every view requires authentication, so never anonymous here."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("an authenticated doorstroom user is required")
    return user
