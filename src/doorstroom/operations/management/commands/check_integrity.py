"""`python -m doorstroom check_integrity`: verify the data's invariants; non-zero on a breach."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from doorstroom.operations.integrity import check_integrity


class Command(BaseCommand):
    help = (
        "Check one decision per application, mandate dates (R3), one outcome per trajectory, "
        "one open trajectory per employee, evidence checksums and the outbox; exit 1 on a breach."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for name, breaches in check_integrity():
            total += len(breaches)
            self.stdout.write(f"{'ok' if not breaches else 'BREACH'} {name} ({len(breaches)})")
            for breach in breaches:
                self.stdout.write(f"  {breach}")
        if total:
            raise CommandError(f"{total} breach(es) of the data's invariants", returncode=1)
        self.stdout.write("integrity: ok")
