"""Bodies built to break the parser: never a 500 (docs/security.md, T9).

JSON nested thousands of levels deep (``RecursionError`` in Python's decoder) or just beyond
the limit of ``common/api/parsers.py``, and forms with absurd field counts, on every write
operation of the OpenAPI document.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import override_settings

from doorstroom.common.api.parsers import MAX_DEPTH, LimitedJSONParser, depth
from tests.api.hostile import admin, filled, operations, problem
from tests.security.conftest import World

JSON_WRITES = [op for op in operations() if op.method != "GET" and op.body is not None]
FORM_WRITES = [op for op in JSON_WRITES if op.method == "POST"]


def nested(levels: int, leaf: str = "1") -> str:
    """``levels`` arrays inside an object: {"x": [[…[1]…]]}."""
    return '{"x": ' + "[" * (levels - 1) + leaf + "]" * (levels - 1) + "}"


def test_the_schema_has_json_writes() -> None:
    assert len(JSON_WRITES) > 15


@pytest.mark.parametrize("op", JSON_WRITES, ids=[o.id for o in JSON_WRITES])
def test_json_nested_thousands_of_levels_is_400(world: World, db: Any, op: Any) -> None:
    client = admin(world)
    url = filled(op.path, world)
    for body in ("[" * 5000 + "]" * 5000, nested(100_000), nested(MAX_DEPTH + 1)):
        answer = client.generic(op.method, url, data=body, content_type="application/json")
        found = problem(answer, 400)
        assert "nest" in found["detail"], found


def test_json_up_to_the_limit_is_read() -> None:
    """Both sides of the limit: MAX_DEPTH levels are read, one more is refused."""
    import io

    from rest_framework.exceptions import ParseError

    parser = LimitedJSONParser()
    data = parser.parse(io.BytesIO(nested(MAX_DEPTH).encode()), "application/json", {})
    assert depth(data) == MAX_DEPTH
    with pytest.raises(ParseError):
        parser.parse(io.BytesIO(nested(MAX_DEPTH + 1).encode()), "application/json", {})
    with pytest.raises(ParseError):
        parser.parse(io.BytesIO(b'{"x": NaN}'), "application/json", {})
    assert depth({"a": 1}) == 1 and depth(3) == 0 and depth([[], {}]) == 2


@pytest.mark.parametrize("op", FORM_WRITES, ids=[o.id for o in FORM_WRITES])
def test_a_form_with_too_many_fields_is_400(world: World, db: Any, op: Any) -> None:
    client = admin(world)
    url = filled(op.path, world)
    fields = "&".join(f"f{i}=1" for i in range(5000))
    answer = client.post(url, data=fields, content_type="application/x-www-form-urlencoded")
    problem(answer, 400)
    many = {f"f{i}": "1" for i in range(2000)}
    problem(client.post(url, data=many, format="multipart"), 400)


@override_settings(DEBUG=True)
def test_too_many_fields_is_problem_json_in_debug_too(world: World, db: Any) -> None:
    fields = "&".join(f"f{i}=1" for i in range(5000))
    answer = admin(world).post(
        "/api/v1/organisations/", data=fields, content_type="application/x-www-form-urlencoded"
    )
    problem(answer, 400)


def test_a_body_over_the_memory_limit_is_400(world: World, db: Any) -> None:
    body = json.dumps({"name": "x" * (6 * 1024 * 1024)})
    answer = admin(world).post("/api/v1/organisations/", data=body, content_type="application/json")
    problem(answer, 400)
