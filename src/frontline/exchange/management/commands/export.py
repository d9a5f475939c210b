"""`frontline export customers|cases|contacts`: every row, in id order, in the columns the importer reads."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from frontline.core.errors import DomainError
from frontline.exchange.exporting import export_file, export_rows
from frontline.exchange.formats import FileFormat, format_of
from frontline.exchange.kinds import KINDS
from frontline.exchange.progress import progress_bars


class Command(BaseCommand):
    help = (
        "Export customers, cases or contacts as CSV or JSON Lines, in the columns `frontline import` reads, "
        "so an export imported into an empty database exports again to the same bytes."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=KINDS, help="What to export.")
        parser.add_argument("--output", "-o", default="-", help="The file to write; '-' (the default) is stdout.")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="The format, if not the file's extension.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: str = options["output"]
        to_stdout = output == "-"
        try:
            file_format = (
                format_of(None, options["format"] or FileFormat.CSV.value)
                if to_stdout
                else format_of(Path(output), options["format"])
            )
            with progress_bars(Console(stderr=True)) as progress:
                if to_stdout:
                    count = export_rows(options["kind"], _Unwrapped(self.stdout), file_format, progress)
                else:
                    count = export_file(options["kind"], Path(output), file_format, progress)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except OSError as exc:
            raise CommandError(f"Cannot write {output!r}: {exc.strerror}.") from None
        if not to_stdout:
            self.stdout.write(f"Exported {count:,} {options['kind']} to {output}.")


class _Unwrapped:
    """Command output that writes text exactly as given (Django's wrapper would add line endings)."""

    def __init__(self, wrapper: Any) -> None:
        self._wrapper = wrapper

    def write(self, text: str, /) -> None:
        self._wrapper.write(text, ending="")
