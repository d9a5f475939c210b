"""What the demo's commands share: the migration check, the progress bar and the printed summary."""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from frontline.cases.models import Case, Contact
from frontline.core.errors import ValidationFailed
from frontline.customers.models import Customer
from frontline.demo.bulk import settle_after_load
from frontline.demo.seeding import Progress as ProgressCallback
from frontline.demo.seeding import SeedingRefused, SeedSummary, seed_company


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least one."""
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("use a number of at least 1")
    return value


def pending_migrations(using: str = "default") -> list[str]:
    """The migrations not yet applied to the database, as app_label.name."""
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


@contextmanager
def progress_bars() -> Iterator[ProgressCallback]:
    """A rich progress bar per seeding phase, drawn on standard error; yields the callback to report to."""
    columns = (
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=Console(stderr=True)) as bars:

        def report(phase: str, done: int, total: int) -> None:
            """Show `done` of `total` on the phase's bar."""
            if phase not in tasks:
                tasks[phase] = bars.add_task(phase, total=total)
            bars.update(tasks[phase], completed=done, total=total)

        yield report


def seed_in_one_transaction(*, seed: int, cases: int, customers: int | None = None) -> SeedSummary:
    """Seed the demo company with progress bars, all or nothing; refusals become CommandErrors.

    The summary's time includes the commit, which on SQLite writes the whole load to the database file.
    """
    started = time.perf_counter()
    try:
        with progress_bars() as progress, transaction.atomic():
            summary = seed_company(seed=seed, cases=cases, customers=customers, progress=progress)
    except SeedingRefused as exc:
        raise CommandError(f"{exc} Nothing was written.") from None
    except ValidationFailed as exc:
        raise CommandError(
            f"The database already holds part of an organisation ({exc.message}); the demo company is seeded "
            "into an empty database. Nothing was written."
        ) from None
    seconds = time.perf_counter() - started
    settle_after_load([Customer, Case, Contact])
    return dataclasses.replace(summary, seconds=seconds)


def summary_lines(summary: SeedSummary) -> list[str]:
    """The summary of a seed run, one line per fact."""
    rate = summary.cases / summary.seconds if summary.seconds else 0.0
    statuses = ", ".join(f"{count:,} {status}" for status, count in summary.statuses.items())
    return [
        f"Seeded Maplewave Communications (seed {summary.seed}, two years to {summary.now:%Y-%m-%d}):",
        f"  {summary.branches} branches, {summary.teams} teams, {summary.agents} agents",
        f"  {summary.policies} policies, {summary.gestures:,} past gestures within budget",
        f"  {summary.survey_responses:,} survey responses ({summary.survey_follow_ups} unhappy customers to call back)",
        f"  {summary.customers:,} customers",
        f"  {summary.cases:,} cases ({summary.follow_ups:,} follow-ups; {statuses})",
        f"  {summary.contacts:,} contacts",
        f"  in {summary.seconds:.1f} s ({rate:,.0f} cases/s)",
    ]
