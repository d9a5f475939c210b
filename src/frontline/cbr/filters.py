"""Conditions on attribute values that decide which cases a search may return, applied before any scoring."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from frontline.cbr.columns import (
    Arrays,
    CategoricalColumn,
    Column,
    NumericColumn,
    SetColumn,
    TaxonomyColumn,
)


@dataclass(frozen=True, slots=True)
class Filter:
    """One condition: the value is one of `any_of`, lies in [low, high], or sits at or under the node `within`."""

    any_of: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    within: Any = None

    @classmethod
    def one_of(cls, values: Iterable[Any]) -> Filter:
        """The value is one of these (for a set attribute: the set holds one of these)."""
        return cls(any_of=tuple(str(value) for value in values))

    @classmethod
    def between(cls, low: float | None = None, high: float | None = None) -> Filter:
        """The number lies between `low` and `high`, both included; either may be left open."""
        for bound in (low, high):
            if bound is not None and not math.isfinite(bound):
                raise ValueError("filter bounds must be finite numbers")
        return cls(low=low, high=high)

    @classmethod
    def under(cls, path: Any) -> Filter:
        """The taxonomy node is `path` or lies beneath it."""
        return cls(within=path)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Filter:
        """A filter written as {"any_of": [...]}, {"between": [low, high]} or {"within": path}."""
        if set(data) == {"any_of"} and isinstance(data["any_of"], list):
            return cls.one_of(data["any_of"])
        if set(data) == {"between"} and isinstance(data["between"], list) and len(data["between"]) == 2:
            low, high = data["between"]
            return cls.between(_number(low), _number(high))
        if set(data) == {"within"}:
            return cls.under(data["within"])
        raise ValueError('a filter is {"any_of": [values]}, {"between": [low, high]} or {"within": path}')


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("filter bounds must be numbers or null")
    return float(value)


def mask_for(column: Column[Any], arrays: Arrays, condition: Filter) -> npt.NDArray[np.bool_]:
    """Which rows of a segment satisfy `condition` on this column."""
    if isinstance(column, CategoricalColumn) and condition.any_of is not None:
        known = [column.codes[value] for value in condition.any_of if value in column.codes]
        return np.isin(arrays["codes"], np.asarray(known, dtype=np.int32))
    if isinstance(column, TaxonomyColumn) and condition.within is not None:
        root = column.attribute.path(condition.within)
        inside = [code for code, path in enumerate(column.paths) if path[: len(root)] == root]
        return np.isin(arrays["codes"], np.asarray(inside, dtype=np.int32))
    if isinstance(column, TaxonomyColumn) and condition.any_of is not None:
        paths = [column.attribute.path(value) for value in condition.any_of]
        codes = [column.nodes[path] for path in paths if path in column.nodes]
        return np.isin(arrays["codes"], np.asarray(codes, dtype=np.int32))
    if isinstance(column, NumericColumn) and (condition.low is not None or condition.high is not None):
        values = arrays["values"]
        mask = ~np.isnan(values)
        if condition.low is not None:
            mask &= values >= condition.low
        if condition.high is not None:
            mask &= values <= condition.high
        return mask
    if isinstance(column, SetColumn) and condition.any_of is not None:
        wanted = np.asarray([column.codes[v] for v in condition.any_of if v in column.codes], dtype=np.int32)
        lengths = np.diff(np.asarray(arrays["indptr"]))
        rows = np.repeat(np.arange(len(lengths)), lengths)
        hits = np.isin(arrays["indices"], wanted)
        mask = np.zeros(len(lengths), dtype=bool)
        mask[rows[hits]] = True
        return mask
    raise ValueError(f"this filter does not apply to the {column.attribute.kind} attribute {column.attribute.name}")
