"""Every API operation x every role, generated from the one table in ``authz_matrix.py``."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.config import api_urls
from tests.conftest import make_pdf
from tests.security.authz_matrix import (
    ACCEPTED,
    API,
    OK,
    ROLES,
    Op,
    expected,
)
from tests.security.conftest import OWN, World

PREFIX = "/api/v1/"
CASES = [(op, role) for op in API for role in ROLES]
EMAIL = (
    b"From: info@jobkracht.be\r\nTo: mandaatdoorstroom@vdab.be\r\n"
    b"Subject: Aanvraag mandaat doorstroombegeleiding\r\n"
    b"Message-ID: <authz-matrix@example.invalid>\r\nDate: Mon, 6 Jan 2025 10:00:00 +0100\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nZie bijlage.\r\n"
)


def fill(template: str, ids: dict[str, int], record: str) -> str:
    return (
        template.replace("{id}", str(ids[record]) if record else "")
        .replace("{evidence_id}", str(ids["evidence"]))
        .replace("{letter_id}", str(ids["letter"]))
        .replace("{internship_id}", str(ids["internship"]))
        .replace("{table}", "uitstroom-per-partner")
    )


def _today(value: Any) -> Any:
    if value == "TODAY":
        return clock.today().isoformat()
    if isinstance(value, dict):
        return {k: _today(v) for k, v in value.items()}
    return value


def call(world: World, op: Op, role: str) -> Any:
    client = APIClient()
    if world.tokens[role]:
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
    ids = world.orgs[OWN].ids
    url = PREFIX + fill(op.path, ids, op.record)
    if op.method == "GET":
        return client.get(url)
    if op.body == "pdf":
        upload = SimpleUploadedFile("f.pdf", make_pdf(), content_type="application/pdf")
        data = {"condition": "facilities", "file": upload, "description": "Lokalen"}
        return client.post(url, data, format="multipart")
    if op.body == "email":
        return client.post(url, EMAIL, content_type="message/rfc822")
    body = _today(op.body(ids)) if callable(op.body) else {}
    return client.generic(op.method, url, data=json.dumps(body), content_type="application/json")


def listed_ids(response: Any) -> list[int]:
    data = response.json()
    rows = data.get("results", data) if isinstance(data, dict) else data
    return [row["id"] for row in rows if isinstance(row, dict) and "id" in row]


@pytest.mark.parametrize(("op", "role"), CASES, ids=[f"{op.id} as {r}" for op, r in CASES])
def test_api_answers_as_the_matrix_says(world: World, db: Any, op: Op, role: str) -> None:
    cell = expected(op, role)
    response = call(world, op, role)
    assert response.status_code in ACCEPTED[cell], (
        f"{op.id} as {role}: expected {cell} {sorted(ACCEPTED[cell])}, got "
        f"{response.status_code}: {response.content[:300]!r}"
    )
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/problem+json")
    if op.lists and cell == OK:
        own_id = world.orgs[OWN].ids[op.lists]
        if role == "applicant_other":
            assert own_id not in listed_ids(response), f"{op.id} leaks A's {op.lists}"
        elif role == "applicant_own":
            assert own_id in listed_ids(response)


def _route(pattern: Any) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def test_every_api_operation_is_in_the_matrix() -> None:
    """A new path or method in config/api_urls.py fails here until the matrix has a row."""
    in_matrix = {(op.method, op.path) for op in API}
    served = set()
    for pattern in api_urls.urlpatterns:
        view = pattern.callback.cls  # type: ignore[union-attr]
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view, method):
                served.add((method.upper(), _route(pattern)))
    assert served - in_matrix == set(), "add these operations to tests/security/authz_matrix.py"
    assert in_matrix - served == set(), "the matrix names operations that no longer exist"


PATHS = sorted({(op.path, op.record) for op in API})


@pytest.mark.parametrize(("path", "record"), PATHS, ids=[p for p, _ in PATHS])
def test_options_and_unknown_methods_never_fail(
    world: World, db: Any, path: str, record: str
) -> None:
    """OPTIONS (DRF metadata looks the record up for PUT) and unsupported methods: never 5xx."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['admin']}")
    url = PREFIX + fill(path, world.orgs[OWN].ids, record)
    for method in ("OPTIONS", "PATCH", "DELETE", "HEAD"):
        response = client.generic(method, url)
        assert response.status_code < 500, (method, url, response.status_code)
