"""Shared helpers of the hostile-input tests (``test_api_hostile_*.py``).

The operations come from the OpenAPI document and the records that fill their paths from the
authorization matrix's world (``tests/security/conftest.py``), so a new endpoint or parameter is
covered by every hostile test without a new line here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.security.authz_matrix import API
from tests.security.conftest import OWN, World

PREFIX = "/api/v1"
PROBLEM = "application/problem+json"
#: The largest id every supported database stores: a signed 64-bit integer (PostgreSQL bigint,
#: SQLite INTEGER).
ID_MAX = 2**63 - 1


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as in the OpenAPI document: /api/v1/organisations/{id}/
    query: tuple[tuple[str, str, str], ...]  # (name, type, format) of the query parameters
    body: dict[str, Any] | None  # the JSON request body's schema (resolved), if any

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


@functools.cache
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return _resolve(schema()["components"]["schemas"][ref.rsplit("/", 1)[1]])
    return node


@functools.cache
def operations() -> tuple[Operation, ...]:
    found = []
    for path, item in schema()["paths"].items():
        for method, op in item.items():
            query = tuple(
                (p["name"], p["schema"].get("type", ""), p["schema"].get("format", ""))
                for p in op.get("parameters", [])
                if p["in"] == "query"
            )
            content = op.get("requestBody", {}).get("content", {})
            body = (
                _resolve(content["application/json"]["schema"])
                if content.get("application/json")
                else None
            )
            found.append(Operation(method.upper(), path, query, body))
    return tuple(found)


def integer_fields(body: dict[str, Any] | None) -> list[str]:
    """The top-level integer fields of a JSON request body."""
    if not body:
        return []
    props = body.get("properties", {})
    return [name for name, sub in props.items() if _resolve(sub).get("type") == "integer"]


def filled(path: str, world: World) -> str:
    """``path`` with its ids taken from the own organisation's records (via the matrix)."""
    route = path.removeprefix(PREFIX + "/")
    record = next((op.record for op in API if op.path == route and op.record), "")
    ids = world.orgs[OWN].ids
    if record:
        path = path.replace("{id}", str(ids[record]))
    path = path.replace("{internship_id}", str(ids["internship"]))
    return path.replace("{evidence_id}", str(ids["evidence"]))


def admin(world: World) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['admin']}")
    return client


def send(client: APIClient, method: str, url: str, body: Any = None) -> Any:
    if method == "GET":
        return client.get(url)
    data = json.dumps(body if body is not None else {})
    return client.generic(method, url, data=data, content_type="application/json")


def problem(response: Any, status: int | set[int]) -> dict[str, Any]:
    """Assert a problem+json answer with the given status; return its body."""
    expected = {status} if isinstance(status, int) else status
    assert response.status_code in expected, (response.status_code, _text(response))
    assert response["Content-Type"] == PROBLEM, response["Content-Type"]
    body: dict[str, Any] = json.loads(_text(response))
    assert body["status"] == response.status_code
    return body


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()  # type: ignore[no-any-return]


def ids(items: Iterator[Any] | list[Any]) -> list[str]:
    return [getattr(item, "id", str(item)) for item in items]
