"""Dates out of range: 422 ``date_out_of_range``, never a 500 (DOMAIN.md "Open points", T9).

Every date query parameter and every date field of a JSON body in the OpenAPI document: a
date before the first parameter value (2019-01-01) or after ``rules.dates.LAST_DAY`` is refused
with 422 and the field in ``errors``; both boundaries are accepted. Whole valid bodies of every
write (from the authorization matrix) with extreme dates never fail, and a service that meets a
``ParameterNotInForce`` (a date no field check caught) answers 422 ``date_out_of_range`` too.
Report periods (monitoring, exports) last at most ``PERIOD_MAX_YEARS`` years.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from doorstroom.common import clock
from doorstroom.rules import dates
from doorstroom.rules.params import ParameterNotInForce, first_day
from tests.api.hostile import admin, filled, operations, problem
from tests.security.authz_matrix import API
from tests.security.conftest import OWN, World

FIRST = first_day()
OUTSIDE = ["1321-02-06", "2018-12-31", "9900-01-01", "9999-12-31"]
INSIDE = [FIRST.isoformat(), dates.LAST_DAY.isoformat()]


def _date_props(body: dict[str, Any] | None) -> list[str]:
    props = (body or {}).get("properties", {})
    return [n for n, s in props.items() if s.get("type") == "string" and s.get("format") == "date"]


QUERY_DATES = [(op, name) for op in operations() for name, kind, fmt in op.query if fmt == "date"]
BODY_DATES = [(op, name) for op in operations() for name in _date_props(op.body)]
MATRIX_WRITES = [op for op in API if callable(op.body)]


def test_the_first_day_is_2019() -> None:
    assert date(2019, 1, 1) == FIRST
    assert dates.date_range() == (FIRST, date(9899, 12, 31))


def test_the_schema_has_date_parameters_and_fields() -> None:
    assert {n for _, n in QUERY_DATES} >= {"from", "to", "on"}
    assert {n for _, n in BODY_DATES} >= {"received_on", "decided_on", "evaluated_on"}


def _codes(body: dict[str, Any]) -> list[str]:
    return [r["code"] for r in body.get("reasons", [])]


@pytest.mark.parametrize(("op", "name"), QUERY_DATES, ids=[f"{o.id}?{n}" for o, n in QUERY_DATES])
def test_a_date_query_parameter_out_of_range_is_422(
    world: World, db: Any, op: Any, name: str
) -> None:
    client = admin(world)
    url = filled(op.path, world)
    for value in OUTSIDE:
        body = problem(client.get(url, {name: value}), 422)
        assert _codes(body) == ["date_out_of_range"] and name in body["errors"], body
    for value in INSIDE:  # both boundaries are known dates (a period may still be refused)
        response = client.get(url, {name: value})
        assert response.status_code < 500, (value, response.status_code)
        if response.status_code == 422:
            assert name not in json.loads(response.content).get("errors", {}), value


@pytest.mark.parametrize(("op", "name"), BODY_DATES, ids=[f"{o.id} {n}" for o, n in BODY_DATES])
def test_a_date_body_field_out_of_range_is_422(world: World, db: Any, op: Any, name: str) -> None:
    client = admin(world)
    url = filled(op.path, world)
    # A hire in custom work may precede the procedure (fields.DateField(earliest=…)).
    outside = [v for v in OUTSIDE if not (name == "hired_on" and v == "2018-12-31")]
    for value in outside:
        answer = client.generic(
            op.method, url, data=json.dumps({name: value}), content_type="application/json"
        )
        body = problem(answer, 422)
        assert _codes(body) == ["date_out_of_range"] and name in body["errors"], body
    for value in INSIDE:
        answer = client.generic(
            op.method, url, data=json.dumps({name: value}), content_type="application/json"
        )
        assert answer.status_code < 500
        assert "date_out_of_range" not in _codes(json.loads(answer.content)), value


def _with(value: Any, day: str) -> Any:
    if value == "TODAY":
        return day
    if isinstance(value, dict):
        return {k: _with(v, day) for k, v in value.items()}
    return value


@pytest.mark.parametrize("op", MATRIX_WRITES, ids=[o.id for o in MATRIX_WRITES])
@pytest.mark.parametrize("day", ["1321-02-06", "2019-01-01", "9899-12-31", "9999-12-31"])
def test_whole_bodies_with_extreme_dates_never_fail(
    world: World, db: Any, op: Any, day: str
) -> None:
    template = op.body(world.orgs[OWN].ids)
    body = _with(template, day)
    url = filled("/api/v1/" + op.path, world)
    answer = admin(world).generic(
        op.method, url, data=json.dumps(body), content_type="application/json"
    )
    assert answer.status_code < 500, (answer.status_code, answer.content[:300])
    if day in ("1321-02-06", "9999-12-31") and "TODAY" in json.dumps(template):
        assert "date_out_of_range" in _codes(json.loads(answer.content))


@pytest.mark.parametrize("op", MATRIX_WRITES, ids=[o.id for o in MATRIX_WRITES])
def test_a_parameter_not_in_force_inside_a_service_is_422(
    world: World, db: Any, op: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the field check widened to year 1000, services meet the 1321 date themselves."""
    monkeypatch.setattr(dates, "first_day", lambda: date(1000, 1, 1))
    body = _with(op.body(world.orgs[OWN].ids), "1321-02-06")
    url = filled("/api/v1/" + op.path, world)
    answer = admin(world).generic(
        op.method, url, data=json.dumps(body), content_type="application/json"
    )
    assert answer.status_code < 500, (answer.status_code, answer.content[:300])


