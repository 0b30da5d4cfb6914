"""Feed a mailbox (Maildir, a directory of .eml files, or an IMAP folder) to the intake.

Prints one line per message: status, id, application reference, size; no personal data.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.intake.models import IncomingEmail
from doorstroom.intake.services import email_ingest_created


class Command(BaseCommand):
    help = "Lees e-mails uit een Maildir, een map met .eml-bestanden of een IMAP-map in."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--maildir", type=Path, help="pad naar een Maildir")
        source.add_argument("--eml-dir", type=Path, help="map met .eml-bestanden")
        source.add_argument("--imap-host", help="IMAP-server (TLS)")
        parser.add_argument("--imap-user", default="")
        parser.add_argument(
            "--imap-password-env",
            default="INTAKE_IMAP_PASSWORD",
            help="naam van de omgevingsvariabele met het wachtwoord",
        )
        parser.add_argument("--imap-folder", default="INBOX")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["maildir"]:
            messages = self._maildir(options["maildir"])
        elif options["eml_dir"]:
            messages = self._eml_dir(options["eml_dir"])
        else:
            messages = self._imap(options)
        counts: dict[str, int] = {}
        for label, raw in messages:
            email, created = email_ingest_created(raw=raw, received_by=None)
            key = email.status if created else "duplicate"
            counts[key] = counts.get(key, 0) + 1
            self.stdout.write(self._line(label, email, created))
        summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "geen berichten"
        self.stdout.write(f"klaar: {summary}")

    @staticmethod
    def _line(label: str, email: IncomingEmail, created: bool) -> str:
        reference = email.application.reference if email.application else "-"
        state = email.status if created else f"{email.status} (al ontvangen)"
        return f"{label}: e-mail {email.pk} {state} {reference} {email.raw_size} bytes"

    @staticmethod
    def _maildir(path: Path) -> Iterator[tuple[str, bytes]]:
        if not path.is_dir():
            raise CommandError(f"Geen Maildir: {path}")
        box = mailbox.Maildir(str(path), factory=None, create=False)
        for key in sorted(box.keys()):
            yield key, box.get_bytes(key)

    @staticmethod
    def _eml_dir(path: Path) -> Iterator[tuple[str, bytes]]:
        if not path.is_dir():
            raise CommandError(f"Geen map: {path}")
        for file in sorted(path.glob("*.eml")):
            yield file.name, file.read_bytes()

    @staticmethod
    def _imap(options: dict[str, Any]) -> Iterator[tuple[str, bytes]]:  # pragma: no cover
        from imap_tools import MailBox

        password = os.environ.get(options["imap_password_env"], "")
        if not password or not options["imap_user"]:
            raise CommandError(
                f"Geef --imap-user en zet het wachtwoord in ${options['imap_password_env']}."
            )
        with MailBox(options["imap_host"]).login(
            options["imap_user"], password, initial_folder=options["imap_folder"]
        ) as box:
            for message in box.fetch(mark_seen=False, bulk=False):
                yield f"uid {message.uid}", message.obj.as_bytes()
