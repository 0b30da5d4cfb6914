"""Every page x every role, generated from the one table in ``authz_matrix.py``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from doorstroom.accounts.models import User
from tests.security.authz_matrix import ACCEPTED, PAGES, ROLES, UNAUTHENTICATED, Op, expected
from tests.security.conftest import OWN, World
from tests.security.test_security_authz_api import fill

CASES = [(op, role) for op in PAGES for role in ROLES]
#: Served by Django or DRF themselves, not our pages: the admin (staff only, tested by Django),
#: the language switch, the DRF login pages, the logout (POST only) and the API (its own test).
# The single sign-on steps answer by the state of a sign-in, not by role: tests/accounts/.
SIGN_ON = ("aanmelden/oidc/terug/", "aanmelden/oidc/<slug:provider>/", "aanmelden/geweigerd/")
# The administrator's register import: admin only, tests/registers/test_registers_page.py.
NOT_PAGES = (
    "admin/",
    "i18n/",
    "api-auth/",
    "api/v1/",
    "afmelden/",
    "",
    "beheer/registers/",
    *SIGN_ON,
)


@pytest.mark.parametrize(("op", "role"), CASES, ids=[f"{op.path} as {r}" for op, r in CASES])
def test_page_answers_as_the_matrix_says(world: World, db: Any, op: Op, role: str) -> None:
    cell = expected(op, role)
    client = Client()
    if role != "anonymous":
        client.force_login(User.objects.get(pk=world.users[role]))
    url = fill(op.path, world.orgs[OWN].ids, op.record)
    response = client.get(url) if op.method == "GET" else client.post(url, {})
    if cell == UNAUTHENTICATED:
        assert response.status_code == 302, (op.path, response.status_code)
        assert response["Location"].startswith("/aanmelden/")
        return
    assert response.status_code in ACCEPTED[cell], (
        f"{op.path} as {role}: expected {cell} {sorted(ACCEPTED[cell])}, got {response.status_code}"
    )


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) in NOT_PAGES:
                continue
            routes += _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            if prefix == "" and str(pattern.pattern) in NOT_PAGES:
                continue
            routes.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return routes


def test_every_page_is_in_the_matrix() -> None:
    """A new page under config/urls.py fails here until the matrix has a row for it."""
    served = {re.sub(r"\{pk\}", "{id}", r) for r in _routes(get_resolver().url_patterns)}
    served = {r.replace("{evidence_pk}", "{evidence_id}") for r in served}
    served = {r.replace("{letter_pk}", "{letter_id}") for r in served}
    served = {r.replace("{internship_pk}", "{internship_id}") for r in served}
    in_matrix = {op.path for op in PAGES}
    assert served - in_matrix == set(), "add these pages to tests/security/authz_matrix.py"
    assert in_matrix - served == set(), "the matrix names pages that no longer exist"
