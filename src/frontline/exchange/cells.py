"""Reading one cell of an imported row and writing one cell of an exported row.

Readers get what the file held: always text from CSV, any JSON value from JSON Lines. They return the Python
value or raise CellError with a message a person can act on. Writers turn a model value into the text (or,
for JSON Lines, the number) the readers take back unchanged, so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

Cell = str | int | None
Reader = Callable[[object], object]

DATETIME_EXAMPLE = "2024-03-31T09:30:00+00:00"


class CellError(ValueError):
    """A cell that cannot be read as its column's type."""


def is_empty(raw: object) -> bool:
    """Whether a cell holds nothing: missing, JSON null, or only white space."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def read_text(raw: object) -> str:
    """Text, trimmed as the services trim what people type."""
    if not isinstance(raw, str):
        raise CellError(f"expected text, not {_json_type(raw)}")
    return raw.strip()


def read_as_given(raw: object) -> object:
    """The value unchanged, for columns a service's own cleaning reads (money, phone, dates of customers)."""
    return raw.strip() if isinstance(raw, str) else raw


def read_whole_number(raw: object) -> int:
    """A whole number, written as digits or as a JSON integer."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise CellError(f"expected a whole number, not {_json_type(raw)}")
    try:
        return int(raw)
    except ValueError:
        raise CellError(f"{raw!r} is not a whole number") from None


def read_id(raw: object) -> int:
    """A primary key: a whole number of at least 1."""
    value = read_whole_number(raw)
    if value < 1:
        raise CellError(f"{value} is not an id; ids are whole numbers from 1")
    return value


def read_datetime(raw: object) -> dt.datetime:
    """An ISO 8601 date and time with a UTC offset; a time without one is refused, as it would be a guess."""
    text = read_text(raw)
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CellError(f"{text!r} is not a date and time; use ISO 8601 such as {DATETIME_EXAMPLE}") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise CellError(f"{text!r} has no UTC offset; add one, such as {DATETIME_EXAMPLE}")
    return value


def write_value(value: object) -> Cell:
    """The cell for a model value: datetimes in UTC ISO 8601, dates ISO, decimals as exact text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _json_type(raw: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return names.get(type(raw), type(raw).__name__)
