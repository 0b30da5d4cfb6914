"""`python -m doorstroom monitoring_rebuild`: recount the indicator tally from the raw tables."""

from typing import Any

from django.core.management.base import BaseCommand

from doorstroom.monitoring.tally import rebuild


class Command(BaseCommand):
    help = "Recount the monitoring indicator tally (R5) from the raw tables, in one transaction."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"indicator tally: {rebuild()} rows")
