"""Reading a register file (XLSX or CSV) into rows, whatever the file holds.

Every failure of the parsers (a file that is no workbook, a broken zip, a CSV in an unknown
encoding, a formula error in a cell) becomes :class:`Unreadable` with a Dutch message; nothing
here raises anything else. Rows are plain dicts keyed by the layout's column names, with their
line number in the file, so a report can point at the row the user sees.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from doorstroom.registers.layout import SHEET_BY_NAME, SHEETS, Sheet

#: A register is a few thousand rows; far more is a mistake or an attack (a zip bomb).
MAX_ROWS_PER_SHEET = 100_000
MAX_CELL_CHARS = 2_000
_HELP_PREFIXES = ("(verplicht)", "(optioneel)")

Value = str | date | None


class Unreadable(Exception):
    """The file cannot be read as a register; the message says why, in Dutch."""


@dataclass
class Table:
    sheet: Sheet
    rows: list[tuple[int, dict[str, Value]]] = field(default_factory=list)


def normalise_header(text: Any) -> str:
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return "_".join(plain.strip().lower().replace("-", " ").split())


def _cell(value: Any) -> Value:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > MAX_CELL_CHARS:
        raise Unreadable(f"Een cel is langer dan {MAX_CELL_CHARS} tekens.")
    return text or None


def _table(sheet: Sheet, lines: Any) -> Table:
    """Header row, then data rows; the template's help row and empty rows are skipped."""
    table = Table(sheet)
    header: list[str] | None = None
    for number, raw in enumerate(lines, start=1):
        cells = [_cell(value) for value in raw]
        if header is None:
            if not any(cells):
                continue
            header = [normalise_header(c) for c in cells]
            unknown = [h for h in header if h and h not in sheet.column_names]
            if unknown:
                raise Unreadable(
                    f"Tabblad '{sheet.name}': onbekende kolom(men) {', '.join(unknown)}. "
                    f"Verwacht: {', '.join(sheet.column_names)}."
                )
            missing = [c.name for c in sheet.columns if c.required and c.name not in header]
            if missing:
                raise Unreadable(
                    f"Tabblad '{sheet.name}': kolom(men) ontbreken: {', '.join(missing)}."
                )
            continue
        if not any(cells):
            continue
        if all(isinstance(c, str) and c.startswith(_HELP_PREFIXES) for c in cells if c):
            continue
        if len(table.rows) >= MAX_ROWS_PER_SHEET:
            raise Unreadable(f"Tabblad '{sheet.name}' heeft meer dan {MAX_ROWS_PER_SHEET} rijen.")
        row = {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name}
        table.rows.append((number, row))
    if header is None:
        raise Unreadable(f"Tabblad '{sheet.name}' heeft geen kopregel.")
    return table


def _read_xlsx(content: bytes) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise Unreadable("Dit bestand is geen leesbaar Excel-bestand (.xlsx).") from exc
    try:
        names = [normalise_header(name) for name in workbook.sheetnames]
        unknown = [
            n
            for n, name in zip(names, workbook.sheetnames, strict=True)
            if n not in SHEET_BY_NAME and not name.startswith("_")
        ]
        if unknown:
            raise Unreadable(
                f"Onbekend(e) tabblad(en): {', '.join(unknown)}. "
                f"Gebruik: {', '.join(s.name for s in SHEETS)}."
            )
        tables = []
        for name, original in zip(names, workbook.sheetnames, strict=True):
            if name in SHEET_BY_NAME:
                rows = workbook[original].iter_rows(values_only=True)
                tables.append(_table(SHEET_BY_NAME[name], rows))
        return tables
    except Unreadable:
        raise
    except Exception as exc:  # a damaged part of the workbook
        raise Unreadable("Een tabblad van dit Excel-bestand is beschadigd.") from exc
    finally:
        workbook.close()


class _Semicolons(csv.excel):
    """Belgian Excel's CSV: semicolons."""

    delimiter = ";"


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("De tekens van dit CSV-bestand zijn niet te lezen (gebruik UTF-8).")


def _read_csv(content: bytes, sheet_name: str | None, file_name: str) -> list[Table]:
    if b"\x00" in content[:4096]:
        raise Unreadable("Dit bestand is geen tekstbestand (CSV).")
    text = _decode(content)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolons
    name = normalise_header(sheet_name or PurePath(file_name).stem)
    sheet = SHEET_BY_NAME.get(name)
    if sheet is None:
        raise Unreadable(
            "Zeg welk register dit CSV-bestand is: noem het naar een tabblad "
            f"({', '.join(s.name for s in SHEETS)}.csv) of geef het op."
        )
    try:
        return [_table(sheet, csv.reader(io.StringIO(text), dialect))]
    except csv.Error as exc:
        raise Unreadable(f"Dit CSV-bestand is niet te lezen ({exc}).") from exc


def read_register(content: bytes, file_name: str, sheet: str | None = None) -> list[Table]:
    """The tables of a register file, in the layout's order (organisations first)."""
    if zipfile.is_zipfile(io.BytesIO(content)) or file_name.lower().endswith((".xlsx", ".xlsm")):
        tables = _read_xlsx(content)
    else:
        tables = _read_csv(content, sheet, file_name)
    order = {s.name: i for i, s in enumerate(SHEETS)}
    return sorted(tables, key=lambda table: order[table.sheet.name])
