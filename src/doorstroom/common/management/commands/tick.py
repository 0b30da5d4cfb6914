"""`python -m doorstroom tick [--today YYYY-MM-DD]`: the scheduled work, idempotent."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.common import clock
from doorstroom.mandates.scheduled import mandates_tick
from doorstroom.outbox.delivery import outbox_send_due
from doorstroom.referrals.scheduled import referrals_coming_due


class Command(BaseCommand):
    help = (
        "Mark overdue dossiers and expired mandates; queue renewal reminders and notices of "
        "postponed referrals coming due."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="run as if it were this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: not a date: {options['today']}") from exc
        report = mandates_tick(today=today)
        for line in report.lines():
            self.stdout.write(line)
        due = referrals_coming_due(today=today)
        self.stdout.write(f"referrals coming due: {len(due)} {' '.join(map(str, due))}".rstrip())
        # Deliver what is due from the outbox (as tasks; inline with the default backend).
        sent = outbox_send_due()
        self.stdout.write(f"notifications due: {sent['due']} enqueued: {sent['enqueued']}")
