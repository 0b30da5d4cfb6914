"""The floor: the same rows as each benchmarked operation, served by a minimal Django view
with one hand-written SQL query and plain JSON. What the endpoint costs above this is what
the framework, the access control, the serializers and the extra queries add.

Mounted only by bench/urls.py (the bench settings). No authentication: the floor measures the
cheapest possible way to answer, not a deployable view.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def _rows(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _json(rows: Any) -> HttpResponse:
    return JsonResponse(rows, safe=False, json_dumps_params={"default": str})


PAGE = 50


def inbox(request: HttpRequest) -> HttpResponse:
    return _json(
        _rows(
            "SELECT a.id, a.status, a.kind, a.frameworks, a.received_on, a.completed_on,"
            " a.decision_due_on, o.id AS organisation_id, o.name AS organisation_name"
            " FROM mandates_mandateapplication a"
            " JOIN organisations_organisation o ON o.id = a.organisation_id"
            " ORDER BY a.id DESC LIMIT %s",
            [PAGE + 1],
        )
    )


def application(request: HttpRequest, pk: int) -> HttpResponse:
    return _json(
        _rows(
            "SELECT a.*, o.name AS organisation_name, o.enterprise_number"
            " FROM mandates_mandateapplication a"
            " JOIN organisations_organisation o ON o.id = a.organisation_id WHERE a.id = %s",
            [pk],
        )
    )


def mandates(request: HttpRequest) -> HttpResponse:
    on = request.GET.get("active_on", date.today().isoformat())  # noqa: DTZ011
    return _json(
        _rows(
            "SELECT m.id, m.organisation_id, o.name AS organisation_name, m.frameworks,"
            " m.valid_from, m.valid_until FROM mandates_mandate m"
            " JOIN organisations_organisation o ON o.id = m.organisation_id"
            " WHERE m.valid_from <= %s AND m.valid_until >= %s"
            " ORDER BY m.id DESC LIMIT %s",
            [on, on, PAGE + 1],
        )
    )


def employees_by_name(request: HttpRequest) -> HttpResponse:
    word = f"%{request.GET.get('q', '')}%"
    like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    return _json(
        _rows(
            "SELECT e.id, e.given_name, e.family_name, e.national_number_masked, e.postal_code,"
            " e.framework, e.target_groups, e.hired_on, e.employer_id, o.name AS employer_name,"
            " e.municipality_id"
            " FROM employees_employee e JOIN organisations_organisation o ON o.id = e.employer_id"
            f" WHERE e.family_name {like} %s OR e.given_name {like} %s"
            " ORDER BY e.id DESC LIMIT %s",
            [word, word, PAGE + 1],
        )
    )


@csrf_exempt
def employee_by_hash(request: HttpRequest) -> HttpResponse:
    return _json(
        _rows(
            "SELECT e.id, e.given_name, e.family_name, e.national_number_masked, e.postal_code,"
            " e.framework, e.target_groups, e.hired_on, e.employer_id"
            " FROM employees_employee e WHERE e.national_number_hash = %s",
            [json.loads(request.body or b"{}").get("hash", "")],
        )
    )


def ranking(request: HttpRequest) -> HttpResponse:
    """Eligible partners (active mandate, approved ESF project running) with their nearest site
    by a planar distance on the postal codes' coordinates: the ranking's rows in one query."""
    on = request.GET.get("on", date.today().isoformat())  # noqa: DTZ011
    lat, lon = float(request.GET.get("lat", "51.0")), float(request.GET.get("lon", "4.4"))
    return _json(
        _rows(
            "SELECT o.id, o.name, MIN((p.latitude - %s) * (p.latitude - %s)"
            " + (p.longitude - %s) * (p.longitude - %s) * 0.4) AS d"
            " FROM organisations_organisation o"
            " JOIN organisations_site s ON s.organisation_id = o.id"
            " JOIN places_postalcode p ON p.code = s.postal_code"
            " WHERE EXISTS (SELECT 1 FROM mandates_mandate m WHERE m.organisation_id = o.id"
            "   AND m.valid_from <= %s AND m.valid_until >= %s)"
            " AND EXISTS (SELECT 1 FROM esf_project j JOIN esf_projectdecision d"
            "   ON d.project_id = j.id WHERE j.organisation_id = o.id AND d.approved"
            "   AND d.starts_on <= %s AND d.ends_on >= %s)"
            " GROUP BY o.id, o.name ORDER BY d",
            [lat, lat, lon, lon, on, on, on, on],
        )
    )


def trajectories(request: HttpRequest) -> HttpResponse:
    return _json(
        _rows(
            "SELECT t.id, t.started_on, t.ended_on, t.partner_id, p.name AS partner_name,"
            " t.employee_id, e.given_name, e.family_name,"
            ' x.kind AS outcome_kind, x."on" AS outcome_on'
            " FROM trajectories_trajectory t"
            " JOIN organisations_organisation p ON p.id = t.partner_id"
            " JOIN employees_employee e ON e.id = t.employee_id"
            " LEFT JOIN trajectories_outcome x ON x.trajectory_id = t.id"
            " WHERE t.partner_id = %s ORDER BY t.id DESC LIMIT %s",
            [int(request.GET.get("partner", "0")), PAGE + 1],
        )
    )


def trajectory(request: HttpRequest, pk: int) -> HttpResponse:
    return _json(
        _rows(
            "SELECT t.*, p.name AS partner_name, e.given_name, e.family_name,"
            ' x.kind AS outcome_kind, x."on" AS outcome_on'
            " FROM trajectories_trajectory t"
            " JOIN organisations_organisation p ON p.id = t.partner_id"
            " JOIN employees_employee e ON e.id = t.employee_id"
            " LEFT JOIN trajectories_outcome x ON x.trajectory_id = t.id WHERE t.id = %s",
            [pk],
        )
    )


def indicators(request: HttpRequest) -> HttpResponse:
    """Trajectories started and outcomes per partner, province and framework in the period."""
    start, end = request.GET.get("from", "2000-01-01"), request.GET.get("to", "2100-01-01")
    # the same filters as the endpoint's (province, framework), when given
    province, framework = request.GET.get("province"), request.GET.get("framework")
    return _json(
        _rows(
            "SELECT t.partner_id, m.province_code, e.framework, COUNT(*) AS started,"
            " COUNT(x.id) AS ended,"
            " SUM(CASE WHEN x.kind = 'hired' THEN 1 ELSE 0 END) AS hired"
            " FROM trajectories_trajectory t"
            " JOIN employees_employee e ON e.id = t.employee_id"
            " JOIN places_municipality m ON m.nis_code = e.municipality_id"
            " LEFT JOIN trajectories_outcome x ON x.trajectory_id = t.id"
            " WHERE t.started_on BETWEEN %s AND %s"
            " AND (%s IS NULL OR m.province_code = %s) AND (%s IS NULL OR e.framework = %s)"
            " GROUP BY t.partner_id, m.province_code, e.framework",
            [start, end, province, province, framework, framework],
        )
    )


def export(request: HttpRequest) -> HttpResponse:
    """Every trajectory as CSV, streamed from one server-side cursor."""

    def lines() -> Iterator[str]:
        yield "id;partner;province;framework;target_group;started_on;ended_on;outcome\n"
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                "SELECT t.id, p.name, m.province_name_nl, e.framework, e.target_groups,"
                " t.started_on, t.ended_on, x.kind FROM trajectories_trajectory t"
                " JOIN organisations_organisation p ON p.id = t.partner_id"
                " JOIN employees_employee e ON e.id = t.employee_id"
                " JOIN places_municipality m ON m.nis_code = e.municipality_id"
                " LEFT JOIN trajectories_outcome x ON x.trajectory_id = t.id ORDER BY t.id"
            )
            while batch := cursor.fetchmany(2000):
                yield "".join(
                    ";".join("" if v is None else str(v) for v in row) + "\n" for row in batch
                )

    return StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")


urlpatterns = [
    path("inbox", inbox),
    path("applications/<int:pk>", application),
    path("mandates", mandates),
    path("employees", employees_by_name),
    path("employees/search", employee_by_hash),
    path("ranking", ranking),
    path("trajectories", trajectories),
    path("trajectories/<int:pk>", trajectory),
    path("indicators", indicators),
    path("export", export),
]
