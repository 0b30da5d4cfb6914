"""Check the signatures of stored evidence PDFs again (after EID_TRUST_ROOTS changed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from doorstroom.mandates.services import signatures_recheck


class Command(BaseCommand):
    help = (
        "Check the signatures in the evidence PDFs of undecided applications again with the "
        "configured EID_TRUST_ROOTS, and reassess those applications (R14)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--application", type=int, action="append", help="only this application id"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checked, refreshed = signatures_recheck(application_ids=options["application"])
        self.stdout.write(f"{checked} PDF(s) checked, {refreshed} application(s) reassessed")
