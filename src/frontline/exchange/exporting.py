"""Exporting customers, cases or contacts in the columns the importer reads, streamed in id order.

A file is written beside its final name and moved into place at the end, so a failed export leaves no
half-written file behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from frontline.exchange.cells import write_value
from frontline.exchange.formats import FileFormat, FileProblem, TextSink, open_writer
from frontline.exchange.kinds import spec_for
from frontline.exchange.progress import NO_PROGRESS, Progress

CHUNK_SIZE = 2000


def export_rows(kind: str, sink: TextSink, file_format: FileFormat, progress: Progress = NO_PROGRESS) -> int:
    """Write every row of `kind` to `sink`, in id order; returns how many were written."""
    spec = spec_for(kind)
    queryset = spec.queryset()
    advance = progress.stage("Exporting", queryset.count())
    write = open_writer(sink, file_format, spec.names)
    count = 0
    for count, instance in enumerate(queryset.iterator(chunk_size=CHUNK_SIZE), start=1):
        write([write_value(column.write(instance)) for column in spec.columns])
        if count % CHUNK_SIZE == 0:
            advance(count)
    advance(count)
    return count


def export_file(kind: str, path: Path, file_format: FileFormat, progress: Progress = NO_PROGRESS) -> int:
    """Export to the file at `path`, replacing it only once every row is written."""
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise FileProblem(f"No directory {str(directory)!r} to write {path.name} in.")
    temporary = directory / f".{path.name}.{os.getpid()}.partial"
    try:
        with temporary.open("w", encoding="utf-8", newline="") as sink:
            count = export_rows(kind, sink, file_format, progress)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count
