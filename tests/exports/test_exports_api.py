"""The exports: each parses, holds the expected rows, no personal data, roles, fixed queries."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.http import FileResponse, StreamingHttpResponse
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.mandates.models import Decision, Mandate, MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.trajectories.models import Activity, Internship, Suspension
from tests.monitoring.conftest import HASSELT, chain

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exports.urls_for_tests")]

TODAY = clock.today()


def csv_rows(response: Any) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response: Any) -> list[list[Any]]:
    assert isinstance(response, FileResponse)
    content = response.getvalue()
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def mandate(organisation: Organisation, valid_from: date, years: int = 6) -> Mandate:
    application = MandateApplication.objects.create(
        organisation=organisation, kind="new", frameworks="lde,maatwerk", status="approved"
    )
    return Mandate.objects.create(
        organisation=organisation,
        application=application,
        frameworks="lde,maatwerk",
        valid_from=valid_from,
        valid_until=valid_from.replace(year=valid_from.year + years) - timedelta(days=1),
    )


@pytest.fixture
def trajectories(organisation: Organisation, other_organisation: Organisation) -> list[Employee]:
    """Two trajectories of `organisation` (one ended, with activities, an internship and two
    suspensions) and one open of `other_organisation`; returns the employees."""
    ended = chain(
        organisation,
        referred_on=date(2024, 1, 10),
        started_on=date(2024, 1, 15),
        ended_on=date(2024, 3, 15),
        outcome="hired",
        suspended=(date(2024, 2, 1), date(2024, 2, 10)),
    )
    assert ended.trajectory is not None
    Suspension.objects.create(
        trajectory=ended.trajectory,
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 3, 1),
        reason="x",
    )
    for hours in ("2.50", "3.00"):
        Activity.objects.create(
            trajectory=ended.trajectory, on=date(2024, 1, 20), kind="coaching", hours=Decimal(hours)
        )
    Internship.objects.create(
        trajectory=ended.trajectory,
        employer_enterprise_number="0417497106",
        employer_name="Bakkerij",
        vacancy="Verkoper",
        starts_on=date(2024, 2, 12),
        ends_on=date(2024, 2, 16),
    )
    opened = chain(organisation, referred_on=date(2024, 5, 1), started_on=date(2024, 5, 2))
    other = chain(
        other_organisation,
        referred_on=date(2023, 11, 1),
        started_on=date(2023, 11, 2),
        municipality=HASSELT,
        framework="lde",
    )
    return [ended.person, opened.person, other.person]


# --- mandates ---------------------------------------------------------------------------------


def test_mandate_register_csv_and_xlsx(
    esf_officer: APIClient, organisation: Organisation, other_organisation: Organisation
) -> None:
    mandate(organisation, date(2020, 1, 1))
    mandate(other_organisation, TODAY + timedelta(days=10))
    response = esf_officer.get("/api/v1/exports/mandates.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="doorstroom-mandates-{TODAY.isoformat()}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0][:2] == ["Organisatie", "Ondernemingsnummer"]
    assert rows[1] == [
        "Jobkracht Gent vzw",
        "0403.170.701",
        "lde, maatwerk",
        "2020-01-01",
        "2025-12-31",
        "expired" if date(2025, 12, 31) < TODAY else "active",
    ]
    assert rows[2][0] == "Werkpunt Hasselt vzw" and rows[2][5] == "future"
    response = esf_officer.get("/api/v1/exports/mandates.xlsx")
    assert response.status_code == 200
    assert "doorstroom-mandates-" in response["Content-Disposition"]
    sheet = xlsx_rows(response)
    assert len(sheet) == 3
    assert sheet[1][1] == "0403.170.701"
    assert sheet[1][3].date() == date(2020, 1, 1)


def test_consultant_may_not_export_mandates(api_for: Callable[..., APIClient]) -> None:
    consultant = api_for("consultant")
    assert consultant.get("/api/v1/exports/mandates.csv").status_code == 403
    assert consultant.get("/api/v1/exports/mandates.xlsx").status_code == 403
    assert consultant.get("/api/v1/exports/applications.csv").status_code == 403


def test_unauthenticated_is_401() -> None:
    for url in ("/api/v1/exports/mandates.csv", "/api/v1/monitoring/export.xlsx"):
        response = APIClient().get(url)
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/problem+json")


def test_applicant_may_not_export_the_mandate_register(applicant: APIClient) -> None:
    assert applicant.get("/api/v1/exports/mandates.csv").status_code == 403


def test_esf_officer_may_not_export_the_applications(esf_officer: APIClient) -> None:
    """API.md's role table: mandate applications are the applicant's (own) and the reviewer's."""
    for ext in ("csv", "xlsx"):
        response = esf_officer.get(f"/api/v1/exports/applications.{ext}")
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/problem+json")


