"""Page access: one role per view (API.md's table); records are scoped by the selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from doorstroom.accounts.models import User

View = Callable[..., HttpResponseBase]


def role_required(*roles: str) -> Callable[[View], View]:
    """Signed in, and one of these roles (admin always); otherwise the 403 page."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not isinstance(user, User) or (user.role != "admin" and user.role not in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def page_user(request: HttpRequest) -> User:
    """The signed-in user of a page guarded by role_required."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
