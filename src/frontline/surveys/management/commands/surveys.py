"""`frontline surveys sweep`: send the survey invitations and reminders that are due (safe to run as often as
you like, e.g. from cron every few minutes; the worker does the same at the due time on its own).
`frontline surveys recount [--since DATE]`: recompute the daily score cells from the responses and
invitations, after loading data in bulk or to check that the running counts are exact."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontline.surveys import rollup, tasks


class Command(BaseCommand):
    help = "Surveys. `sweep`: send due invitations and reminders. `recount`: rebuild the score cells."

    def add_arguments(self, parser: CommandParser) -> None:
        """The subcommands."""
        commands = parser.add_subparsers(dest="action", required=True, metavar="{sweep,recount}")
        commands.add_parser("sweep", help="Send the invitations and reminders that are due; prints counts as JSON.")
        recount = commands.add_parser("recount", help="Recompute the daily score cells from the responses.")
        recount.add_argument("--since", help="Only from this day on (YYYY-MM-DD); all days if absent.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen subcommand and print what it did."""
        if options["action"] == "sweep":
            done = tasks.sweep()
            self.stdout.write(json.dumps({"invitations": done.invitations, "reminders": done.reminders}))
            return
        since = None
        if options.get("since"):
            try:
                since = dt.date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError("--since: give a date as YYYY-MM-DD.") from None
        cells = rollup.recount(since=since)
        self.stdout.write(json.dumps({"cells": cells}))
