"""Running an import: every sheet in its own transaction, all of its rows or none.

The whole file runs inside one outer transaction so that a later sheet sees what an earlier one
added (employees need their employer); a sheet with a rejected row is rolled back alone, and a
dry run (the default on the page) rolls everything back at the end. The report names each
rejected row with its reasons; it never repeats a national number.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction

from doorstroom.registers.reading import Table, Unreadable, read_register
from doorstroom.registers.rows import ROW_IMPORTERS, RowRejected

logger = logging.getLogger("doorstroom.registers")

Progress = Callable[[int, int], None]


class _RollBack(Exception):
    """Leaves a transaction without keeping its writes."""


@dataclass
class SheetResult:
    sheet: str
    created: int = 0
    present: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    applied: bool = False


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool
    error: str = ""
    sheets: list[SheetResult] = field(default_factory=list)

    @property
    def rejected_count(self) -> int:
        return sum(len(sheet.rejected) for sheet in self.sheets)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _run_sheet(table: Table, dry_run: bool, tick: Callable[[], None]) -> SheetResult:
    """One sheet in a savepoint: kept (until the file's end) when every row passed."""
    result = SheetResult(table.sheet.name)
    importer = ROW_IMPORTERS[table.sheet.name]
    try:
        with transaction.atomic():
            for number, row in table.rows:
                try:
                    with transaction.atomic():
                        outcome = importer(row)
                    setattr(result, outcome, getattr(result, outcome) + 1)
                except RowRejected as refusal:
                    result.rejected.append({"row": number, "reasons": refusal.reasons})
                tick()
            if result.rejected:  # a dry run keeps them until the end of the file
                raise _RollBack
    except _RollBack:
        pass
    result.applied = not result.rejected and not dry_run
    return result


def register_import(
    *,
    content: bytes,
    file_name: str,
    dry_run: bool,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read and import one register file; never raises for a bad file or a bad row."""
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    try:
        tables = read_register(content, file_name, sheet)
    except Unreadable as exc:
        report.error = str(exc)
        return report
    total = sum(len(table.rows) for table in tables)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress and (done % 50 == 0 or done == total):
            progress(done, total)

    try:
        with transaction.atomic():
            for table in tables:
                report.sheets.append(_run_sheet(table, dry_run, tick))
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    logger.info(
        "register import %s (%s): %s",
        hashlib.sha256(content).hexdigest()[:12],
        "dry run" if dry_run else "applied",
        ", ".join(f"{s.sheet} +{s.created} ={s.present} x{len(s.rejected)}" for s in report.sheets),
    )
    return report


REPORT_HEADER = ("tabblad", "rij", "redenen")


def report_rows(report: dict[str, Any]) -> list[tuple[str, int | str, str]]:
    rows: list[tuple[str, int | str, str]] = []
    if report.get("error"):
        rows.append(("(bestand)", "", report["error"]))
    for sheet in report.get("sheets", []):
        for rejected in sheet["rejected"]:
            rows.append((sheet["sheet"], rejected["row"], " | ".join(rejected["reasons"])))
    return rows


def report_csv(report: dict[str, Any]) -> bytes:
    from doorstroom.exports.writers import csv_lines, spreadsheet_text

    lines = csv_lines(
        REPORT_HEADER,
        ([spreadsheet_text(str(cell)) for cell in row] for row in report_rows(report)),
    )
    return "".join(lines).encode("utf-8")


def report_xlsx(report: dict[str, Any]) -> bytes:
    from doorstroom.exports.writers import Column, xlsx_write

    columns = [Column("tabblad", "text"), Column("rij", "int"), Column("redenen", "text")]
    out = io.BytesIO()
    xlsx_write(out, "Geweigerde rijen", columns, report_rows(report))
    return out.getvalue()
