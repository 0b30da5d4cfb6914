"""`python -m doorstroom bench_data --scale N`: fill an empty database with benchmark data."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from doorstroom.benchdata.generator import ANCHOR, Generator, database_is_empty


class Command(BaseCommand):
    help = (
        "Fill an empty database with a believable Flanders times SCALE (1 = Flanders: about "
        "25,000 employees, 140 employers, 40 partners, 4,000 trajectories over eight years)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=ANCHOR, help="the data's today"
        )
        parser.add_argument(
            "--force", action="store_true", help="add to a database that holds data already"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes generating the employees (default: one per CPU); "
            "the rows do not depend on it",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] <= 0:
            raise CommandError("--scale must be positive")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        if not options["force"] and not database_is_empty():
            raise CommandError("The database holds data already; use --force to add anyway.")
        started = time.perf_counter()
        bar = tqdm(unit="step", disable=options["no_progress"], desc="bench_data", file=self.stderr)

        def progress(steps: int, label: str) -> None:
            bar.set_postfix_str(label)
            bar.update(steps)

        generator = Generator(
            scale=options["scale"],
            seed=options["seed"],
            anchor=options["today"],
            progress=progress,
            workers=options["workers"],
        )
        bar.total = generator.total_steps()
        report = generator.run()
        bar.close()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"bench_data: scale {report.scale} seed {report.seed}: {report.rows} rows "
            f"in {elapsed:.1f} s"
        )
        for label, count in sorted(report.counts.items()):
            self.stdout.write(f"  {label:<36} {count:>10}")
