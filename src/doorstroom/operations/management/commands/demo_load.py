"""`python -m doorstroom demo_load`: load the demo data (idempotent) and print the logins."""

from typing import Any

from django.core.management.base import BaseCommand

from doorstroom.common import clock
from doorstroom.letters.services import letters_rendered_on_download
from doorstroom.operations.demo import DEMO_PASSWORD, demo_load, demo_logins


class Command(BaseCommand):
    help = "Load believable Flemish demo data; a second run changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        with letters_rendered_on_download():  # hundreds of letters: render when downloaded
            report = demo_load(today=clock.today())
        self.stdout.write(
            f"Demo data: {report.organisations_created} organisations and "
            f"{report.users_created} users and {report.employees_created} employees created."
        )
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'):")
        for username, role in demo_logins():
            self.stdout.write(f"  {username:<18} {role}")
