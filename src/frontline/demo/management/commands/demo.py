"""`frontline demo`: migrate, seed the demo company once, print the log-ins and serve on 127.0.0.1."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from frontline.assist import engine
from frontline.cases.models import Case
from frontline.cbr import snapshot
from frontline.demo.console import positive_int, seed_in_one_transaction, summary_lines
from frontline.demo.organisation import DEMO_PASSWORD, DEMO_USERS
from frontline.demo.seeding import DEFAULT_CASES, DEFAULT_SEED


class Command(BaseCommand):
    help = (
        "Run Frontline with the demo company: migrate the database, seed it if it has no cases, print the "
        "demo log-ins and serve at http://127.0.0.1:<port>. Running it again reuses everything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """--port, --no-serve, --seed and --cases."""
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default %(default)s).")
        parser.add_argument("--no-serve", action="store_true", help="Prepare the database and stop.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed (default %(default)s).")
        parser.add_argument(
            "--cases", type=positive_int, default=DEFAULT_CASES, help="Cases to seed (default %(default)s)."
        )

    def _seed_if_empty(self, seed: int, cases: int) -> None:
        if Case.objects.exists():
            self.stdout.write("The database already has cases; using them.")
            return
        self.stdout.write(f"Seeding the demo company with {cases:,} cases (once; later runs reuse it)...")
        summary = seed_in_one_transaction(seed=seed, cases=cases)
        for line in summary_lines(summary):
            self.stdout.write(line)

    def _print_log_ins(self, port: int) -> None:
        usernames = [username for username, *_ in DEMO_USERS]
        existing = set(get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True))
        if existing:
            self.stdout.write(f"Demo log-ins (password for each: {DEMO_PASSWORD}):")
        for username, _, _, role, _ in DEMO_USERS:
            if username in existing:
                self.stdout.write(f"  {role.label:<11} {username}")
        self.stdout.write(f"Frontline: http://127.0.0.1:{port}")

    def handle(self, *args: Any, **options: Any) -> None:
        """Migrate, seed once, print the log-ins and serve (unless --no-serve)."""
        self.stdout.write("Migrating the database...")
        call_command("migrate", verbosity=0, interactive=False)
        self._seed_if_empty(options["seed"], options["cases"])
        if snapshot.current(engine.snapshot_root()) is None:
            self.stdout.write("Building the similar-case index (once; later runs reuse it)...")
            call_command("assist", "rebuild")
        self._print_log_ins(options["port"])
        if not options["no_serve"]:
            if "FRONTLINE_PUBLIC_URL" not in os.environ:  # survey links and phone flows point at this server
                settings.FRONTLINE_PUBLIC_URL = f"http://127.0.0.1:{options['port']}"
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
