"""Reading one cell of an imported row and writing one cell of an exported row.

Readers get what the file held: always text from CSV, any JSON value from JSON Lines. They return the Python
value or raise CellError with a message a person can act on; nothing else escapes them, whatever the cell
holds. Text must be a string (in JSON Lines a number in a text column is refused, never converted, so a phone
number or an account number keeps its leading zeros and plus sign), and may not hold a NUL character or a lone
surrogate, which no database column stores. Whole numbers are bounded to the signed 64-bit range before any
of them reaches a query. Writers turn a model value into the text (or, for JSON Lines, the number) the readers
take back unchanged, so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

Cell = str | int | None
Reader = Callable[[object], object]

DATE_EXAMPLE = "2024-01-31"
DATETIME_EXAMPLE = "2024-03-31T09:30:00+00:00"
PHONE_EXAMPLE = "+14165550100"
AMOUNT_EXAMPLE = "12.50"
SMALLEST_WHOLE_NUMBER = -(2**63)
LARGEST_WHOLE_NUMBER = 2**63 - 1
SHOWN_CHARACTERS = 40

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


class CellError(ValueError):
    """A cell that cannot be read as its column's type."""


def is_empty(raw: object) -> bool:
    """Whether a cell holds nothing: missing, JSON null, or only white space."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def shown(value: object) -> str:
    """`value` quoted for a message, cut short when long, with unprintable characters escaped."""
    if isinstance(value, str) and len(value) > SHOWN_CHARACTERS:
        return f"{value[:SHOWN_CHARACTERS]!r}…"
    return repr(value)


def _text(raw: object, expected: str = "text") -> str:
    """A string cell, trimmed; refused when it is another JSON type or holds what no text column can store."""
    if not isinstance(raw, str):
        raise CellError(f"expected {expected}, not {_json_type(raw)}")
    if "\x00" in raw:
        raise CellError("contains a NUL character (\\x00), which text cannot hold; remove it")
    if _SURROGATE.search(raw):
        raise CellError("contains a lone surrogate (such as \\ud800), which is not text; fix the file's encoding")
    return raw.strip()


def read_text(raw: object) -> str:
    """Text, trimmed as the services trim what people type."""
    return _text(raw)


def read_phone(raw: object) -> str:
    """A phone number as text; the customer service normalises it. A JSON number is refused, not converted."""
    return _text(raw, f"text such as {PHONE_EXAMPLE!r}")


def read_amount(raw: object) -> object:
    """An amount of money as text or a JSON number, for the customer service's money rules to read.

    A JSON float is passed on for those rules to refuse, as money is never a float.
    """
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise CellError(f"expected an amount such as {AMOUNT_EXAMPLE!r}, not {_json_type(raw)}")
    return _text(raw) if isinstance(raw, str) else raw


def read_whole_number(raw: object) -> int:
    """A whole number in the signed 64-bit range, written as digits or as a JSON integer."""
    if isinstance(raw, float):
        raise CellError(f"expected a whole number, not {raw!r}")
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise CellError(f"expected a whole number, not {_json_type(raw)}")
    if isinstance(raw, str):
        text = raw.strip()
        if not _WHOLE_NUMBER.fullmatch(text):
            raise CellError(f"{shown(raw)} is not a whole number")
        if len(text.lstrip("+-").lstrip("0")) > len(str(LARGEST_WHOLE_NUMBER)):
            raise _out_of_range()
        raw = int(text)
    if not SMALLEST_WHOLE_NUMBER <= raw <= LARGEST_WHOLE_NUMBER:
        raise _out_of_range()
    return raw


def read_id(raw: object) -> int:
    """A primary key: a whole number from 1 to the largest 64-bit one."""
    value = read_whole_number(raw)
    if value < 1:
        raise CellError(f"{value} is not an id; ids are whole numbers from 1")
    return value


def read_date(raw: object) -> dt.date:
    """An ISO 8601 date."""
    text = _text(raw, f"text such as {DATE_EXAMPLE}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CellError(f"{shown(text)} is not a date; use ISO 8601 such as {DATE_EXAMPLE}") from None


def read_datetime(raw: object) -> dt.datetime:
    """An ISO 8601 date and time with a UTC offset, as UTC; a time without an offset is refused, as it would
    be a guess, and so is one that falls outside the years 1 to 9999 once in UTC."""
    text = _text(raw, f"text such as {DATETIME_EXAMPLE}")
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CellError(f"{shown(text)} is not a date and time; use ISO 8601 such as {DATETIME_EXAMPLE}") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise CellError(f"{shown(text)} has no UTC offset; add one, such as {DATETIME_EXAMPLE}")
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise CellError(f"{shown(text)} is outside the years 1 to 9999 in UTC") from None


def _out_of_range() -> CellError:
    return CellError(f"is out of range; whole numbers run from {SMALLEST_WHOLE_NUMBER} to {LARGEST_WHOLE_NUMBER}")


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
