"""Progress of a long import or export: a rich progress bar on a terminal, nothing elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from rich import filesize
from rich.console import Console
from rich.progress import (
    BarColumn,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichBar
from rich.text import Text

Advance = Callable[[int], None]  # told how much is done so far (rows, or bytes of the file)


class Progress(Protocol):
    """Starts a stage of work and returns the function that reports how far it has got."""

    def stage(self, description: str, total: int | None, *, bytes_: bool = False) -> Advance: ...


class NoProgress:
    """Progress that shows nothing, for callers that do not want a bar."""

    def stage(self, description: str, total: int | None, *, bytes_: bool = False) -> Advance:
        """A stage whose advances go nowhere."""
        return lambda completed: None


NO_PROGRESS = NoProgress()


class AmountColumn(ProgressColumn):
    """How much is done of how much: bytes of the file while checking, rows while writing."""

    def render(self, task: Task) -> Text:
        """The amount done and the total, in the stage's unit."""
        done, total = int(task.completed), int(task.total or 0)
        if task.fields.get("bytes_"):
            return Text(f"{filesize.decimal(done)}/{filesize.decimal(total)}")
        return Text(f"{done:,}/{total:,} rows")


class BarProgress:
    """Progress shown as rich bars, one per stage; `bytes_` stages count bytes of the file read."""

    def __init__(self, bar: RichBar) -> None:
        self._bar = bar

    def stage(self, description: str, total: int | None, *, bytes_: bool = False) -> Advance:
        """Add a bar for the stage and return how to move it."""
        task = self._bar.add_task(description, total=total, bytes_=bytes_)

        def advance(completed: int) -> None:
            self._bar.update(task, completed=completed)

        return advance


@contextmanager
def progress_bars(console: Console) -> Iterator[Progress]:
    """Progress bars on `console` while the block runs; disabled when the console is not a terminal."""
    bar = RichBar(
        TextColumn("{task.description:<9}"),
        BarColumn(),
        TaskProgressColumn(),
        AmountColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=False,
    )
    with bar:
        yield BarProgress(bar)
