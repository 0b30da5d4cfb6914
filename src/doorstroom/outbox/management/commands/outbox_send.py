"""`python -m doorstroom outbox_send [--limit N] [--inline]`: deliver due notifications once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from doorstroom.outbox.delivery import outbox_send_due


class Command(BaseCommand):
    help = (
        "Pick due, unsent notifications and enqueue a delivery task for each (with --inline: "
        "send them in this process)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=100, help="at most this many (100)")
        parser.add_argument("--inline", action="store_true", help="send here, not as tasks")

    def handle(self, *args: Any, **options: Any) -> None:
        report = outbox_send_due(limit=options["limit"], inline=options["inline"])
        outcomes = " ".join(f"{k}={v}" for k, v in sorted(report["outcomes"].items()))
        self.stdout.write(
            f"notifications due: {report['due']} enqueued: {report['enqueued']} {outcomes}".rstrip()
        )
