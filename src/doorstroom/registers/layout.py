"""The column layout of the registers: one sheet per kind, in the order they depend on.

The template workbook (``template_workbook``) is this layout, with a help row; the admin page
offers it for download and docs/operations.md describes it. Headers are Dutch and matched
without regard to case, spaces or accents; unknown columns are refused (a typo must not be
silently ignored).
"""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = True


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


DATE = "datum als JJJJ-MM-DD (of een Excel-datum)"

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "organisaties",
        "Organisaties (dienstverleners)",
        (
            Column("ondernemingsnummer", "0403.170.701 of BE0403170701"),
            Column("naam", "officiële naam"),
            Column("postcode", "Belgische postcode"),
            Column("straat", "straat en nummer", required=False),
            Column("email", "algemeen e-mailadres", required=False),
            Column("huidige_deelnemer", "ja/nee (R1-overgangsregeling)", required=False),
            Column("motivering_huidige_deelnemer", "verplicht bij ja", required=False),
        ),
    ),
    Sheet(
        "erkenningen",
        "DWSE-erkenningen (label en registratie)",
        (
            Column("ondernemingsnummer", "van een organisatie hierboven of in doorstroom"),
            Column("labelnummer", "nummer van het kwaliteitslabel"),
            Column("registratienummer", "nummer van de registratie"),
            Column("geldig_vanaf", DATE),
            Column("geldig_tot", DATE + "; leeg = onbepaald", required=False),
        ),
    ),
    Sheet(
        "mandaten",
        "Toegekende mandaten",
        (
            Column("ondernemingsnummer", "de gemandateerde organisatie"),
            Column("beslissingsdatum", DATE),
            Column("startdatum", DATE + "; leeg = de beslissingsdatum (R3 bis)", required=False),
            Column("kaders", "maatwerk, lde of maatwerk,lde"),
            Column("ondertekenaar", "naam van de wettelijke vertegenwoordiger", required=False),
        ),
    ),
    Sheet(
        "esf_projecten",
        "ESF-projecten",
        (
            Column("ondernemingsnummer", "de promotor"),
            Column("oproep", "code van de ESF-oproep (bv. 432)"),
            Column("ingediend_op", DATE),
            Column("goedgekeurd", "ja/nee; leeg = nog niet beslist", required=False),
            Column("beslist_op", DATE + "; verplicht bij een beslissing", required=False),
            Column("start", DATE + "; bij goedkeuring", required=False),
            Column("einde", DATE + "; bij goedkeuring", required=False),
        ),
    ),
    Sheet(
        "werknemers",
        "Doelgroepwerknemers",
        (
            Column("rijksregisternummer", "11 cijfers; wordt gehasht, nooit bewaard"),
            Column("voornaam", "voornaam"),
            Column("familienaam", "familienaam"),
            Column("postcode", "postcode van de woonplaats"),
            Column("werkgever_ondernemingsnummer", "het maatwerkbedrijf of de LDE-werkgever"),
            Column("kader", "maatwerk of lde"),
            Column("doelgroepen", "één of meer doelgroepcodes, gescheiden door komma's"),
            Column("in_dienst_sinds", DATE),
        ),
    ),
    Sheet(
        "trajecten",
        "Lopende doorstroomtrajecten",
        (
            Column("rijksregisternummer", "van een werknemer hierboven of in doorstroom"),
            Column("partner_ondernemingsnummer", "de gemandateerde partner"),
            Column("startdatum", DATE),
        ),
    ),
)

SHEET_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def template_workbook() -> bytes:
    """An empty register: one sheet per kind with its headers and, in italics, the help row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        page = workbook.create_sheet(sheet.name)
        page.append(list(sheet.column_names))
        page.append(
            [("(verplicht) " if c.required else "(optioneel) ") + c.help for c in sheet.columns]
        )
        for cell in page[1]:
            cell.font = Font(bold=True)
        for cell in page[2]:
            cell.font = Font(italic=True)
        for index, column in enumerate(sheet.columns):
            page.column_dimensions[chr(ord("A") + index)].width = max(18, len(column.name) + 4)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
