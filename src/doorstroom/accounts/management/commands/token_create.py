"""`python -m doorstroom token_create --username U` prints the API key alone on stdout."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.accounts.services import token_create
from doorstroom.common.errors import DomainError


class Command(BaseCommand):
    help = "Print the API key of a user (created on first use)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            token = token_create(username=options["username"])
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        self.stdout.write(token.key)
