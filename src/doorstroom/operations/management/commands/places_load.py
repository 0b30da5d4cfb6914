"""`python -m doorstroom places_load [--prune] [--dry-run]`: sync the places tables with data/*.csv.

After `python -m doorstroom.places.build` has refreshed the CSV files. Idempotent: rows are
created or updated only where they differ, in bulk. Rows no longer in the CSV files are listed;
`--prune` deletes them, which fails (and changes nothing) while other records still refer to a
municipality.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import ProtectedError

from doorstroom.organisations.partner_facts import stamp_bump
from doorstroom.places.models import Municipality, PostalCode
from doorstroom.places.reference import SyncReport, TableSync, sync


class _DryRun(Exception):
    def __init__(self, report: SyncReport) -> None:
        self.report = report


class Command(BaseCommand):
    help = "Create or update municipalities and postal codes from the committed CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--prune", action="store_true", help="delete rows that are no longer in the CSV files"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                report = sync(Municipality, PostalCode, prune=options["prune"])
                # The ranking caches the sites' coordinates and the network's regions per
                # process (referrals.ranking): tell every process they may have changed.
                stamp_bump()
                if options["dry_run"]:
                    raise _DryRun(report)
        except _DryRun as dry_run:
            report = dry_run.report
            self.stdout.write("Dry run: nothing was changed.")
        except ProtectedError as exc:
            names = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
            raise CommandError(
                f"Not pruned: stale municipalities are still referenced by {', '.join(names)}."
            ) from exc
        self._write("municipalities", report.municipalities)
        self._write("postal codes", report.postal_codes)

    def _write(self, label: str, table: TableSync) -> None:
        self.stdout.write(
            f"{label}: {table.created} created, {table.updated} updated, "
            f"{table.unchanged} unchanged, {table.deleted} deleted"
        )
        if table.stale and not table.deleted:
            self.stdout.write(
                f"  {len(table.stale)} no longer in the CSV (use --prune to delete): "
                f"{', '.join(table.stale[:20])}{' …' if len(table.stale) > 20 else ''}"
            )
