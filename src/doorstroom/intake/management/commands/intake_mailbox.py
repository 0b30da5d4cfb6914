"""Feed a mailbox (Maildir, a directory of .eml files, or an IMAP folder) to the intake.

Prints one line per message: status, id, application reference, size; no personal data.

The run never stalls on one message: each is ingested in its own transaction, and one that
cannot be processed is stored with its reason in the reviewer's queue (intake.services); a file
that cannot even be read is reported and skipped. The run ends with exit 0 when every message
was stored; with an error (after reading all the others) when one could not be stored; and at
once when the database is unreachable.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError

from doorstroom.intake.models import IncomingEmail
from doorstroom.intake.services import email_ingest_new_or_seen

#: A message file is read whole; a larger one is reported and skipped (as the API's 413).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


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
            if raw is None:
                key = "not_read"
                self.stderr.write(f"{label}: niet gelezen (onleesbaar of te groot)")
            else:
                key = self._ingest(label, raw)
            counts[key] = counts.get(key, 0) + 1
        summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "geen berichten"
        self.stdout.write(f"klaar: {summary}")
        if counts.get("not_stored"):
            raise CommandError(
                f"{counts['not_stored']} bericht(en) niet opgeslagen; zie hierboven."
            )

    def _ingest(self, label: str, raw: bytes) -> str:
        """One message in its own transaction; what goes wrong is reported, the run goes on."""
        try:
            email, created = email_ingest_new_or_seen(raw=raw, received_by=None)
        except (OperationalError, InterfaceError) as exc:
            raise CommandError(f"{label}: de databank is niet bereikbaar ({exc}).") from exc
        except Exception as exc:  # could not even be stored: report it, read the next one
            self.stderr.write(f"{label}: niet opgeslagen ({type(exc).__name__})")
            return "not_stored"
        self.stdout.write(self._line(label, email, created))
        return email.status if created else "duplicate"

    @staticmethod
    def _line(label: str, email: IncomingEmail, created: bool) -> str:
        reference = email.application.reference if email.application else "-"
        state = email.status if created else f"{email.status} (al ontvangen)"
        return f"{label}: e-mail {email.pk} {state} {reference} {email.raw_size} bytes"

    @staticmethod
    def _read(open_file: Callable[[], Any]) -> bytes | None:
        """The message's bytes; None when it cannot be read or is larger than the limit."""
        limit = int(getattr(settings, "INTAKE_MAX_BYTES", DEFAULT_MAX_BYTES))
        try:
            with open_file() as handle:
                data = handle.read(limit + 1)
        except (OSError, KeyError):
            return None
        return data if len(data) <= limit else None

    def _maildir(self, path: Path) -> Iterator[tuple[str, bytes | None]]:
        if not path.is_dir():
            raise CommandError(f"Geen Maildir: {path}")
        box = mailbox.Maildir(str(path), factory=None, create=False)
        for key in sorted(box.keys()):
            yield key, self._read(partial(box.get_file, key))

    def _eml_dir(self, path: Path) -> Iterator[tuple[str, bytes | None]]:
        if not path.is_dir():
            raise CommandError(f"Geen map: {path}")
        for file in sorted(path.glob("*.eml")):
            yield file.name, self._read(partial(file.open, "rb"))

    @staticmethod
    def _imap(options: dict[str, Any]) -> Iterator[tuple[str, bytes | None]]:  # pragma: no cover
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
                try:
                    raw: bytes | None = message.obj.as_bytes()
                except Exception:  # a message the library cannot render: reported, skipped
                    raw = None
                yield f"uid {message.uid}", raw
