"""`python -m doorstroom restore ARCHIVE [--yes]`: check an archive; with --yes, restore it."""

from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.operations.backup import BackupError, restore, verify_archive


class Command(BaseCommand):
    help = (
        "Verify a backup archive against its manifest; with --yes replace the database and the "
        "media files with it and verify the result. Stop the web processes and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="really restore (default: only verify the archive)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"No such archive: {archive}")
        try:
            if not options["yes"]:
                with TemporaryDirectory() as tmp:
                    manifest = verify_archive(archive, Path(tmp))
                self.stdout.write(
                    f"archive ok: {manifest.engine} backup of {manifest.created_at}, "
                    f"{sum(manifest.tables.values())} rows, {len(manifest.media)} media files. "
                    "Nothing restored: add --yes to restore it."
                )
                return
            report = restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError("restored, but the result differs from the manifest")
        manifest = report.manifest
        self.stdout.write(
            f"restored: {manifest.engine} backup of {manifest.created_at}, "
            f"{len(manifest.tables)} tables and {len(manifest.media)} media files "
            "match the manifest"
        )
