"""Integers beyond the database's range, anywhere an id goes: never a 500 (docs/security.md, T9).

Every operation of the OpenAPI document is covered: every integer query parameter, every
integer field of a JSON body, every path id. Ids are signed 64-bit integers in both supported
databases (PostgreSQL ``bigint``, SQLite ``INTEGER``): 2**63 - 1 is accepted (and names no row),
2**63 and beyond are refused.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api.hostile import (
    ID_MAX,
    admin,
    filled,
    integer_fields,
    operations,
    problem,
    send,
)
from tests.security.conftest import OWN, World

TOO_LARGE = [str(ID_MAX + 1), str(10**30), str(-(ID_MAX + 2)), "9" * 5000]
#: Query parameters that are not ids: DRF's pagination clamps them (never an error), and the
#: indicators' partner page size, whose documented maximum (500) is a 400 beyond it
#: (tests/monitoring/test_monitoring_api.py).
PAGING = {"page_size", "cursor", "partner_page_size"}

QUERY_INTS = [
    (op, name)
    for op in operations()
    for name, kind, _ in op.query
    if kind == "integer" and name not in PAGING
]
BODY_INTS = [(op, name) for op in operations() for name in integer_fields(op.body)]
PATHS_WITH_IDS = [op for op in operations() if "{" in op.path]


def test_the_schema_has_id_parameters_and_fields() -> None:
    """The discovery works: a renamed parameter must not silently empty these tests."""
    assert {name for _, name in QUERY_INTS} >= {"organisation", "partner", "employee", "user"}
    assert {name for _, name in BODY_INTS} >= {"employer", "employee", "partner", "referral"}
    assert len(PATHS_WITH_IDS) > 20


@pytest.mark.parametrize(("op", "name"), QUERY_INTS, ids=[f"{o.id}?{n}" for o, n in QUERY_INTS])
def test_an_integer_query_parameter_beyond_the_range_is_400(
    world: World, db: Any, op: Any, name: str
) -> None:
    client = admin(world)
    url = filled(op.path, world)
    for value in TOO_LARGE:
        body = problem(client.get(url, {name: value}), 400)
        assert name in body["errors"], body
    # The largest id is accepted: it names no row, so the answer is an empty list or a 404.
    response = client.get(url, {name: str(ID_MAX)})
    assert response.status_code in (200, 404), response.status_code


@pytest.mark.parametrize(("op", "name"), BODY_INTS, ids=[f"{o.id} {n}" for o, n in BODY_INTS])
def test_an_integer_body_field_beyond_the_range_is_400(
    world: World, db: Any, op: Any, name: str
) -> None:
    client = admin(world)
    url = filled(op.path, world)
    for value in (ID_MAX + 1, 10**30):
        body = problem(send(client, op.method, url, {name: value}), 400)
        assert name in body["errors"], body


@pytest.mark.parametrize("op", PATHS_WITH_IDS, ids=[o.id for o in PATHS_WITH_IDS])
def test_a_path_id_beyond_the_range_is_404(world: World, db: Any, op: Any) -> None:
    client = admin(world)
    for value in (str(ID_MAX + 1), "99999999999999999999999", str(ID_MAX)):
        url = re.sub(r"\{\w+\}", value, op.path)
        problem(send(client, op.method, url), 404)


def test_a_path_id_beyond_the_range_in_a_real_record_path_is_404(world: World, db: Any) -> None:
    """A real application with an evidence id beyond the range (the inner lookup)."""
    client = admin(world)
    app = world.orgs[OWN].ids["application"]
    url = f"/api/v1/mandate-applications/{app}/evidence/{10**25}/file/"
    problem(client.get(url), 404)


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_patterns(entry, route))
        elif isinstance(entry, URLPattern):
            found.append((route, entry))
    return found


def test_no_route_uses_the_unbounded_int_converter() -> None:
    """Every id in a path (API and pages) goes through ``<id:…>`` (common/converters.py)."""
    ours = [
        route
        for route, entry in _patterns(get_resolver())
        if entry.callback.__module__.startswith("doorstroom.")
    ]
    assert ours, "no routes found"
    assert [r for r in ours if "<int:" in r] == []
    assert any("<id:" in r for r in ours)


@pytest.mark.parametrize(
    "url", ["/api/v1/organisations/?cursor=" + "A" * 50, "/api/v1/referrals/?page_size=" + "9" * 40]
)
def test_hostile_paging_parameters_never_fail(world: World, db: Any, url: str) -> None:
    response = admin(world).get(url)
    assert response.status_code in (200, 404), response.status_code


def test_an_overflow_deep_inside_names_the_parameter(rf: Any) -> None:
    """The safety net of the error handler: an integer that reached the driver is a 400."""
    from doorstroom.common.hostile import domain_error_for

    request = rf.get(
        "/api/v1/x/",
        {"organisation": str(10**30), "status": "draft", "page": "9" * 5000, "n": str(ID_MAX)},
    )
    error = domain_error_for(OverflowError("Python int too large to convert"), request)
    assert error is not None and error.status == 400
    assert list(error.errors) == ["organisation", "page"]
