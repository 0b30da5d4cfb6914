"""`python -m doorstroom backup [--output FILE]`: database and evidence files in one archive."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup API, or pg_dump -Fc) and the media files "
        "into one .tar.gz with a manifest of table counts and file checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", help="archive to write (default var/backups/doorstroom-<UTC time>.tar.gz)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            archive = Path(options["output"])
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            archive = Path(settings.VAR_DIR) / "backups" / f"doorstroom-{stamp}.tar.gz"
        try:
            manifest = backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"backup: {archive} ({manifest.engine}, {len(manifest.tables)} tables, {rows} rows, "
            f"{len(manifest.media)} media files)"
        )