# --- applications -----------------------------------------------------------------------------


def test_applications_with_timeliness_and_applicant_scope(
    reviewer: APIClient,
    applicant: APIClient,
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    timely = MandateApplication.objects.create(
        organisation=organisation,
        kind="new",
        frameworks="maatwerk",
        status="approved",
        received_on=date(2024, 1, 2),
        completed_on=date(2024, 1, 2),
        decision_due_on=date(2024, 3, 2),
    )
    Decision.objects.create(application=timely, outcome="approved", decided_on=date(2024, 3, 2))
    late = MandateApplication.objects.create(
        organisation=other_organisation,
        kind="renewal",
        frameworks="lde",
        status="rejected",
        decision_due_on=date(2024, 3, 2),
    )
    Decision.objects.create(application=late, outcome="rejected", decided_on=date(2024, 3, 3))
    MandateApplication.objects.create(organisation=organisation, kind="new", frameworks="lde")
    rows = csv_rows(reviewer.get("/api/v1/exports/applications.csv"))
    assert rows[0][-1] == "Beslist binnen termijn"
    assert rows[1] == [
        f"MDB-{timely.pk:06d}",
        "Jobkracht Gent vzw",
        "new",
        "approved",
        "2024-01-02",
        "2024-01-02",
        "2024-03-02",
        "2024-03-02",
        "approved",
        "ja",
    ]
    assert rows[2][-1] == "nee" and rows[2][1] == "Werkpunt Hasselt vzw"
    assert rows[3][-3:] == ["", "", ""]
    own = csv_rows(applicant.get("/api/v1/exports/applications.csv"))
    assert {row[1] for row in own[1:]} == {"Jobkracht Gent vzw"}
    assert len(own) == 3
    sheet = xlsx_rows(applicant.get("/api/v1/exports/applications.xlsx"))
    assert len(sheet) == 3 and sheet[1][-1] == "ja"


# --- trajectories -----------------------------------------------------------------------------


def test_trajectory_export_rows(reviewer: APIClient, trajectories: list[Employee]) -> None:
    rows = csv_rows(reviewer.get("/api/v1/exports/trajectories.csv"))
    assert len(rows) == 4
    other, ended, opened = rows[1:]
    assert ended[1:] == [
        "Jobkracht Gent vzw",
        "0403.170.701",
        "Provincie Oost-Vlaanderen",
        "maatwerk",
        "work_disability",
        "2024-01-10",
        "2024-01-15",
        "2024-03-15",
        "hired",
        "2024-03-15",
        "60",
        "5,5",
        "1",
        "11",
    ]
    assert opened[8:] == ["", "", "", "", "0", "0", "0"]
    assert other[1] == "Werkpunt Hasselt vzw" and other[3] == "Provincie Limburg"
    sheet = xlsx_rows(reviewer.get("/api/v1/exports/trajectories.xlsx"))
    assert len(sheet) == 4
    assert sheet[2][11] == 60 and sheet[2][12] == 5.5 and sheet[2][14] == 11


@pytest.mark.parametrize("path", ["exports/trajectories", "monitoring/export"])
def test_no_personal_data_in_trajectory_exports(
    api_for: Callable[..., APIClient], trajectories: list[Employee], path: str
) -> None:
    consultant = api_for("consultant")
    query = "?from=2023-01-01&to=2024-12-31"
    text = "\n".join(
        ";".join(row) for row in csv_rows(consultant.get(f"/api/v1/{path}.csv{query}"))
    )
    cells = [
        str(cell)
        for row in xlsx_rows(consultant.get(f"/api/v1/{path}.xlsx{query}"))
        for cell in row
    ]
    assert text.count("\n") == 3 and len(cells) == 4 * 15
    for person in trajectories:
        for secret in (
            person.given_name,
            person.family_name,
            person.national_number_masked,
            person.national_number_masked[:8],
        ):
            assert secret not in text
            assert not any(secret in cell for cell in cells)


def test_monitoring_export_filters(
    esf_officer: APIClient,
    trajectories: list[Employee],
    other_organisation: Organisation,
) -> None:
    march = "?from=2024-03-01&to=2024-03-31"
    rows = csv_rows(esf_officer.get("/api/v1/monitoring/export.csv" + march))
    assert [row[8] for row in rows[1:]] == ["", "2024-03-15"]  # other (open), ended
    rows = csv_rows(
        esf_officer.get(f"/api/v1/monitoring/export.csv{march}&partner={other_organisation.pk}")
    )
    assert [row[1] for row in rows[1:]] == ["Werkpunt Hasselt vzw"]
    rows = csv_rows(esf_officer.get("/api/v1/monitoring/export.csv?from=2024-04-01&to=2024-12-31"))
    assert len(rows) == 3  # the ended one stopped before April
    response = esf_officer.get("/api/v1/monitoring/export.xlsx" + march)
    assert response.status_code == 200
    assert f"doorstroom-monitoring-{TODAY.isoformat()}.xlsx" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "query",
    ["?from=2024-13-01", "?from=2024-03-31&to=2024-03-01", "?partner=abc", "?framework=x"],
)
def test_bad_filters_are_400_problems(esf_officer: APIClient, query: str) -> None:
    for path in ("monitoring/export.csv", "monitoring/export.xlsx", "exports/trajectories.csv"):
        response = esf_officer.get(f"/api/v1/{path}{query}")
        assert response.status_code == 400, path
        assert response["Content-Type"].startswith("application/problem+json")


