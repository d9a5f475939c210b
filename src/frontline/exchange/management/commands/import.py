"""`frontline import customers|cases|contacts FILE`: check every row, then write them all or none."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from frontline.core.errors import DomainError
from frontline.exchange.importing import ImportOptions, ImportOutcome, import_file
from frontline.exchange.kinds import KINDS
from frontline.exchange.progress import progress_bars


class Command(BaseCommand):
    help = (
        "Import customers, cases or contacts from CSV or JSON Lines. Every row is checked first; when any is "
        "wrong nothing is written and the problems are listed by row number (data rows count from 1, the "
        "CSV header is not a row), field and reason. With --skip-invalid the good rows are written and the "
        "others are listed in a report (row, field, reason). In JSON Lines, text columns (names, codes, "
        "references by name, phone numbers, dates such as 2024-01-31 and times such as 2024-01-31T09:30:00+00:00) "
        "take JSON strings: a number there is refused as a row error, never converted, so a phone number keeps "
        "its plus sign and leading zeros. Ids and seconds take whole numbers (JSON integers or digits, up to "
        '9223372036854775807); amounts take text such as "12.50" or a JSON integer, never a float. No text may '
        "hold a NUL character (\\x00)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=KINDS, help="What the file holds.")
        parser.add_argument("file", type=Path, help="The file to import (.csv, .jsonl or .ndjson).")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="The file's format, if not its extension.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Write the good rows and list the others in the report instead of writing nothing.",
        )
        parser.add_argument(
            "--report",
            type=Path,
            help="Where to list refused rows as CSV (row, field, reason); with --skip-invalid the default is "
            "<name>.rejected.csv beside the file.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        import_options = ImportOptions(
            file_format=options["format"],
            skip_invalid=options["skip_invalid"],
            report=options["report"],
            dry_run=options["dry_run"],
        )
        try:
            with progress_bars(Console(stderr=True)) as progress:
                outcome = import_file(options["kind"], path, import_options, progress)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self._summary(options["kind"], path, outcome, import_options))

    def _summary(self, kind: str, path: Path, outcome: ImportOutcome, options: ImportOptions) -> str:
        refused = len(outcome.errors.bad_rows)
        if options.dry_run:
            done = f"Checked {outcome.rows:,} {kind} in {path.name}: {outcome.rows - refused:,} good; nothing written"
        else:
            done = f"Imported {outcome.written:,} {kind} from {path.name}"
        if not refused:
            return f"{done}."
        problems = outcome.errors.count
        return f"{done}; refused {refused:,} row(s) with {problems:,} problem(s), listed in {outcome.report}."
