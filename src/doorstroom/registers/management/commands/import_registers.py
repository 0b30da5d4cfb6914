"""`python -m doorstroom import_registers FILE [--dry-run] [--sheet NAME] [--report FILE]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.registers.services import register_import, report_csv, report_xlsx


class Command(BaseCommand):
    help = (
        "Import today's registers (XLSX with one sheet per kind, or a CSV named after one): "
        "every row through the services and rules, each sheet all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only; change nothing")
        parser.add_argument("--sheet", help="the register a CSV file holds (default: its name)")
        parser.add_argument("--report", type=Path, help="write rejected rows to this .csv/.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan {path} niet lezen: {exc.strerror}.") from exc
        report = register_import(
            content=content,
            file_name=path.name,
            dry_run=options["dry_run"],
            sheet=options["sheet"],
            progress=lambda done, total: self.stderr.write(f"\r{done}/{total} rijen", ending=""),
        )
        self.stderr.write("")
        if report.error:
            raise CommandError(report.error)
        for sheet in report.sheets:
            state = "toegepast" if sheet.applied else "niet toegepast"
            self.stdout.write(
                f"{sheet.sheet}: {sheet.created} nieuw, {sheet.present} al aanwezig, "
                f"{len(sheet.rejected)} geweigerd ({state})"
            )
            for rejected in sheet.rejected[:20]:
                self.stdout.write(f"  rij {rejected['row']}: {' | '.join(rejected['reasons'])}")
        if options["report"]:
            data = report.as_dict()
            target: Path = options["report"]
            target.write_bytes(
                report_xlsx(data) if target.suffix.lower() == ".xlsx" else report_csv(data)
            )
        if report.rejected_count:
            raise CommandError(f"{report.rejected_count} rij(en) geweigerd.")
