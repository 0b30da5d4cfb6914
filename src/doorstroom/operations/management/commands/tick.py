"""`python -m doorstroom tick [--today YYYY-MM-DD]`: the scheduled work, idempotent.

Safe to run every 15 minutes and on several hosts at the same moment: every job locks the rows
it works on with SKIP LOCKED and queues its notices with a dedupe key (common/scheduled.py).
Prints one line per kind of work with the number done by this run (see docs/operations.md).
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.common import clock
from doorstroom.employees.scheduled import package_evaluations_due
from doorstroom.mandates.scheduled import mandates_tick
from doorstroom.operations.recognitions import recognitions_expiring
from doorstroom.outbox.delivery import outbox_send_due
from doorstroom.referrals.scheduled import referrals_coming_due
from doorstroom.trajectories.scheduled import phase_deadlines_passed


class Command(BaseCommand):
    help = (
        "Alert reviewers on decisions due within a week and overdue dossiers; remind partners "
        "and reviewers of mandates and recognitions ending; mark expired mandates; announce "
        "postponed referrals coming due, trajectory phase deadlines passing and support "
        "packages reaching their five years; then send what is due from the outbox."
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
        for result in recognitions_expiring(today=today):
            self.stdout.write(result.line())
        due = referrals_coming_due(today=today)
        self.stdout.write(f"referrals coming due: {len(due)} {' '.join(map(str, due))}".rstrip())
        self.stdout.write(phase_deadlines_passed(today=today).line())
        self.stdout.write(package_evaluations_due(today=today).line())
        # Deliver what is due from the outbox (as tasks; inline with the default backend).
        sent = outbox_send_due()
        self.stdout.write(f"notifications due: {sent['due']} enqueued: {sent['enqueued']}")
