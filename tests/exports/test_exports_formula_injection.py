"""Formula injection (OWASP "CSV injection", issue 12): in every CSV and XLSX export a text
that starts with =, +, -, @, a tab or a carriage return gets a leading single quote, and XLSX
writes it as a string cell, never a formula; real numbers (negative ones too) stay numbers.
docs/security.md T18."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from doorstroom.employees.models import Employee
from doorstroom.exports import writers
from doorstroom.exports.writers import FORMULA_TRIGGERS, Column, spreadsheet_text
from doorstroom.organisations.models import Organisation
from doorstroom.web.esf.dashboard import TABLES
from tests.exports.test_exports_api import mandate
from tests.monitoring import conftest as monitoring_data
from tests.monitoring.conftest import chain

EVIL = '=HYPERLINK("http://evil.example/","x")'
HOSTILE = (EVIL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTab vzw", "\rCR vzw")
march = monitoring_data.dataset


def csv_cells(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def xlsx_cells(content: bytes) -> list[list[Any]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), "a formula in the sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def body(response: Any) -> bytes:
    assert response.status_code == 200, response.content
    return response.getvalue()


def assert_neutralised(cells: list[list[Any]], hostile: str) -> None:
    """The hostile text appears, quoted, and no text cell starts a formula."""
    flat = [c for row in cells for c in row if isinstance(c, str)]
    assert "'" + hostile in flat
    assert not [c for c in flat if c.startswith(FORMULA_TRIGGERS)]


# --- the one shared function -------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_each_formula_trigger_gets_a_quote(text: str) -> None:
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Jobkracht Gent vzw", "", "'al geciteerd", "a=b", "1-2"])
def test_other_text_is_unchanged(text: str) -> None:
    assert spreadsheet_text(text) == text


COLUMNS = (Column("Naam", "text"), Column("Saldo", "int"), Column("Uren", "decimal"))


@given(name=st.text(max_size=30), number=st.integers(-(10**6), 10**6))
def test_any_text_is_neutralised_and_numbers_stay_numbers(name: str, number: int) -> None:
    rows = [(name, number, Decimal(number) / 4)]
    lines = "".join(
        writers.csv_lines([c.label for c in COLUMNS], writers.csv_text_rows(COLUMNS, rows))
    )
    cells = list(csv.reader(io.StringIO(lines[1:], newline=""), delimiter=";"))
    assert cells[1][0] == (("'" + name) if name.startswith(FORMULA_TRIGGERS) else name)
    assert cells[1][1] == str(number)  # "-5", not "'-5"
    assert cells[1][2] == writers.decimal_comma(Decimal(number) / 4)
    out = io.BytesIO()
    writers.xlsx_write(out, "t", COLUMNS, rows)
    sheet = xlsx_cells(out.getvalue())
    assert sheet[1][1] == number and isinstance(sheet[1][1], int)
    assert sheet[1][2] == pytest.approx(number / 4)
    assert not (sheet[1][0] or "").startswith(FORMULA_TRIGGERS)


def test_control_characters_do_not_break_the_xlsx() -> None:
    out = io.BytesIO()
    writers.xlsx_write(out, "t", COLUMNS, [("\x1f=1+1 vzw\x00", 1, None)])
    assert xlsx_cells(out.getvalue())[1][0] == "\ufffd=1+1 vzw\ufffd"


def test_a_text_in_a_number_column_is_still_neutralised() -> None:
    out = io.BytesIO()
    writers.xlsx_write(out, "t", COLUMNS, [(EVIL, EVIL, None)])
    assert xlsx_cells(out.getvalue())[1][:2] == ["'" + EVIL, "'" + EVIL]
    line = next(writers.csv_text_rows(COLUMNS, [(EVIL, EVIL, -1)]))
    assert line == ["'" + EVIL, "'" + EVIL, "-1"]


# --- every export, through its URL --------------------------------------------------------------


def rename(organisation: Organisation, name: str) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(name=name)


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_the_api_exports_neutralise_names(
    hostile: str,
    ext: str,
    reviewer: APIClient,
    esf_officer: APIClient,
    organisation: Organisation,
    other_organisation: Organisation,
) -> None:
    mandate(organisation, date(2020, 1, 1))
    chain(organisation, referred_on=date(2026, 1, 5), started_on=date(2026, 1, 12))
    rename(organisation, hostile)
    read = csv_cells if ext == "csv" else xlsx_cells
    for client, path in (
        (reviewer, f"exports/mandates.{ext}"),
        (reviewer, f"exports/applications.{ext}"),
        (reviewer, f"exports/trajectories.{ext}"),
        (esf_officer, f"monitoring/export.{ext}?from=2026-01-01&to=2026-01-31"),
    ):
        assert_neutralised(read(body(client.get(f"/api/v1/{path}"))), hostile)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["uitstroom-per-partner", "beslistermijn"])
def test_the_dashboard_exports_neutralise_names(
    slug: str,
    client: Client,
    make_user: Callable[..., User],
    march: list[Employee],
    organisation: Organisation,
) -> None:
    assert slug in TABLES
    rename(organisation, EVIL)
    client.force_login(make_user("esf_officer"))
    query = "?from=2024-03-01&to=2024-03-31"
    assert_neutralised(
        csv_cells(body(client.get(reverse("esf:export_csv", args=[slug]) + query))), EVIL
    )
    sheet = xlsx_cells(body(client.get(reverse("esf:export_xlsx", args=[slug]) + query)))
    assert_neutralised(sheet, EVIL)
    assert all(isinstance(v, int | float) for row in sheet[1:] for v in row[1:] if v is not None)
