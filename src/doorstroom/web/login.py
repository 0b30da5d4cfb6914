"""The login page: username and password (unless PASSWORD_LOGIN is off) and a button per
single sign-on provider (web/oidc.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from doorstroom.web.oidc import providers, start_url


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["password_login"] = settings.PASSWORD_LOGIN
        context["providers"] = [(p.label, start_url(p.key)) for p in providers()]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PASSWORD_LOGIN:  # switched off: no password is even checked
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)
