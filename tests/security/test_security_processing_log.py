"""The processing log: every view of a person's record is written (who, when, which, why),
nobody can change or remove a row, and administrators read it (API and Django admin)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from doorstroom.employees.services import employee_create
from doorstroom.organisations.models import Organisation
from doorstroom.privacy.models import AccessLog
from tests.security.conftest import OWN, World

NUMBER = "90020199704"  # 90.02.01-997.04, valid checksum


def api(world: World, role: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
    return client


def page(world: World, role: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=world.users[role]))
    return client


def _reads(world: World) -> list[tuple[str, str, str, str]]:
    """(role, how, url, purpose): every way to view a person's record."""
    ids = world.orgs[OWN].ids
    return [
        ("consultant", "api", f"/api/v1/employees/{ids['employee']}/", "employee_detail"),
        ("consultant", "api", f"/api/v1/evaluations/{ids['evaluation']}/", "evaluation_detail"),
        ("consultant", "api", f"/api/v1/evaluations/{ids['evaluation']}/ranking/", "ranking"),
        ("consultant", "api", f"/api/v1/referrals/{ids['referral']}/", "referral_detail"),
        ("consultant", "api", f"/api/v1/trajectories/{ids['trajectory']}/", "trajectory_detail"),
        ("applicant_own", "api", f"/api/v1/referrals/{ids['referral']}/", "referral_detail"),
        (
            "applicant_own",
            "api",
            f"/api/v1/trajectories/{ids['trajectory']}/",
            "trajectory_detail",
        ),
        ("consultant", "page", f"/begeleiding/werknemers/{ids['employee']}/", "employee_detail"),
        ("consultant", "page", f"/begeleiding/trajecten/{ids['trajectory']}/", "trajectory_detail"),
        ("applicant_own", "page", f"/partner/trajecten/{ids['trajectory']}/", "trajectory_detail"),
    ]


def test_every_view_of_a_person_is_logged_with_who_when_which_and_why(
    world: World, db: Any
) -> None:
    employee = world.orgs[OWN].ids["employee"]
    for role, how, url, purpose in _reads(world):
        before = AccessLog.objects.count()
        client = api(world, role) if how == "api" else page(world, role)
        response = client.get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        rows = list(AccessLog.objects.order_by("-id")[: AccessLog.objects.count() - before])
        assert rows, f"{url} as {role} wrote no processing-log row"
        row = rows[0]
        assert row.user_id == world.users[role]
        assert row.employee_id == employee
        assert row.purpose == purpose
        assert row.path == url
        assert row.at is not None


def test_a_search_by_national_number_is_logged_with_its_purpose(world: World, db: Any) -> None:
    person = employee_create(
        national_number=NUMBER,
        given_name="Lotte",
        family_name="Peeters",
        postal_code="9000",
        employer=Organisation.objects.get(pk=world.orgs[OWN].ids["organisation"]),
        framework="maatwerk",
        target_group="work_disability",
        hired_on=date(2021, 1, 4),
    )
    response = api(world, "consultant").post(
        "/api/v1/employees/search/", {"national_number": "90.02.01-997.04"}, format="json"
    )
    assert response.status_code == 200
    assert [e["id"] for e in response.json()] == [person.pk]
    assert NUMBER not in response.content.decode()
    row = AccessLog.objects.filter(employee=person).get()
    assert row.purpose == "employee_search_national_number"
    assert row.user_id == world.users["consultant"]
    assert NUMBER not in row.path

    response = page(world, "consultant").post(
        "/begeleiding/zoeken/", {"national_number": "90.02.01-997.04"}
    )
    assert response.status_code == 200
    assert NUMBER not in response.content.decode()
    rows = AccessLog.objects.filter(employee=person).order_by("id")
    assert [r.purpose for r in rows] == ["employee_search_national_number"] * 2
    assert rows[1].path == "/begeleiding/zoeken/"


def test_exports_hold_no_person_so_they_need_no_log_row(world: World, db: Any) -> None:
    """The trajectory exports count per partner, province and framework: never a person."""
    response = api(world, "reviewer").get("/api/v1/exports/trajectories.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Sofie" not in text and "Claes" not in text


def test_the_log_is_append_only(world: World, db: Any) -> None:
    api(world, "consultant").get(f"/api/v1/employees/{world.orgs[OWN].ids['employee']}/")
    row = AccessLog.objects.order_by("-id").first()
    assert row is not None
    row.purpose = "iets anders"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=row.pk).update(purpose="iets anders")
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.bulk_update([row], ["purpose"])
    row.refresh_from_db()
    assert row.purpose == "employee_detail"


def test_administrators_read_the_log_and_nobody_else(world: World, db: Any) -> None:
    employee = world.orgs[OWN].ids["employee"]
    api(world, "consultant").get(f"/api/v1/employees/{employee}/")
    response = api(world, "admin").get(f"/api/v1/access-log/?employee={employee}")
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["employee"] == employee
    assert first["purpose"] == "employee_detail"
    assert first["user"] == "authz_consultant"
    assert first["at"]
    for role in ("applicant_own", "reviewer", "consultant", "esf_officer"):
        assert api(world, role).get("/api/v1/access-log/").status_code == 403


def test_the_django_admin_shows_the_log_read_only(world: World, db: Any) -> None:
    api(world, "consultant").get(f"/api/v1/employees/{world.orgs[OWN].ids['employee']}/")
    row = AccessLog.objects.order_by("-id").first()
    assert row is not None
    admin = page(world, "admin")
    assert admin.get("/admin/privacy/accesslog/").status_code == 200
    assert admin.get("/admin/privacy/accesslog/add/").status_code == 403
    assert admin.post(f"/admin/privacy/accesslog/{row.pk}/delete/", {"post": "yes"}).status_code
    assert AccessLog.objects.filter(pk=row.pk).exists()
    detail = admin.post(f"/admin/privacy/accesslog/{row.pk}/change/", {"purpose": "x"})
    assert detail.status_code in (302, 403)
    row.refresh_from_db()
    assert row.purpose == "employee_detail"
