"""The column layout of the registers: one sheet per kind, in the order they depend on.

The template workbook (``template_workbook``) is this layout, with a help row; the admin page
offers it for download and docs/operations.md describes it. Headers are Dutch and matched
without regard to case, spaces or accents; unknown columns are refused (a typo must not be
silently ignored).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    name: str  # the header in the file: Dutch in every language (the registers' own)
    help: str | Promise
    required: bool = True


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str | Promise
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


DATE = _("datum als JJJJ-MM-DD (of een Excel-datum)")

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "organisaties",
        _("Organisaties (dienstverleners)"),
        (
            Column("ondernemingsnummer", _("0403.170.701 of BE0403170701")),
            Column("naam", _("officiële naam")),
            Column("postcode", _("Belgische postcode")),
            Column("straat", _("straat en nummer"), required=False),
            Column("email", _("algemeen e-mailadres"), required=False),
            Column("huidige_deelnemer", _("ja/nee (R1-overgangsregeling)"), required=False),
            Column("motivering_huidige_deelnemer", _("verplicht bij ja"), required=False),
        ),
    ),
    Sheet(
        "erkenningen",
        _("DWSE-erkenningen (label en registratie)"),
        (
            Column("ondernemingsnummer", _("van een organisatie hierboven of in doorstroom")),
            Column("labelnummer", _("nummer van het kwaliteitslabel")),
            Column("registratienummer", _("nummer van de registratie")),
            Column("geldig_vanaf", DATE),
            Column(
                "geldig_tot",
                _("datum als JJJJ-MM-DD (of een Excel-datum); leeg = onbepaald"),
                required=False,
            ),
        ),
    ),
    Sheet(
        "mandaten",
        _("Toegekende mandaten"),
        (
            Column("ondernemingsnummer", _("de gemandateerde organisatie")),
            Column("beslissingsdatum", DATE),
            Column(
                "startdatum",
                _("datum als JJJJ-MM-DD (of een Excel-datum); leeg = de beslissingsdatum"),
                required=False,
            ),
            Column("kaders", _("maatwerk, lde of maatwerk,lde")),
            Column("ondertekenaar", _("naam van de wettelijke vertegenwoordiger"), required=False),
        ),
    ),
    Sheet(
        "esf_projecten",
        _("ESF-projecten"),
        (
            Column("ondernemingsnummer", _("de promotor")),
            Column("oproep", _("code van de ESF-oproep (bv. 432)")),
            Column("ingediend_op", DATE),
            Column("goedgekeurd", _("ja/nee; leeg = nog niet beslist"), required=False),
            Column(
                "beslist_op",
                _("datum als JJJJ-MM-DD (of een Excel-datum); verplicht bij een beslissing"),
                required=False,
            ),
            Column(
                "start",
                _("datum als JJJJ-MM-DD (of een Excel-datum); bij goedkeuring"),
                required=False,
            ),
            Column(
                "einde",
                _("datum als JJJJ-MM-DD (of een Excel-datum); bij goedkeuring"),
                required=False,
            ),
        ),
    ),
    Sheet(
        "werknemers",
        _("Doelgroepwerknemers"),
        (
            Column("rijksregisternummer", _("11 cijfers; wordt gehasht, nooit bewaard")),
            Column("voornaam", _("voornaam")),
            Column("familienaam", _("familienaam")),
            Column("postcode", _("postcode van de woonplaats")),
            Column("werkgever_ondernemingsnummer", _("het maatwerkbedrijf of de LDE-werkgever")),
            Column("kader", _("maatwerk of lde")),
            Column("doelgroepen", _("één of meer doelgroepcodes, gescheiden door komma's")),
            Column("in_dienst_sinds", DATE),
        ),
    ),
    Sheet(
        "trajecten",
        _("Lopende doorstroomtrajecten"),
        (
            Column("rijksregisternummer", _("van een werknemer hierboven of in doorstroom")),
            Column("partner_ondernemingsnummer", _("de gemandateerde partner")),
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
            [
                f"({_('verplicht') if c.required else _('optioneel')}) {c.help}"
                for c in sheet.columns
            ]
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
