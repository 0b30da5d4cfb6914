"""`python -m doorstroom retention [--years N] [--today D] [--apply]`: storage limitation.

A dry run by default: it lists how many people and trajectories are due. `--apply`
pseudonymises them (operations/retention.py) and logs each in the processing log.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.common import clock
from doorstroom.operations.retention import retention_apply, retention_plan


class Command(BaseCommand):
    help = (
        "Pseudonymise employees whose trajectories all closed more than the retention period "
        "ago and who have nothing open; counts stay. Dry run unless --apply."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years", type=int, help="retention period (default: the retention_years parameter)"
        )
        parser.add_argument("--today", help="run as if it were this day (YYYY-MM-DD)")
        parser.add_argument("--apply", action="store_true", help="really pseudonymise")

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: not a date: {options['today']}") from exc
        try:
            plan = retention_plan(today=today, years=options["years"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        source = (
            f"parameter retention_years in force since {plan.parameter.in_force_from}"
            if plan.parameter
            else "--years"
        )
        self.stdout.write(
            f"retention: {plan.years} years ({source}); cut-off {plan.cutoff.isoformat()}"
        )
        self.stdout.write(
            f"due: {len(plan.employee_ids)} employees, {plan.trajectories} closed trajectories"
        )
        if not options["apply"]:
            self.stdout.write("dry run: nothing changed (add --apply to pseudonymise)")
            return
        done = retention_apply(plan=plan)
        self.stdout.write(f"pseudonymised: {done} employees (logged in the processing log)")
