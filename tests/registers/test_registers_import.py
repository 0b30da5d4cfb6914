"""Importing today's registers: through the services and rules, all or nothing per sheet,
idempotent, with a report of every rejected row and never a national number in it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from stdnum.be import nn

from doorstroom.employees.models import Employee
from doorstroom.esf.models import Project
from doorstroom.esf.services import call_create
from doorstroom.mandates.models import Mandate
from doorstroom.organisations.models import Organisation, Recognition
from doorstroom.registers.layout import SHEETS, template_workbook
from doorstroom.registers.services import register_import, report_csv, report_xlsx
from doorstroom.trajectories.models import Trajectory
from tests.registers.builders import national_number, workbook

pytestmark = pytest.mark.django_db

PARTNER, EMPLOYER, OTHER = "0403.170.701", "0403.091.220", "0202.239.951"
EMPLOYEES = 2_000


@pytest.fixture
def call(db: Any) -> Any:
    return call_create(
        code="432",
        title="Doorstroombegeleiding",
        opens_on=date(2022, 1, 1),
        closes_on=date(2022, 3, 31),
    )


def register(employees: int = EMPLOYEES) -> dict[str, list[list[Any]]]:
    return {
        "organisaties": [
            [
                PARTNER,
                "Jobkracht Gent vzw",
                "9000",
                "Korenmarkt 1",
                "info@jobkracht.be",
                "nee",
                None,
            ],
            [EMPLOYER, "Maatwerk Hasselt", "3500", None, None, None, None],
        ],
        "erkenningen": [[PARTNER, "L-1", "R-1", date(2020, 1, 1), None]],
        "mandaten": [[PARTNER, date(2022, 3, 1), None, "maatwerk", "An Peeters"]],
        "esf_projecten": [
            [
                PARTNER,
                "432",
                date(2022, 2, 1),
                "ja",
                date(2022, 3, 15),
                date(2022, 4, 1),
                date(2025, 12, 31),
            ]
        ],
        "werknemers": [
            [
                national_number(n),
                f"Voornaam{n}",
                "Familienaam",
                "9000",
                EMPLOYER,
                "maatwerk",
                "work_disability",
                date(2020, 1, 6),
            ]
            for n in range(employees)
        ],
        "trajecten": [[national_number(n), PARTNER, date(2023, 5, 2)] for n in range(3)],
    }


def test_a_whole_register_comes_in_through_the_services(call: Any) -> None:
    content = workbook(register())
    seen: list[tuple[int, int]] = []
    report = register_import(
        content=content,
        file_name="register.xlsx",
        dry_run=False,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert report.error == ""
    assert {s.sheet: (s.created, s.present, len(s.rejected), s.applied) for s in report.sheets} == {
        "organisaties": (2, 0, 0, True),
        "erkenningen": (1, 0, 0, True),
        "mandaten": (1, 0, 0, True),
        "esf_projecten": (1, 0, 0, True),
        "werknemers": (EMPLOYEES, 0, 0, True),
        "trajecten": (3, 0, 0, True),
    }
    mandate = Mandate.objects.get()
    assert (mandate.valid_from, mandate.valid_until) == (date(2022, 3, 1), date(2028, 2, 29))
    assert Project.objects.get().status == "approved"
    assert Employee.objects.count() == EMPLOYEES
    assert Trajectory.objects.filter(partner__enterprise_number="0403170701").count() == 3
    assert seen[-1] == (EMPLOYEES + 8, EMPLOYEES + 8)


def test_a_second_run_adds_nothing(call: Any) -> None:
    content = workbook(register(employees=50))
    register_import(content=content, file_name="r.xlsx", dry_run=False)
    counts = (
        Organisation.objects.count(),
        Employee.objects.count(),
        Trajectory.objects.count(),
        Mandate.objects.count(),
        Recognition.objects.count(),
        Project.objects.count(),
    )
    again = register_import(content=content, file_name="r.xlsx", dry_run=False)
    assert [s.created for s in again.sheets] == [0] * 6
    assert [s.present for s in again.sheets] == [2, 1, 1, 1, 50, 3]
    assert counts == (
        Organisation.objects.count(),
        Employee.objects.count(),
        Trajectory.objects.count(),
        Mandate.objects.count(),
        Recognition.objects.count(),
        Project.objects.count(),
    )


def test_a_dry_run_changes_nothing_and_reports_the_same(call: Any) -> None:
    content = workbook(register(employees=20))
    dry = register_import(content=content, file_name="r.xlsx", dry_run=True)
    assert not Organisation.objects.exists() and not Employee.objects.exists()
    assert [(s.created, len(s.rejected), s.applied) for s in dry.sheets] == [
        (2, 0, False),
        (1, 0, False),
        (1, 0, False),
        (1, 0, False),
        (20, 0, False),
        (3, 0, False),
    ]


def test_bad_rows_of_every_kind_reject_their_sheet_with_reasons(call: Any) -> None:
    sheets = register(employees=30)
    sheets["erkenningen"].append([PARTNER, "L", "R", "gisteren", None])
    # R1: an organisation without recognition gets no mandate; R2: no ESF approval without one.
    sheets["mandaten"].append([EMPLOYER, date(2023, 1, 10), None, "maatwerk", None])
    sheets["esf_projecten"].append([EMPLOYER, "999", date(2022, 2, 1), None, None, None, None])
    sheets["werknemers"].append(
        ["12345678901", "X", "Y", "9000", EMPLOYER, "maatwerk", "work_disability", date(2020, 1, 6)]
    )
    sheets["werknemers"].append(
        [
            national_number(999),
            "X",
            "Y",
            "0000",
            EMPLOYER,
            "maatwerk",
            "work_disability",
            date(2020, 1, 6),
        ]
    )
    sheets["trajecten"].append([national_number(5000), PARTNER, date(2023, 5, 2)])
    report = register_import(content=workbook(sheets), file_name="r.xlsx", dry_run=False)
    by_sheet = {s.sheet: s for s in report.sheets}
    assert all(not s.applied for s in report.sheets if s.rejected)
    rows = {s.sheet: [r["row"] for r in s.rejected] for s in report.sheets}
    assert (rows["organisaties"], rows["erkenningen"], rows["werknemers"]) == ([], [3], [32, 33])
    # Its own bad row, and, because each sheet before it was rolled back, the rows that needed
    # it: no recognition → no mandate (R1) → no ESF approval (R2) → no referral (R4).
    assert rows["mandaten"] == [2, 3] and rows["esf_projecten"] == [2, 3]
    assert rows["trajecten"] == [2, 3, 4, 5]
    reasons = " ".join(" ".join(r["reasons"]) for s in report.sheets for r in s.rejected)
    assert "geen datum" in reasons
    assert "ESF-oproep '999' is niet gekend" in reasons
    assert "geen geldig rijksregisternummer" in reasons
    assert "geen werknemer met dit nummer" in reasons
    assert by_sheet["organisaties"].applied
    # Every other sheet was rolled back whole: none of its good rows is in the database.
    assert not Recognition.objects.exists() and not Employee.objects.exists()
    # The report never repeats a national number.
    text = report_csv(report.as_dict()).decode()
    assert not any(nn.is_valid(token) for token in text.replace(";", " ").split())
    assert "12345678901" not in text


def test_a_bad_organisation_rolls_its_sheet_back_and_its_dependants_say_why(call: Any) -> None:
    sheets = register(employees=2)
    sheets["organisaties"].append(["0403.170.702", "Fout nummer", "9000", None, None, None, None])
    sheets["organisaties"].append([OTHER, "Zonder postcode", None, None, None, "misschien", None])
    report = register_import(content=workbook(sheets), file_name="r.xlsx", dry_run=False)
    organisations = report.sheets[0]
    assert [r["row"] for r in organisations.rejected] == [4, 5]
    reasons = " ".join(" ".join(r["reasons"]) for r in organisations.rejected)
    assert "geen geldig ondernemingsnummer" in reasons
    assert "postcode: verplicht" in reasons and "huidige_deelnemer: ja of nee" in reasons
    assert not Organisation.objects.exists()
    assert "0403.170.701 is niet gekend" in " ".join(report.sheets[1].rejected[0]["reasons"])


def test_a_mandate_the_rules_refuse_is_a_rejected_row(call: Any) -> None:
    """R1: the employer holds no DWSE recognition, so its 'mandate' is refused with the reason."""
    sheets = register(employees=1)
    sheets["mandaten"] = [[EMPLOYER, date(2023, 1, 10), None, "maatwerk", None]]
    sheets["esf_projecten"] = []
    sheets["trajecten"] = []
    report = register_import(content=workbook(sheets), file_name="r.xlsx", dry_run=False)
    mandates = next(s for s in report.sheets if s.sheet == "mandaten")
    assert mandates.rejected and "erkenning" in " ".join(mandates.rejected[0]["reasons"]).lower()
    assert not Mandate.objects.exists()
    assert Organisation.objects.count() == 2  # the organisations sheet itself was fine


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a workbook at all", "r.xlsx", "geen leesbaar Excel-bestand"),
        (b"PK\x03\x04broken zip", "r.xlsx", "geen leesbaar Excel-bestand"),
        (b"\xff\xfe\x00\x00binary", "werknemers.csv", "geen tekstbestand"),
        (b"a;b\n1;2\n", "lijst.csv", "Zeg welk register"),
        (b"naam;kleur\nx;y\n", "organisaties.csv", "onbekende kolom(men) kleur"),
        (b"naam\nx\n", "organisaties.csv", "kolom(men) ontbreken: ondernemingsnummer, postcode"),
        (b"", "organisaties.csv", "geen kopregel"),
    ],
)
def test_unreadable_files_are_a_clear_refusal(content: bytes, name: str, message: str) -> None:
    report = register_import(content=content, file_name=name, dry_run=False)
    assert message in report.error
    assert report.sheets == []


def test_unknown_sheets_and_columns_in_a_workbook(db: Any) -> None:
    report = register_import(
        content=workbook({"klanten": [["a"]]}), file_name="r.xlsx", dry_run=False
    )
    assert "Onbekend(e) tabblad(en): klanten" in report.error
    report = register_import(
        content=workbook(
            {"organisaties": [["ondernemingsnummer", "naam", "postcode", "kleur"]]}, header=False
        ),
        file_name="r.xlsx",
        dry_run=False,
    )
    assert "onbekende kolom(men) kleur" in report.error


def test_a_csv_named_after_its_register(db: Any) -> None:
    text = "\ufeffOndernemingsnummer;Naam;Postcode\n0403.170.701;Jobkracht Gent vzw;9000\n"
    report = register_import(content=text.encode(), file_name="organisaties.csv", dry_run=False)
    assert report.sheets[0].created == 1
    assert Organisation.objects.get().name == "Jobkracht Gent vzw"


def test_the_template_reads_back_as_an_empty_register(db: Any) -> None:
    content = template_workbook()
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [s.name for s in SHEETS]
    report = register_import(content=content, file_name="sjabloon.xlsx", dry_run=False)
    assert report.error == ""
    assert [(s.sheet, s.created, s.rejected) for s in report.sheets] == [
        (s.name, 0, []) for s in SHEETS
    ]


def test_report_files_list_each_rejected_row(db: Any) -> None:
    report = {
        "sheets": [
            {
                "sheet": "organisaties",
                "rejected": [{"row": 4, "reasons": ['=HYPERLINK("http://x") is geen naam']}],
            }
        ]
    }
    csv_text = report_csv(report).decode("utf-8-sig")
    assert csv_text.splitlines() == [
        "tabblad;rij;redenen",
        'organisaties;4;"\'=HYPERLINK(""http://x"") is geen naam"',
    ]
    sheet = load_workbook(io.BytesIO(report_xlsx(report))).active
    assert [c.value for c in sheet[2]] == [
        "organisaties",
        4,
        '\'=HYPERLINK("http://x") is geen naam',
    ]


def test_the_command(tmp_path: Path, call: Any, capsys: Any) -> None:
    good = tmp_path / "register.xlsx"
    good.write_bytes(workbook(register(employees=5)))
    call_command("import_registers", str(good), "--dry-run")
    assert not Organisation.objects.exists()
    call_command("import_registers", str(good))
    assert Employee.objects.count() == 5
    out = capsys.readouterr().out
    assert "werknemers: 5 nieuw, 0 al aanwezig, 0 geweigerd (toegepast)" in out

    bad = tmp_path / "organisaties.csv"
    bad.write_text("ondernemingsnummer;naam;postcode\n0403.170.702;X;9000\n")
    report = tmp_path / "geweigerd.xlsx"
    with pytest.raises(CommandError, match="1 rij"):
        call_command("import_registers", str(bad), "--report", str(report))
    assert load_workbook(report).active.max_row == 2
    with pytest.raises(CommandError, match="niet lezen"):
        call_command("import_registers", str(tmp_path / "weg.xlsx"))