def test_ranking_on_a_day_before_any_parameter_is_422(world: World, db: Any) -> None:
    evaluation = world.orgs[OWN].ids["evaluation"]
    body = problem(
        admin(world).get(f"/api/v1/evaluations/{evaluation}/ranking/?on=1321-02-06"), 422
    )
    assert _codes(body) == ["date_out_of_range"] and "on" in body["errors"]
    assert body["reasons"][0]["rule"] == "R16"


def test_the_error_handler_turns_parameter_not_in_force_into_date_out_of_range() -> None:
    from doorstroom.common.api.problems import exception_handler

    exc = ParameterNotInForce("not in force", name="x", on=date(1321, 2, 6))
    response = exception_handler(exc, {})
    assert response is not None and response.status_code == 422
    assert response.data["reasons"][0]["code"] == "date_out_of_range"
    assert response.data["reasons"][0]["params"]["on"] == "1321-02-06"
    overflow = exception_handler(OverflowError("date value out of range"), {})
    assert overflow is not None and overflow.status_code == 422
    year = exception_handler(ValueError("year 10005 is out of range"), {})
    assert year is not None and year.status_code == 422
    assert exception_handler(ValueError("something else"), {}) is None


REPORTS = [op.path for op in operations() if {"from", "to"} <= {name for name, _, _ in op.query}]


def test_the_reports_are_found() -> None:
    assert set(REPORTS) >= {
        "/api/v1/monitoring/indicators/",
        "/api/v1/monitoring/export.csv",
        "/api/v1/exports/trajectories.xlsx",
    }


@pytest.mark.parametrize("path", REPORTS)
def test_a_report_period_lasts_at_most_ten_years(world: World, db: Any, path: str) -> None:
    client = admin(world)
    longest = {"from": "2019-01-01", "to": "2028-12-31"}  # ten years: accepted
    assert client.get(path, longest).status_code == 200
    for period in (
        {"from": "2019-01-01", "to": "2029-01-01"},  # one day more: refused
        {"from": "2019-01-01", "to": "9899-12-31"},
        {"from": "0001-01-01", "to": "9999-12-31"},
    ):
        body = problem(client.get(path, period), 422)
        assert set(_codes(body)) == {"date_out_of_range"}, body
        assert set(body["errors"]) & {"from", "to"}, body
    assert dates.PERIOD_MAX_YEARS == 10


def test_a_report_period_far_ahead_is_answered(world: World, db: Any) -> None:
    """A short period near the last day: counted, not overflowed."""
    answer = admin(world).get(
        "/api/v1/monitoring/indicators/", {"from": "9899-01-01", "to": "9899-12-31"}
    )
    assert answer.status_code == 200


def test_the_default_period_is_still_this_year(world: World, db: Any) -> None:
    today = clock.today()
    answer = admin(world).get("/api/v1/monitoring/indicators/")
    assert answer.status_code == 200
    assert answer.json()["period"]["from"] == date(today.year, 1, 1).isoformat()
