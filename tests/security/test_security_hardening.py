"""Hardening: the production settings pass `check --deploy`, pages carry the security headers,
logins are throttled (django-axes), passwords are validated. docs/security.md maps each threat
to these tests."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from doorstroom.accounts.services import user_create

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "een-lang-Wachtwoord-2026"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "doorstroom.config.settings",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "NATIONAL_NUMBER_HASH_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "doorstroom.vdab.be",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "DOORSTROOM_VAR_DIR": str(tmp_path),
    }
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "doorstroom", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_production_settings_values(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_AGE <= 8 * 3600, "
        "s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.AXES_ENABLED, s.AXES_FAILURE_LIMIT)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["True"] * 10 + ["5"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-m", "doorstroom", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_and_api_carry_security_headers(client: Client) -> None:
    for path in ("/aanmelden/", "/api/v1/mandates/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only(client: Client) -> None:
    user_create(username="beheerder", role="admin", password=PASSWORD)
    response = client.get("/aanmelden/")
    assert response.cookies["csrftoken"]["httponly"]
    response = client.post("/aanmelden/", {"username": "beheerder", "password": PASSWORD})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert session["max-age"] == ""  # expires when the browser closes…
    assert client.session.get_expiry_age() <= 8 * 3600  # …and after a working day at most


def _post_login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post("/aanmelden/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_failures_lock_out_that_username_from_that_address(client: Client) -> None:
    user_create(username="beoordelaar", role="reviewer", password=PASSWORD)
    user_create(username="collega", role="reviewer", password=PASSWORD)
    for _ in range(4):
        response = _post_login(client, "beoordelaar", "fout-wachtwoord")
        assert response.status_code == 200  # the form again, with its error summary
        assert "klopt niet" in response.content.decode()
    response = _post_login(client, "beoordelaar", "fout-wachtwoord")  # the fifth failure
    assert response.status_code == 429
    # Locked: even the right password is refused, in Dutch, with when to try again.
    response = _post_login(client, "beoordelaar", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Te veel mislukte pogingen" in page
    assert "15 minuten" in page
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    # Another user from the same address, and the same user from another address, may log in.
    assert _post_login(Client(), "collega", PASSWORD).status_code == 302
    assert _post_login(Client(), "beoordelaar", PASSWORD, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_a_success_resets_the_failure_count(client: Client) -> None:
    user_create(username="esf", role="esf_officer", password=PASSWORD)
    for _ in range(4):
        _post_login(client, "esf", "fout-wachtwoord")
    assert _post_login(client, "esf", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _post_login(client, "esf", "fout-wachtwoord").status_code == 200


@pytest.mark.django_db
def test_lockout_under_the_api_is_problem_json(rf: Any) -> None:
    from doorstroom.web.views import locked_out

    response = locked_out(rf.post("/api/v1/anything/"))
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "900"


@pytest.mark.parametrize(
    "password", ["kort-1", "123456789012345", "password12345", "beoordelaar2026"]
)
def test_weak_passwords_are_refused(password: str) -> None:
    from doorstroom.accounts.models import User

    with pytest.raises(ValidationError):
        validate_password(password, User(username="beoordelaar2026"))


def test_a_long_password_is_accepted() -> None:
    validate_password(PASSWORD)
