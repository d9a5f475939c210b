"""`frontline authority sweep`: do now whatever time-bound authority work is due (escalations of overdue
exception requests, reminders and escalations of follow-up fixes). Safe to run as often as you like, e.g. from
cron every few minutes; the worker does the same work at the due time on its own."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontline.authority import tasks


class Command(BaseCommand):
    help = "Authority. `sweep`: escalate overdue exception requests and send due follow-up reminders now."

    def add_arguments(self, parser: CommandParser) -> None:
        """The subcommands."""
        commands = parser.add_subparsers(dest="action", required=True, metavar="sweep")
        commands.add_parser("sweep", help="Do the time-bound work that is due; prints what was done as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sweep and print what it did."""
        done = tasks.sweep()
        self.stdout.write(json.dumps(done))
