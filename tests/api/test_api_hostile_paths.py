"""Unmatched paths and methods under /api/ answer problem+json; pages keep their HTML 404.

Django renders its own HTML for a URL no route matches (and, with DEBUG on, a technical page);
``common/hostile.HostileInputMiddleware`` turns every 400/404/405 under ``/api/`` that is not
already JSON into problem+json, so a client parses one shape whatever it asks.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.api.hostile import admin, operations, problem
from tests.security.conftest import World

UNMATCHED = [
    "/api/v1/employees/null,null/",
    "/api/v1/nope",
    "/api/v1/nope/",
    "/api/v1/organisations/abc/",
    "/api/v1/organisations/-1/",
    "/api/v1/organisations/1/nope/",
    "/api/",
    "/api/v2/organisations/",
    "/api/v1/%00/",
    "/api/v1/" + "a/" * 200,
]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", UNMATCHED)
def test_an_unmatched_api_path_is_a_problem_404(
    world: World, db: Any, path: str, debug: bool
) -> None:
    with override_settings(DEBUG=debug):
        for client in (admin(world), APIClient()):
            for method in ("GET", "POST", "PUT", "DELETE"):
                body = problem(client.generic(method, path), 404)
                assert body["type"].endswith("/not-found")


def _unsupported(op_methods: set[str]) -> list[str]:
    return [m for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if m not in op_methods]


PATHS: dict[str, set[str]] = {}
for _op in operations():
    PATHS.setdefault(_op.path, set()).add(_op.method)
WITHOUT_IDS = sorted(p for p in PATHS if "{" not in p)


@pytest.mark.parametrize("path", WITHOUT_IDS)
def test_an_unsupported_method_is_a_problem_405(world: World, db: Any, path: str) -> None:
    client = admin(world)
    for method in _unsupported(PATHS[path]):
        if path.endswith("/schema/") or path.endswith("/docs/"):
            continue
        answer = client.generic(method, path)
        problem(answer, 405)
        assert answer.has_header("Allow")


@pytest.mark.parametrize("debug", [False, True])
def test_pages_keep_their_html_404(client: Any, db: Any, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        answer = client.get("/geen-pagina/")
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("text/html")
