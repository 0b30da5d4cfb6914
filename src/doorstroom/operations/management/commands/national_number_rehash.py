"""`python -m doorstroom national_number_rehash [--apply] < numbers.txt`: rotate the key.

Reads national numbers from standard input (one per line, from their source: they are not in
the database) and moves each matching employee's hash from the old key (environment variable
OLD_NATIONAL_NUMBER_HASH_KEY, or the one named by --old-key-env) to NATIONAL_NUMBER_HASH_KEY.
A dry run by default. Keys come from the environment, never the command line (visible in `ps`);
numbers are never printed. Procedure: docs/security.md, "Rotating the national-number key".
"""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doorstroom.operations.rehash import national_numbers_rehash


class Command(BaseCommand):
    help = (
        "Move employees' national-number hashes from the old key to NATIONAL_NUMBER_HASH_KEY, "
        "for the numbers read from stdin. Dry run unless --apply."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--old-key-env",
            default="OLD_NATIONAL_NUMBER_HASH_KEY",
            help="the environment variable that holds the old key",
        )
        parser.add_argument("--apply", action="store_true", help="really rewrite the hashes")

    def handle(self, *args: Any, **options: Any) -> None:
        old_key = os.environ.get(options["old_key_env"], "")
        try:
            result = national_numbers_rehash(sys.stdin, old_key=old_key, apply=options["apply"])
        except ValueError as exc:
            raise CommandError(f"{options['old_key_env']}: {exc}") from exc
        verb = "rehashed" if options["apply"] else "to rehash (dry run)"
        self.stdout.write(
            f"{verb}: {result.rehashed}; already under the current key: {result.current}; "
            f"unknown: {result.unknown}; invalid lines: {result.invalid}"
        )
        self.stdout.write(f"employees not covered by the numbers given: {result.remaining}")
        if not options["apply"]:
            self.stdout.write("dry run: nothing changed (add --apply to rewrite)")
