"""A segment: a block of indexed cases stored column by column, and its scoring.

Large segments fuse their discrete attributes (categories, tree nodes, numbers with few distinct values): every
row gets the number of its combination of those values, and a search scores each distinct combination once and
then looks every row's score up, instead of looking up each attribute for each row. A million cases with five
such attributes hold a few thousand combinations, so five passes over a million rows become one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from frontline.cbr.columns import Arrays, Column, Discrete, NumericColumn

FUSE_AT_ROWS = 4096  # segments with more rows than this fuse their discrete attributes and get inverted indexes
LARGEST_KEY = 1 << 62
ROUGH_BINS = 64  # ranges each number is cut into for the rough first pass


@dataclass(slots=True)
class Fused:
    """Some attributes of a segment as one number per row: which combination of their codes the row holds.

    `codes[i, c]` is the code of attribute `names[i]` in combination c. The segment's rows are sorted by their
    exact group's combination, which keeps its lookups close together in memory.
    """

    names: tuple[str, ...]
    combination: npt.NDArray[np.int32]
    codes: npt.NDArray[np.int32]
    values: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)  # distinct numbers, by attribute

    def arrays(self) -> Arrays:
        """The fused arrays, named for a snapshot."""
        named: Arrays = {"combination": self.combination, "codes": self.codes}
        named.update({f"values.{name}": values for name, values in self.values.items()})
        return named

    @classmethod
    def from_arrays(cls, names: Sequence[str], arrays: Arrays) -> Fused:
        """A fused group read back from `arrays`."""
        values = {name.removeprefix("values."): array for name, array in arrays.items() if name.startswith("values.")}
        return cls(
            names=tuple(names),
            combination=arrays["combination"],
            codes=arrays["codes"],
            values=values,
        )

    def spread(self, table: npt.NDArray[np.float32], rows: npt.NDArray[np.int64] | None) -> npt.NDArray[np.float32]:
        """Each row's entry of `table` (indexed by combination)."""
        return np.take(table, self.combination if rows is None else self.combination[rows])


@dataclass(slots=True)
class Segment:
    """Rows of cases: ids, labels, precedent weights, which rows live, each attribute's arrays."""

    ids: npt.NDArray[np.int64]
    labels: npt.NDArray[np.int32]
    precedent: npt.NDArray[np.float32]
    alive: npt.NDArray[np.bool_]
    columns: dict[str, Arrays]
    fused: Fused | None = None
    rough: Fused | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def writable(self, name: str) -> np.ndarray:
        """The per-row array `name` (alive, precedent), copied into memory first if it was mapped read-only."""
        array = getattr(self, name)
        if not array.flags.writeable:
            array = np.array(array)
            setattr(self, name, array)
        return array


def finish(segment: Segment, columns: Mapping[str, Column[Any]], weights: Mapping[str, float]) -> Segment:
    """Make a large segment fast to scan (in place): rows sorted by their combination of discrete attributes,
    inverted indexes for sparse columns, and a rough fused group of the remaining numbers, cut into ranges, for
    the first pass of a two-stage search."""
    if len(segment) <= FUSE_AT_ROWS:
        return segment
    weighted = {name: column for name, column in columns.items() if weights.get(name, 0) > 0}
    exact = {name: column.discrete(segment.columns[name]) for name, column in weighted.items()}
    fused = fuse(len(segment), {name: d for name, d in exact.items() if d is not None})
    if fused is not None:
        order = np.argsort(fused.combination, kind="stable")
        _reorder(segment, columns, order)
        fused.combination = fused.combination[order]
    segment.fused = fused
    for name, column in columns.items():
        segment.columns[name] = column.finish(segment.columns[name])
    done = set(fused.names) if fused else set()
    binned = {
        name: column.binned(segment.columns[name], ROUGH_BINS)
        for name, column in weighted.items()
        if isinstance(column, NumericColumn) and name not in done
    }
    segment.rough = fuse(len(segment), binned, least=1)
    return segment


def _reorder(segment: Segment, columns: Mapping[str, Column[Any]], order: npt.NDArray[np.int64]) -> None:
    segment.ids = segment.ids[order]
    segment.labels = segment.labels[order]
    segment.precedent = segment.precedent[order]
    segment.alive = segment.alive[order]
    segment.columns = {name: column.take(segment.columns[name], order) for name, column in columns.items()}


def fuse(rows: int, discretes: Mapping[str, Discrete], least: int = 2) -> Fused | None:
    """One code per row for its combination of the attributes' codes, when there are far fewer combinations than
    rows (attributes are taken in order while the combinations can be counted in 62 bits)."""
    names: list[str] = []
    codes: list[npt.NDArray[np.int32]] = []
    values: dict[str, npt.NDArray[np.float64]] = {}
    key = np.zeros(rows, dtype=np.int64)
    radix = 1
    for name, discrete in discretes.items():
        size = int(discrete.codes.max(initial=-1)) + 2  # codes -1 .. max
        if radix * size >= LARGEST_KEY:
            continue
        widened = key + (discrete.codes.astype(np.int64) + 1) * radix
        if names and len(np.unique(widened)) * 4 > rows:
            continue  # too many combinations with this one: leave it to be scored row by row
        key = widened
        radix *= size
        names.append(name)
        codes.append(discrete.codes)
        if discrete.values is not None:
            values[name] = discrete.values
    if len(names) < least:
        return None
    distinct, combination = np.unique(key, return_inverse=True)
    if len(distinct) * 4 > rows:
        return None
    first = np.zeros(len(distinct), dtype=np.int64)
    first[combination[::-1]] = np.arange(rows)[::-1]  # a row holding each combination
    return Fused(
        names=tuple(names),
        combination=combination.astype(np.int32),
        codes=np.ascontiguousarray(np.stack(codes)[:, first], dtype=np.int32),
        values=values,
    )


def fused_scores(
    fused: Fused | None, columns: Mapping[str, Column[Any]], prepared: Mapping[str, Any], weights: Mapping[str, float]
) -> npt.NDArray[np.float32] | None:
    """The weighted sum of the fused attributes' similarities for each combination (None when none applies)."""
    if fused is None or not any(name in prepared for name in fused.names):
        return None
    total = np.zeros(fused.codes.shape[1], dtype=np.float32)
    for position, name in enumerate(fused.names):
        if name in prepared:
            codes = fused.codes[position]
            table = columns[name].by_code(prepared[name], Discrete(codes=codes, values=fused.values.get(name)))
            total += np.take((table * weights[name]).astype(np.float32), codes)
    return total
