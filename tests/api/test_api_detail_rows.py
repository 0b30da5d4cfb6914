"""The API's application and trajectory details read fewer columns and queries than the pages'
selectors (docs/performance.md, Performance II): the JSON must be byte for byte what the full
selectors give, for every record of the demo data, and rendering must not go back to the
database for a column left out."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from doorstroom.employees import api as employees_api
from doorstroom.employees import selectors as employees
from doorstroom.mandates import api as mandates_api
from doorstroom.mandates import selectors as mandates
from doorstroom.trajectories import api as trajectories_api
from doorstroom.trajectories import selectors as trajectories
from tests import pinned_clock
from tests.api.test_api_planned_output import demo_with_evidence

pytestmark = pytest.mark.django_db


@pinned_clock.on("2026-11-01")  # the demo's day
def test_detail_rows_render_as_the_full_selectors(
    make_user: Any, django_assert_num_queries: Any
) -> None:
    application = demo_with_evidence()
    request = APIRequestFactory().get("/api/v1/")
    request.LANGUAGE_CODE = "nl-be"
    renderer = JSONRenderer()
    seen = 0
    for role in ("admin", "reviewer", "applicant", "consultant"):
        user = make_user(role, organisation=application.organisation)
        pairs: list[tuple[Any, Any, Any]] = [
            (
                mandates_api.ApplicationDetailOut,
                mandates.application_detail_for_user(user),
                mandates.application_detail_rows_for_user(user),
            ),
            (
                trajectories_api.TrajectoryDetailOut,
                trajectories.trajectory_detail_for_user(user),
                trajectories.trajectory_detail_rows_for_user(user),
            ),
        ]
        for cls, full, rows in pairs:
            expected = {
                record.pk: renderer.render(cls(record, context={"request": request}).data)
                for record in full.order_by("pk")
            }
            got = {}
            for record in rows.order_by("pk"):
                # Everything the shape reads was loaded: no query while rendering.
                with django_assert_num_queries(0):
                    data = cls(record, context={"request": request}).data
                got[record.pk] = renderer.render(data)
            assert got == expected, (cls.__name__, role)
            seen += len(got)
    assert seen > 20


@pinned_clock.on("2026-11-01")  # the demo's day
def test_trajectory_list_rows_render_as_the_serializer(make_user: Any) -> None:
    demo_with_evidence()
    admin = make_user("admin")
    renderer = JSONRenderer()
    models = trajectories.trajectory_list_rows_for_user(admin).order_by("pk")
    rows = trajectories.trajectory_list_values_for_user(admin).order_by("pk")
    expected = [renderer.render(trajectories_api.TrajectoryOut(t).data) for t in models]
    got = [renderer.render(trajectories_api.trajectory_list_out(row)) for row in rows]
    assert got == expected
    assert len(got) > 5
    assert any(b'"outcome":null' in line for line in got)
    assert any(b'"outcome":{' in line for line in got)


@pinned_clock.on("2026-11-01")
def test_trajectory_list_pages_follow_on(api_for: Any) -> None:
    demo_with_evidence()
    client = api_for("consultant")
    url: str | None = "/api/v1/trajectories/?page_size=2"
    seen: list[int] = []
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) > 2


@pinned_clock.on("2026-11-01")
def test_employee_values_render_as_the_serializer(make_user: Any) -> None:
    """The search by name renders ``.values()`` rows (``employee_list_out``): the same bytes as
    ``EmployeeOut`` of the model rows, for every employee of the demo and for a name search."""
    demo_with_evidence()
    consultant = make_user("consultant")
    renderer = JSONRenderer()
    for name in ("", "a", "Peeters"):
        found = employees.employee_search(consultant, name=name)
        models = employees.employee_rows(found).order_by("pk")
        rows = employees.employee_values(found).order_by("pk")
        expected = [renderer.render(employees_api.EmployeeOut(e).data) for e in models]
        got = [renderer.render(employees_api.employee_list_out(row)) for row in rows]
        assert got == expected, name
        assert len(got) > 5 or name


@pinned_clock.on("2026-11-01")
def test_employee_search_pages_follow_on_and_log_each_read(api_for: Any) -> None:
    from doorstroom.privacy.models import AccessLog

    demo_with_evidence()
    client = api_for("consultant")
    url: str | None = "/api/v1/employees/?q=e&page_size=2"
    seen: list[int] = []
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) > 2
    logged = AccessLog.objects.filter(purpose="employee_search")
    assert sorted(logged.values_list("employee_id", flat=True)) == sorted(seen)
