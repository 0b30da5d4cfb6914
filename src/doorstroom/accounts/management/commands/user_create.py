"""`python -m doorstroom user_create --username U --role ROLE [--organisation ID]
[--password-stdin]`, as API.md says."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.accounts.models import Role
from doorstroom.accounts.services import user_create
from doorstroom.common.errors import DomainError


class Command(BaseCommand):
    help = "Create a user with one role (API.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--organisation", type=int, default=None)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
        try:
            user = user_create(
                username=options["username"],
                role=options["role"],
                organisation_id=options["organisation"],
                password=password,
                email=options["email"],
            )
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        self.stdout.write(str(user.pk))
