"""The trajectory CSV is written by its own fast path (values formatted once per distinct
value, rows written in batches): byte for byte the file a straightforward writer makes from
each trajectory's own rows, and the file the generic writer makes from the rows the XLSX
export reads. Odd text everywhere: formula triggers, quotes, semicolons, commas, line
breaks, non-ASCII, empty values."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from doorstroom.common.identifiers import enterprise_number_display
from doorstroom.employees.models import Employee
from doorstroom.exports import tables, writers
from doorstroom.exports.writers import decimal_comma, spreadsheet_text
from doorstroom.organisations.models import Organisation
from doorstroom.places.models import Municipality
from doorstroom.rules.codes import target_groups_ordered
from doorstroom.trajectories.models import Activity, Internship, Outcome, Suspension, Trajectory
from tests.monitoring.conftest import GENT, HASSELT, chain

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exports.urls_for_tests")]

ODD = (
    '=HYPERLINK("http://evil.example/","x")',
    "+32 vzw",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab vzw",
    "\rCR vzw",
    '"Quoted" vzw',
    "A;B vzw",
    "A, B en C",
    "Line\nbreak",
    "x\r\ny",
    "Ça va – Ørsted 北京 🙂",
    "'apostrophe",
    " leading space",
    "trailing ",
    "",
    '""',
    ";",
)
HOURS = ("0.25", "24.00", "1.50", "0.01", "0.10", "0.20", "7.33", "2.05", "3.00")
_numbers = count(1)


def _partner(name: str) -> Organisation:
    n = next(_numbers)
    return Organisation.objects.create(
        enterprise_number=f"05{n:08d}", name=name, postal_code="9000"
    )


def _municipality(nis_code: str, province: str) -> str:
    place = Municipality.objects.get(pk=HASSELT)
    place.pk, place.province_name_nl, place.province_code = nis_code, province, "99999"
    place.save(force_insert=True)
    return nis_code


@pytest.fixture
def varied(organisation: Organisation, other_organisation: Organisation) -> None:
    """About sixty trajectories: odd partner, province, framework, target group and outcome
    texts; odd enterprise numbers; open and ended, ties on the start day, zero to three
    activities, internships and suspensions each."""
    partners = [organisation, other_organisation, *(_partner(name) for name in ODD)]
    Organisation.objects.filter(pk=partners[2].pk).update(enterprise_number="=12345678")
    Organisation.objects.filter(pk=partners[3].pk).update(enterprise_number="-123456789")
    places = [
        GENT,
        HASSELT,
        _municipality("99991", '=Provincie;"x"'),
        _municipality("99992", ""),
        _municipality("99993", "Provincie\nÉ"),
    ]
    frameworks = ("maatwerk", "lde", "=x", "-", "a;b")
    groups: tuple[tuple[str, ...], ...] = (
        ("work_disability",),
        ("extremely_vulnerable", "work_disability"),
        ("work_disability", "work_disability"),
        ("unknown",),
        ("@odd", "psychosocial_limitation", "distance_to_labour_market"),
    )
    outcomes = ("hired", "returned", "stopped", "=odd", "-x", 'a"b')
    for i in range(60):
        start = date(2020, 1, 1) + timedelta(days=(i * 7) % 25)  # many ties on a day
        ended = start + timedelta(days=i % 5 * 40) if i % 3 else None
        c = chain(
            partners[i % len(partners)],
            referred_on=start - timedelta(days=i % 4),
            started_on=start,
            ended_on=ended,
            municipality=places[i % len(places)],
            framework="maatwerk",
            groups=("work_disability",),
        )
        assert c.trajectory is not None
        Employee.objects.filter(pk=c.person.pk).update(
            framework=frameworks[i % len(frameworks)],
            target_groups=list(groups[i % len(groups)]) if i % 11 else [],
        )
        if i % 4 == 1:  # an outcome, on an ended trajectory or (odd data) an open one
            Outcome.objects.create(
                trajectory=c.trajectory,
                kind=outcomes[i % len(outcomes)],
                on=ended or start + timedelta(days=3),
            )
        for k in range(i % 4):
            Activity.objects.create(
                trajectory=c.trajectory,
                on=start,
                kind="coaching",
                hours=Decimal(HOURS[(i + k) % len(HOURS)]),
            )
        for _ in range(i % 3):
            Internship.objects.create(
                trajectory=c.trajectory,
                employer_enterprise_number="0417497106",
                employer_name="B",
                vacancy="V",
                starts_on=start,
                ends_on=start,
            )
        for k in range(i % 5 // 2):
            Suspension.objects.create(
                trajectory=c.trajectory,
                starts_on=start + timedelta(days=10 * k),
                ends_on=start + timedelta(days=10 * k + i % 6),
                reason="x",
            )


def reference_csv(trajectories: Iterable[Trajectory]) -> bytes:
    """The export as the issue describes it, from each trajectory's own rows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([c.label for c in tables.TRAJECTORY_COLUMNS])
    for t in trajectories:
        outcome = Outcome.objects.filter(trajectory=t).first()
        ended = t.ended_on
        writer.writerow(
            [
                t.pk,
                spreadsheet_text(t.partner.name),
                spreadsheet_text(enterprise_number_display(t.partner.enterprise_number)),
                spreadsheet_text(t.employee.municipality.province_name_nl),
                spreadsheet_text(t.employee.framework),
                spreadsheet_text(", ".join(target_groups_ordered(t.employee.target_groups))),
                t.referral.referred_on.isoformat(),
                t.started_on.isoformat(),
                "" if ended is None else ended.isoformat(),
                "" if outcome is None else spreadsheet_text(outcome.kind),
                "" if outcome is None else outcome.on.isoformat(),
                "" if ended is None else (ended - t.started_on).days,
                decimal_comma(sum((a.hours for a in t.activities.all()), Decimal(0))),
                t.internships.count(),
                sum((s.ends_on - s.starts_on).days + 1 for s in t.suspensions.all()),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def generic_csv(user: User, f: tables.TrajectoryFilter) -> bytes:
    """The generic writer over the rows the XLSX export reads."""
    rows = writers.csv_text_rows(tables.TRAJECTORY_COLUMNS, tables.trajectory_rows(user, f))
    header = [c.label for c in tables.TRAJECTORY_COLUMNS]
    return "".join(writers.csv_lines(header, rows)).encode("utf-8")


def body(response: Any) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


FILTERS = [
    ("", tables.TrajectoryFilter()),
    (
        "?from=2020-01-10&to=2020-02-01",
        tables.TrajectoryFilter(date(2020, 1, 10), date(2020, 2, 1)),
    ),
    ("?province=99999", tables.TrajectoryFilter(province_code="99999")),
    ("?framework=lde", tables.TrajectoryFilter(framework="lde")),
]


@pytest.mark.usefixtures("varied")
@pytest.mark.parametrize(("query", "f"), FILTERS)
def test_the_csv_is_the_reference_file(
    esf_officer: APIClient, query: str, f: tables.TrajectoryFilter
) -> None:
    user = User(role="esf_officer")
    ordered = tables.trajectory_queryset(user, f).order_by("started_on", "id")
    assert ordered.count() >= (40 if not query else 5)
    expected = reference_csv(ordered.select_related("partner", "employee__municipality"))
    assert generic_csv(user, f) == expected
    assert body(esf_officer.get("/api/v1/exports/trajectories.csv" + query)) == expected


@pytest.mark.usefixtures("varied")
def test_a_partner_and_an_applicant_get_the_reference_file(
    api_for: Any, esf_officer: APIClient, organisation: Organisation
) -> None:
    partner = Organisation.objects.get(name=ODD[0])
    f = tables.TrajectoryFilter(partner_id=partner.pk)
    expected = reference_csv(
        tables.trajectory_queryset(User(role="esf_officer"), f).order_by("started_on", "id")
    )
    assert expected.count(b"\r\n") > 2
    got = body(esf_officer.get(f"/api/v1/exports/trajectories.csv?partner={partner.pk}"))
    assert got == expected
    applicant = api_for("applicant", partner)
    assert body(applicant.get("/api/v1/exports/trajectories.csv")) == expected
    monitoring = "/api/v1/monitoring/export.csv?from=2019-01-01&to=2026-01-01"
    assert body(applicant.get(monitoring)) == expected


def test_an_empty_export_is_the_header(esf_officer: APIClient) -> None:
    assert body(esf_officer.get("/api/v1/exports/trajectories.csv")) == reference_csv([])


@pytest.mark.usefixtures("varied")
def test_the_body_streams_in_bounded_chunks(
    esf_officer: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are read and written a batch at a time: memory holds one batch, never the file."""
    monkeypatch.setattr(tables, "CSV_BATCH", 7)
    response: Any = esf_officer.get("/api/v1/exports/trajectories.csv")
    chunks = [chunk for chunk in response.streaming_content if chunk]
    rows = [
        len(list(csv.reader(io.StringIO(c.decode(), newline=""), delimiter=";"))) for c in chunks
    ]
    assert chunks[0] == "\ufeff".encode()
    assert len(chunks) >= 2 + 60 // 7 and max(rows[2:]) <= 7
    assert b"".join(chunks) == reference_csv(Trajectory.objects.order_by("started_on", "id"))


@settings(max_examples=40)
@given(
    name=st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=200
    )
)
def test_any_partner_name_is_written_as_the_reference_writes_it(name: str) -> None:
    partner = Organisation.objects.get_or_create(
        enterprise_number="0403170701", defaults={"name": "x", "postal_code": "9000"}
    )[0]
    if not Trajectory.objects.exists():
        chain(partner, referred_on=date(2024, 1, 1), started_on=date(2024, 1, 2))
    Organisation.objects.filter(pk=partner.pk).update(name=name)
    user = User(role="esf_officer")
    f = tables.TrajectoryFilter()
    got = "".join(tables.trajectory_csv(user, f)).encode("utf-8")
    assert got == reference_csv(Trajectory.objects.order_by("started_on", "id"))
    assert got == generic_csv(user, f)
