"""`frontline seed`: create the demo company in an empty, migrated database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.demo.console import pending_migrations, positive_int, seed_in_one_transaction, summary_lines
from frontline.demo.seeding import DEFAULT_CASES, DEFAULT_SEED


class Command(BaseCommand):
    help = (
        "Create the demo company, Maplewave Communications: branches, teams, agents, customers and two years "
        "of cases with their contacts. The same --seed writes the same data. Needs a migrated database "
        "without cases."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """--seed, --cases and --customers."""
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed (default %(default)s).")
        parser.add_argument(
            "--cases", type=positive_int, default=DEFAULT_CASES, help="How many cases (default %(default)s)."
        )
        parser.add_argument(
            "--customers", type=positive_int, default=None, help="How many customers (default: a quarter of --cases)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Check the database is migrated, seed it in one transaction and print the summary."""
        pending = pending_migrations()
        if pending:
            raise CommandError(
                f"The database is not migrated ({len(pending)} migrations pending, starting with {pending[0]}). "
                "Run `frontline migrate` first."
            )
        summary = seed_in_one_transaction(seed=options["seed"], cases=options["cases"], customers=options["customers"])
        for line in summary_lines(summary):
            self.stdout.write(line)
