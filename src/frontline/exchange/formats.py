"""The file formats: CSV (any common delimiter, sniffed from the header) and JSON Lines, read as a stream.

Row numbers count data rows from 1: a CSV header is not a row, and neither is a blank line.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Protocol

from frontline.core.errors import DomainError
from frontline.exchange.cells import Cell, shown
from frontline.exchange.specs import Problem, RowSpec

CSV_DELIMITERS = ",;\t|"
MAX_CELL_CHARACTERS = 16 * 1024 * 1024
PROGRESS_EVERY_ROWS = 1000
SHOWN_NAME_CHARACTERS = 64


class FileFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


EXTENSIONS = {".csv": FileFormat.CSV, ".jsonl": FileFormat.JSONL, ".ndjson": FileFormat.JSONL}


class FileProblem(DomainError):
    """The file as a whole cannot be used: it is missing, of an unknown format, or its header is wrong."""


class TextSink(Protocol):
    """Anything text can be written to."""

    def write(self, text: str, /) -> object: ...


def format_of(path: Path | None, explicit: str | None) -> FileFormat:
    """The format named by `explicit`, else by the file's extension; FileProblem when neither says."""
    if explicit:
        try:
            return FileFormat(explicit.lower())
        except ValueError:
            raise FileProblem(f"Unknown format {explicit!r}; use csv or jsonl.") from None
    suffix = path.suffix.lower() if path is not None else ""
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    known = ", ".join(EXTENSIONS)
    where = f"{path.name!r}" if path is not None else "standard output"
    raise FileProblem(f"Cannot tell the format of {where} (known extensions: {known}); pass --format csv or jsonl.")


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row as the file held it, with any problem of its shape (bad JSON, too many cells)."""

    number: int
    cells: dict[str, object]
    problems: tuple[Problem, ...] = ()


def read_rows(
    path: Path, file_format: FileFormat, spec: RowSpec, on_bytes: Callable[[int], None] | None = None
) -> Iterator[RawRow]:
    """Stream the data rows of `path`; raises FileProblem for a missing file, a bad header or bad encoding."""
    if not path.is_file():
        raise FileProblem(f"No file {str(path)!r}.")
    try:
        binary = path.open("rb")
    except OSError as exc:
        raise FileProblem(f"Cannot read {str(path)!r}: {exc.strerror}.") from None
    with binary, io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as text:
        rows = _csv_rows(text, spec) if file_format is FileFormat.CSV else _json_rows(text, spec)
        try:
            for row in rows:
                if on_bytes is not None and row.number % PROGRESS_EVERY_ROWS == 0:
                    on_bytes(binary.tell())
                yield row
        except UnicodeDecodeError:
            raise FileProblem(f"{path.name} is not UTF-8 text (near byte {binary.tell()}).") from None
        except csv.Error as exc:
            raise FileProblem(f"{path.name} cannot be read as CSV: {exc}.") from None
        if on_bytes is not None:
            on_bytes(binary.tell())


def _check_header(header: list[str], spec: RowSpec) -> None:
    problems = []
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        problems.append(f"repeats the column(s) {', '.join(duplicates)}")
    missing = [name for name in spec.required_names if name not in header]
    if missing:
        problems.append(f"lacks the required column(s) {', '.join(missing)}")
    unknown = [_name(name) for name in header if name not in spec.by_name]
    if unknown:
        problems.append(f"has unknown column(s) {', '.join(unknown)} (the columns are {', '.join(spec.names)})")
    if problems:
        raise FileProblem(f"The header {'; '.join(problems)}.")


def _sniffed_delimiter(header_line: str) -> str:
    try:
        return csv.Sniffer().sniff(header_line, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return csv.excel.delimiter


def _csv_rows(text: IO[str], spec: RowSpec) -> Iterator[RawRow]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARACTERS))
    header_line = text.readline()
    if not header_line.strip():
        raise FileProblem("The file is empty; a CSV file starts with a header row naming its columns.")
    delimiter = _sniffed_delimiter(header_line)
    header = [name.strip() for name in next(csv.reader([header_line], csv.excel, delimiter=delimiter))]
    _check_header(header, spec)
    number = 0
    for cells in csv.reader(text, csv.excel, delimiter=delimiter):
        if not cells:
            continue
        number += 1
        if len(cells) != len(header):
            reason = f"has {len(cells)} values but the header names {len(header)} columns"
            yield RawRow(number, {}, (("", reason),))
        else:
            yield RawRow(number, dict(zip(header, cells, strict=True)))


def _name(name: str) -> str:
    """A column or field name as a message or report shows it: escaped and cut short when it is odd."""
    return name if name.isprintable() and len(name) <= SHOWN_NAME_CHARACTERS else shown(name)


class _NotJson(ValueError):
    """Python's json module reads NaN and Infinity; JSON does not have them."""


def _not_json_constant(name: str) -> object:
    raise _NotJson(f"{name} is not a JSON value")


def _json_value(line: str) -> tuple[object, str]:
    """The JSON value of a line, or why it is not one (as a reason, never an exception)."""
    try:
        return json.loads(line, parse_constant=_not_json_constant), ""
    except json.JSONDecodeError as exc:
        return None, f"is not valid JSON ({exc.msg} at column {exc.colno})"
    except _NotJson as exc:
        return None, f"is not valid JSON ({exc})"
    except ValueError:  # Python reads integers of at most 4,300 digits
        return None, "holds a number too long to read"
    except RecursionError:
        return None, "is nested too deeply to read"


def _json_rows(text: IO[str], spec: RowSpec) -> Iterator[RawRow]:
    number = 0
    for line in text:
        if not line.strip():
            continue
        number += 1
        value, reason = _json_value(line.strip())
        if reason:
            yield RawRow(number, {}, (("", reason),))
            continue
        if not isinstance(value, dict):
            yield RawRow(number, {}, (("", "is not a JSON object"),))
            continue
        unknown = tuple((_name(name), "unknown field") for name in value if name not in spec.by_name)
        yield RawRow(number, {} if unknown else value, unknown)


RowWriter = Callable[[Sequence[Cell]], None]


def open_writer(sink: TextSink, file_format: FileFormat, names: Sequence[str]) -> RowWriter:
    """A function writing one row of cells to `sink`; a CSV header is written at once."""
    if file_format is FileFormat.CSV:
        writer = csv.writer(sink, csv.excel)
        writer.writerow(names)
        return writer.writerow

    def write_json(cells: Sequence[Cell]) -> None:
        sink.write(json.dumps(dict(zip(names, cells, strict=True)), ensure_ascii=False) + "\n")

    return write_json