def test_applicant_sees_only_its_own_trajectories(
    applicant: APIClient, trajectories: list[Employee], other_organisation: Organisation
) -> None:
    rows = csv_rows(applicant.get("/api/v1/exports/trajectories.csv"))
    assert {row[1] for row in rows[1:]} == {"Jobkracht Gent vzw"} and len(rows) == 3
    rows = csv_rows(applicant.get("/api/v1/monitoring/export.csv?from=2023-01-01"))
    assert {row[1] for row in rows[1:]} == {"Jobkracht Gent vzw"}
    sheet = xlsx_rows(applicant.get("/api/v1/exports/trajectories.xlsx"))
    assert {row[1] for row in sheet[1:]} == {"Jobkracht Gent vzw"}
    asked = applicant.get(f"/api/v1/monitoring/export.csv?partner={other_organisation.pk}")
    assert asked.status_code == 404


def test_accept_header_does_not_matter(reviewer: APIClient, trajectories: list[Employee]) -> None:
    response = reviewer.get("/api/v1/exports/trajectories.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert len(csv_rows(response)) == 4


def fill(rows: int, partners: list[Organisation]) -> None:
    for i in range(rows):
        day = date(2024, 1, 1) + timedelta(days=i % 200)
        c = chain(
            partners[i % 2],
            referred_on=day,
            started_on=day,
            ended_on=day + timedelta(days=30) if i % 2 else None,
            outcome="hired" if i % 2 else None,
            suspended=(day, day + timedelta(days=3)),
        )
        assert c.trajectory is not None
        Activity.objects.create(trajectory=c.trajectory, on=day, kind="x", hours=Decimal("1.5"))
        Internship.objects.create(
            trajectory=c.trajectory,
            employer_enterprise_number="0417497106",
            employer_name="B",
            vacancy="V",
            starts_on=day,
            ends_on=day,
        )


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_queries_do_not_grow_with_rows(
    django_assert_max_num_queries: Any,
    reviewer: APIClient,
    organisation: Organisation,
    other_organisation: Organisation,
    rows: int,
    ext: str,
) -> None:
    fill(rows, [organisation, other_organisation])
    # The token and its user, the trajectories, and one grouped query each for the hours,
    # the internships and the suspensions (merged as they stream).
    with django_assert_max_num_queries(5):
        response = reviewer.get(f"/api/v1/exports/trajectories.{ext}")
        table = csv_rows(response) if ext == "csv" else xlsx_rows(response)
    assert len(table) == rows + 1


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_other_exports_queries_are_fixed(
    django_assert_max_num_queries: Any,
    reviewer: APIClient,
    organisation: Organisation,
    ext: str,
) -> None:
    for year in range(2000, 2030, 6):
        mandate(organisation, date(year, 1, 1))
    with django_assert_max_num_queries(2):
        assert (
            len(
                csv_rows(reviewer.get(f"/api/v1/exports/mandates.{ext}"))
                if ext == "csv"
                else xlsx_rows(reviewer.get(f"/api/v1/exports/mandates.{ext}"))
            )
            == 6
        )
    with django_assert_max_num_queries(2):
        response = reviewer.get(f"/api/v1/exports/applications.{ext}")
        assert len(csv_rows(response) if ext == "csv" else xlsx_rows(response)) == 6


def test_schema_validates_with_the_exports() -> None:
    import json

    from openapi_spec_validator import validate

    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)
    operation = document["paths"]["/api/v1/monitoring/export.xlsx"]["get"]
    assert (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        in (operation["responses"]["200"]["content"])
    )
    assert "/api/v1/exports/trajectories.csv" in document["paths"]
