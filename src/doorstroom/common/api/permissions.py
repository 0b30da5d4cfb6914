"""Role checks for the API (API.md's role table); record scoping lives in the selectors."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


def roles(*allowed: str, read: tuple[str, ...] = ()) -> type[BasePermission]:
    """A permission class: `allowed` roles may do anything, `read` roles only safe methods.

    `admin` may do everything (API.md). A role outside both answers 403.
    """

    class RolePermission(BasePermission):
        message = "Uw rol mag deze actie niet uitvoeren."

        def has_permission(self, request: Request, view: Any) -> bool:
            user = request.user
            if user is None or not user.is_authenticated:
                return False
            if not hasattr(view, (request.method or "").lower()):
                return True  # let the view answer 405 rather than hide it behind a 403
            role = getattr(user, "role", "")
            if role == "admin" or role in allowed:
                return True
            return request.method in SAFE_METHODS and role in read

    RolePermission.__name__ = f"Roles_{'_'.join(allowed)}"
    return RolePermission
