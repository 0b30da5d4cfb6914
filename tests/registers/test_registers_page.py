"""The administrator's import page: upload, dry run, report, apply; admin only."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from openpyxl import load_workbook

from doorstroom.employees.models import Employee
from doorstroom.organisations.models import Organisation
from doorstroom.registers.models import RegisterImport
from doorstroom.registers.progress import progress_write
from tests.registers.builders import national_number, workbook

pytestmark = pytest.mark.django_db

ORGS = [
    ["0403.170.701", "Jobkracht Gent vzw", "9000", None, None, None, None],
    ["0403.091.220", "Maatwerk Hasselt", "3500", None, None, None, None],
]


@pytest.fixture
def admin_client(client: Client, make_user: Any) -> Client:
    client.force_login(make_user("admin"))
    return client


def upload(
    client: Client, content: bytes, name: str = "register.xlsx", dry_run: bool = True
) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/beheer/registers/", data, follow=True)


def test_dry_run_then_apply(admin_client: Client) -> None:
    employees = [
        [
            national_number(n),
            "V",
            "F",
            "9000",
            "0403.091.220",
            "maatwerk",
            "work_disability",
            "2020-01-06",
        ]
        for n in range(5)
    ]
    page = upload(admin_client, workbook({"organisaties": ORGS, "werknemers": employees}))
    text = page.content.decode()
    assert "Alle rijen zijn in orde. Er is nog niets bewaard." in text
    assert not Organisation.objects.exists()
    job = RegisterImport.objects.get()
    assert job.dry_run and job.status == "done"

    applied = admin_client.post(f"/beheer/registers/{job.pk}/toepassen/", follow=True)
    assert "De import is klaar." in applied.content.decode()
    assert Organisation.objects.count() == 2 and Employee.objects.count() == 5


def test_rejected_rows_are_listed_and_downloadable(admin_client: Client) -> None:
    bad = [*ORGS, ["0403.170.702", "Fout", "9000", None, None, None, None]]
    page = upload(admin_client, workbook({"organisaties": bad}))
    text = page.content.decode()
    assert "Er zou 1 rij geweigerd worden" in text
    assert "geen geldig ondernemingsnummer" in text
    assert "Nu importeren" not in text
    job = RegisterImport.objects.get()
    xlsx = admin_client.get(f"/beheer/registers/{job.pk}/geweigerd.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[1][:2] == ("organisaties", 4)
    assert admin_client.get(f"/beheer/registers/{job.pk}/geweigerd.pdf").status_code == 404


def test_an_unreadable_file_says_why(admin_client: Client) -> None:
    page = upload(admin_client, b"geen excel", name="register.xlsx")
    assert "Het bestand kan niet gelezen worden" in page.content.decode()
    page = upload(admin_client, b"x", name="register.pdf")
    assert "Kies een .xlsx- of .csv-bestand." in page.content.decode()


def test_progress_while_running(admin_client: Client) -> None:
    job = RegisterImport.objects.create(
        file_name="r.xlsx", sha256="0", content=b"", status="running"
    )
    progress_write(job.pk, 150, 600)
    fragment = admin_client.get(f"/beheer/registers/{job.pk}/voortgang/")
    assert '<progress id="voortgang-balk" max="600" value="150">' in fragment.content.decode()
    assert "150 van 600 rijen verwerkt" in fragment.content.decode()
    RegisterImport.objects.filter(pk=job.pk).update(status="done")
    done = admin_client.get(f"/beheer/registers/{job.pk}/voortgang/")
    assert done.status_code == 204 and done["HX-Redirect"] == f"/beheer/registers/{job.pk}/"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_with_a_worker_the_page_waits_for_it(admin_client: Client) -> None:
    page = upload(admin_client, workbook({"organisaties": ORGS}))
    assert "De import loopt" in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()


def test_the_template_download(admin_client: Client) -> None:
    response = admin_client.get("/beheer/registers/sjabloon.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "organisaties"


@pytest.mark.parametrize("role", ["reviewer", "consultant", "esf_officer", "applicant"])
def test_only_the_administrator(
    client: Client, make_user: Any, role: str, organisation: Organisation
) -> None:
    client.force_login(make_user(role, organisation if role == "applicant" else None))
    assert client.get("/beheer/registers/").status_code == 403
    assert client.get("/beheer/registers/sjabloon.xlsx").status_code == 403


# English, once chosen, is complete on the import pages too (issue 15): the page, the form, the
# column help of every sheet, the report and the progress; the rows' reasons stay as stored.

DUTCH_WORDS = (
    "Registers importeren",
    "Registerbestand",
    "Bestand controleren",
    "Kolommen per tabblad",
    "datum als",
    "(optioneel)",
    "Proefimport",
    "Resultaat per tabblad",
    "Tabblad",
    "rijen verwerkt",
)


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_english(html: str) -> None:
    assert '<html lang="en">' in html or "<html" not in html
    found = [word for word in DUTCH_WORDS if word in html]
    assert not found, found


def test_the_import_page_in_english(admin_client: Client) -> None:
    html = english(admin_client).get("/beheer/registers/").content.decode()
    assert_english(html)
    for text in (
        "Import registers",
        "Register file",
        "Check only (trial import: nothing is saved)",
        "Check the file",
        "Columns per sheet",
        "Granted mandates",
        "date as YYYY-MM-DD (or an Excel date)",
        "(optional)",
    ):
        assert text in html


def test_a_trial_import_and_its_refused_rows_in_english(admin_client: Client) -> None:
    english(admin_client)
    html = upload(admin_client, workbook({"organisaties": ORGS})).content.decode()
    assert_english(html)
    assert "Trial import: register.xlsx" in html and "All rows are in order." in html
    assert "Import now" in html and "Result per sheet" in html
    bad = [*ORGS, ["0403.170.702", "Fout", "9000", None, None, None, None]]
    html = upload(admin_client, workbook({"organisaties": bad})).content.decode()
    assert_english(html)
    assert "1 row would be refused" in html and "Refused rows" in html
    assert "The reasons are in Dutch" in html
    refused = upload(admin_client, b"x", name="register.pdf").content.decode()
    assert "Choose an .xlsx or .csv file." in refused


def test_the_progress_in_english(admin_client: Client) -> None:
    job = RegisterImport.objects.create(
        file_name="r.xlsx", sha256="0", content=b"", status="running"
    )
    progress_write(job.pk, 150, 600)
    html = english(admin_client).get(f"/beheer/registers/{job.pk}/voortgang/").content.decode()
    assert "150 of 600 rows processed" in html
    assert_english(html)
