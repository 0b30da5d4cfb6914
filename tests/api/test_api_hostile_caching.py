"""No cache keeps personal data: ``Cache-Control: no-store`` on every API answer and on every
page for a signed-in user (``common/hostile.HostileInputMiddleware``; docs/security.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from tests.api.hostile import admin, filled, operations
from tests.security.authz_matrix import PAGES, Op
from tests.security.conftest import OWN, World
from tests.security.test_security_authz_api import fill

GETS = [op for op in operations() if op.method == "GET"]
SIGNED_IN_PAGES = [op for op in PAGES if not op.public and op.method == "GET"]


def no_store(response: Any) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("op", GETS, ids=[o.id for o in GETS])
def test_every_api_answer_is_no_store(world: World, db: Any, op: Any) -> None:
    url = filled(op.path, world)
    for client in (admin(world), APIClient()):  # the data, and the 401 alike
        response = client.get(url)
        assert no_store(response), (url, response.status_code, response.get("Cache-Control"))


def test_api_errors_are_no_store_too(world: World, db: Any) -> None:
    client = admin(world)
    for response in (
        client.get("/api/v1/nope/"),
        client.delete("/api/v1/mandates/"),
        client.post("/api/v1/organisations/", {}, format="json"),
    ):
        assert response.status_code >= 400 and no_store(response)


@pytest.mark.parametrize("op", SIGNED_IN_PAGES, ids=[o.path for o in SIGNED_IN_PAGES])
def test_every_page_for_a_signed_in_user_is_no_store(world: World, db: Any, op: Op) -> None:
    role = next(
        (r for r in ("reviewer", "consultant", "esf_officer", "applicant_own") if op.allows(r)),
        "admin",
    )
    client = Client()
    client.force_login(User.objects.get(pk=world.users[role]))
    response = client.get(fill(op.path, world.orgs[OWN].ids, op.record))
    assert no_store(response), (op.path, role, response.status_code)
