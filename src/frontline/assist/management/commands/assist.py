"""`frontline assist`: build the similar-case index, say what it holds, or evaluate the engine on labelled data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from frontline.assist import engine, records
from frontline.cbr import semantic
from frontline.cbr.evaluation import DataError, evaluate, read_examples
from frontline.cbr.semantic import SemanticUnavailable


class Command(BaseCommand):
    help = (
        "Agent assist. `rebuild`: index every resolved case (learning from their root causes) and save it as "
        "the current snapshot. `status`: what the index holds. `evaluate`: measure the engine on labelled data, "
        "without a database, and print JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """The three subcommands and their options."""
        commands = parser.add_subparsers(dest="action", required=True, metavar="rebuild|status|evaluate")
        commands.add_parser("rebuild", help="Build the index from the database and save it.")
        commands.add_parser("status", help="Print what the current snapshot holds, as JSON.")
        evaluation = commands.add_parser("evaluate", help="Evaluate on labelled data; prints JSON.")
        evaluation.add_argument("--train", type=Path, required=True, help="Labelled cases to build the case base from.")
        evaluation.add_argument("--test", type=Path, required=True, help="Labelled queries to answer.")
        evaluation.add_argument("--calibration", type=Path, help="Held-out labelled cases for the novelty threshold.")
        evaluation.add_argument("--format", choices=["csv", "jsonl", "clinc"], default="csv")
        evaluation.add_argument("--text-column", default="text")
        evaluation.add_argument("--label-column", default="label")
        evaluation.add_argument("--train-split", default="train", help="clinc: the split(s) to train on.")
        evaluation.add_argument("--test-split", default="test,oos_test", help="clinc: the split(s) to test on.")
        evaluation.add_argument("--calibration-split", default="val", help="clinc: the held-out split(s).")
        evaluation.add_argument("--out-of-scope-label", default="oos", help="The label of out-of-scope queries.")
        evaluation.add_argument("--k", type=int, default=5, help="Matches in the similarity-weighted vote.")
        evaluation.add_argument("--max-drop", type=float, default=0.015, help="In-scope accuracy novelty may cost.")
        evaluation.add_argument("--no-learning", action="store_true", help="The lexical measure alone.")
        evaluation.add_argument(
            "--semantic-model", help="A sentence-embedding model's directory, for the optional semantic measure."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen subcommand."""
        action = options["action"]
        if action == "rebuild":
            self._rebuild()
        elif action == "status":
            self.stdout.write(json.dumps(engine.HOLDER.status(), indent=2, default=str))
        else:
            self._evaluate(options)

    def _rebuild(self) -> None:
        total = records.resolved_count()
        console = Console(stderr=True)
        columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, disable=not sys.stderr.isatty()) as bars:
            task = bars.add_task("indexing", total=total)
            built = engine.build(
                progress=lambda done: bars.update(task, completed=done),
                report=lambda message: console.print(f"[dim]{message}[/dim]"),
            )
        self.stdout.write(f"Indexed {built.cases:,} resolved cases in {built.seconds:.1f} s: {built.path}")
        if built.learned is not None:
            summary = built.learned.summary()
            before, after = summary["held_out_accuracy_before"], summary["held_out_accuracy_after"]
        if built.learned is not None and before is not None and after is not None:
            self.stdout.write(
                f"Held-out accuracy of the closest case's root cause: {before:.3f} before learning, {after:.3f} after."
            )

    def _evaluate(self, options: dict[str, Any]) -> None:
        data_format = options["format"]
        if not 1 <= options["k"] <= 50:
            raise CommandError("--k must be between 1 and 50")
        if not 0 <= options["max_drop"] < 1:
            raise CommandError("--max-drop must be at least 0 and below 1")
        columns = {"text_column": options["text_column"], "label_column": options["label_column"]}
        try:
            train = read_examples(options["train"], format=data_format, splits=options["train_split"], **columns)
            test = read_examples(options["test"], format=data_format, splits=options["test_split"], **columns)
            calibration = None
            if options["calibration"] is not None or data_format == "clinc":
                source = options["calibration"] or options["train"]
                calibration = read_examples(source, format=data_format, splits=options["calibration_split"], **columns)
        except DataError as error:
            raise CommandError(str(error)) from None
        if options["semantic_model"]:
            try:
                semantic.load(options["semantic_model"])
            except SemanticUnavailable as error:
                raise CommandError(str(error)) from None
        if not train or not test:
            raise CommandError("both --train and --test need at least one labelled record")
        console = Console(stderr=True)
        figures = evaluate(
            train,
            test,
            calibration=calibration,
            out_of_scope=options["out_of_scope_label"],
            k=options["k"],
            learning=not options["no_learning"],
            max_drop=options["max_drop"],
            semantic_model=options["semantic_model"],
            report=lambda message: console.print(f"[dim]{message}[/dim]"),
        )
        self.stdout.write(json.dumps(figures, indent=2))
