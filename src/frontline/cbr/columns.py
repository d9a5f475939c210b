"""Each attribute stored as a column of arrays, and its local similarity to a query computed for many rows at once.

A `Column` is shared by every segment of an index: it holds what the values mean (the codes of categorical
values, the nodes of a taxonomy, the fitted text model). A segment keeps, per attribute, plain NumPy arrays
(`Arrays`), which can be saved to and memory-mapped from disk.

`prepare` turns a query's value into what scoring needs. `scan` gives float32 similarities for the given
rows (all rows when `rows` is None) and is what a search runs over the whole case base; `score` gives the same
measure in float64 and is used to rank the few rows the scan found best, and to explain them. A case without
a value scores 0. `local` is the measure for one pair of values, written plainly: the tests' brute-force
reference uses it.

Columns with few distinct values per segment (categories, tree nodes, small whole numbers) also offer them as
`Discrete` codes, so a segment can score all such attributes once per distinct combination of values rather
than once per case (see `frontline.cbr.segments`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse

from frontline.cbr import semantic
from frontline.cbr.schema import Attribute, Categorical, Numeric, SetOf, Taxonomy, Text
from frontline.cbr.text import Projection, TextModel

Arrays = dict[str, np.ndarray]
Exact = npt.NDArray[np.float64]
Fast = npt.NDArray[np.float32]
Rows = npt.NDArray[np.int64] | None
FLOAT32_ERROR = 1e-6  # a float32 similarity in [0, 1] is within this of the float64 one
ROUGH_SHARE = 0.02  # a two-stage search's first pass skips text features found in more of the rows than this
ROUGH_DIMENSIONS = 12  # a learned projection is cut to its leading directions for a two-stage search's first pass
ROUGH_SAMPLE = 20_000  # rows the leading directions are found on
LARGEST_SCALED = 1e30  # a number this many scales from the others cannot be compared in float32
MOST_DISTINCT_NUMBERS = 256  # a numeric column with no more distinct values in a segment is scored by value
Prepared = TypeVar("Prepared")


@dataclass(frozen=True, slots=True)
class Discrete:
    """A segment's rows as codes (-1 when missing) and, for numbers, the distinct value each code stands for."""

    codes: npt.NDArray[np.int32]
    values: npt.NDArray[np.float64] | None = None


def derived(name: str) -> bool:
    """Whether a segment array is built by `finish` from the others (an inverted index, a rough projection):
    such arrays are left out when rows are taken or segments joined, and built again."""
    return name.startswith(("inv_", "seg_"))


def _pick(array: np.ndarray, rows: Rows) -> np.ndarray:
    return array if rows is None else array[rows]


class Column(Generic[Prepared]):
    """The shared part of one attribute's storage and its vectorised measure."""

    attribute: Attribute

    def encode(self, values: Sequence[Any]) -> Arrays:
        """The arrays of a new segment holding `values` (None for a missing value)."""
        raise NotImplementedError

    def prepare(self, value: Any) -> Prepared:
        """What scoring needs to know of the query's value."""
        raise NotImplementedError

    def scan(self, arrays: Arrays, prepared: Prepared, rows: Rows, rough: bool = False) -> Fast:
        """The local similarity of every row (or of `rows`), in float32; `rough` allows a cheaper approximation."""
        return self.score(arrays, prepared, rows).astype(np.float32)

    def score(self, arrays: Arrays, prepared: Prepared, rows: Rows) -> Exact:
        """The local similarity of every row (or of `rows`), in float64."""
        raise NotImplementedError

    def scan_error(self, prepared: Prepared) -> float:
        """A bound on how far `scan` may be from `score` for this query (float32 rounding)."""
        return FLOAT32_ERROR

    def accumulate(
        self, scores: Fast, arrays: Arrays, prepared: Prepared, rows: Rows, share: float, rough: bool = False
    ) -> None:
        """Add `share` times each row's similarity to `scores` (sparse columns touch only the rows they match)."""
        local = self.scan(arrays, prepared, rows, rough)
        local *= np.float32(share)
        scores += local

    def local(self, case_value: Any, query_value: Any) -> float:
        """The local similarity of one case value to one query value (0 when the case has none)."""
        raise NotImplementedError

    def value(self, arrays: Arrays, row: int) -> Any:
        """The stored value of one row (None when missing; text is not kept and returns None)."""
        raise NotImplementedError

    def discrete(self, arrays: Arrays) -> Discrete | None:
        """The segment's rows as a few distinct codes, when this column has few distinct values."""
        return None

    def by_code(self, prepared: Prepared, discrete: Discrete) -> Exact:
        """The similarity of each code of `discrete` to the query, then 0 (the code -1: no value)."""
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        """What the column has learned (codes, nodes), as JSON-ready data, for a snapshot."""
        return {}

    def restore(self, state: dict[str, Any], arrays: Arrays) -> None:
        """Take back what `state` (and the shared `arrays`) recorded."""

    def shared_arrays(self) -> Arrays:
        """Arrays of the shared part, saved in a snapshot beside `state`."""
        return {}

    def take(self, arrays: Arrays, rows: npt.NDArray[np.int64]) -> Arrays:
        """The arrays of some rows of a segment."""
        return {name: np.asarray(values)[rows] for name, values in arrays.items()}

    def concatenate(self, parts: Sequence[Arrays]) -> Arrays:
        """One segment's arrays from several."""
        return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}

    def finish(self, arrays: Arrays) -> Arrays:
        """The arrays of a large segment, with whatever makes scanning it faster (an inverted index)."""
        return arrays


# --- coded values: categories and tree nodes ------------------------------------------------------------------


class _Coded(Column[np.ndarray]):
    """Values coded as int32 (-1 when missing); a query becomes a table of similarities by code."""

    def scan(self, arrays: Arrays, prepared: np.ndarray, rows: Rows, rough: bool = False) -> Fast:
        table = prepared.astype(np.float32)
        return np.take(table, _pick(arrays["codes"], rows))

    def score(self, arrays: Arrays, prepared: np.ndarray, rows: Rows) -> Exact:
        return np.take(prepared, _pick(arrays["codes"], rows))

    def discrete(self, arrays: Arrays) -> Discrete | None:
        return Discrete(codes=np.asarray(arrays["codes"]))

    def by_code(self, prepared: np.ndarray, discrete: Discrete) -> Exact:
        return prepared


class CategoricalColumn(_Coded):
    """A categorical attribute."""

    def __init__(self, attribute: Categorical) -> None:
        self.attribute: Categorical = attribute
        self.codes: dict[str, int] = {}
        self.names: list[str] = []

    def code(self, value: Any) -> int:
        """The code of a value, given a new one when first seen."""
        if value is None:
            return -1
        text = str(value)
        code = self.codes.get(text)
        if code is None:
            code = self.codes[text] = len(self.names)
            self.names.append(text)
        return code

    def encode(self, values: Sequence[Any]) -> Arrays:
        return {"codes": np.fromiter((self.code(v) for v in values), dtype=np.int32, count=len(values))}

    def prepare(self, value: Any) -> np.ndarray:
        text = str(value)
        by_code = np.full(len(self.names) + 1, self.attribute.default, dtype=np.float64)
        by_code[-1] = 0.0  # the code -1: a case without a value
        for other, similarity in self.attribute.by_query.get(text, {}).items():
            code = self.codes.get(other)
            if code is not None:
                by_code[code] = similarity
        own = self.codes.get(text)
        if own is not None:
            by_code[own] = 1.0
        return by_code

    def local(self, case_value: Any, query_value: Any) -> float:
        if case_value is None:
            return 0.0
        return self.attribute.similarity(str(case_value), str(query_value))

    def value(self, arrays: Arrays, row: int) -> Any:
        code = int(arrays["codes"][row])
        return None if code < 0 else self.names[code]

    def state(self) -> dict[str, Any]:
        return {"names": self.names}

    def restore(self, state: dict[str, Any], arrays: Arrays) -> None:
        self.names = list(state["names"])
        self.codes = {name: code for code, name in enumerate(self.names)}


class TaxonomyColumn(_Coded):
    """A taxonomy attribute: tree nodes, added (with their ancestors) as paths are first seen."""

    def __init__(self, attribute: Taxonomy) -> None:
        self.attribute: Taxonomy = attribute
        self.nodes: dict[tuple[str, ...], int] = {}
        self.paths: list[tuple[str, ...]] = []
        self._ancestry: np.ndarray | None = None  # (nodes, deepest depth): the node at each depth, -1 past it

    def node(self, path: tuple[str, ...]) -> int:
        """The code of the node at `path`, adding it and its ancestors when first seen."""
        code = self.nodes.get(path)
        if code is None:
            for depth in range(1, len(path)):
                self.node(path[:depth])
            code = self.nodes[path] = len(self.paths)
            self.paths.append(path)
            self._ancestry = None
        return code

    def encode(self, values: Sequence[Any]) -> Arrays:
        codes = [-1 if value is None else self.node(self.attribute.path(value)) for value in values]
        return {"codes": np.asarray(codes, dtype=np.int32)}

    def ancestry(self) -> np.ndarray:
        """For each node, the code of its ancestor at each depth (itself at its own depth), -1 below it."""
        if self._ancestry is None:
            deepest = max((len(path) for path in self.paths), default=0)
            ancestry = np.full((len(self.paths), max(deepest, 1)), -1, dtype=np.int32)
            for code, path in enumerate(self.paths):
                for depth in range(1, len(path) + 1):
                    ancestry[code, depth - 1] = self.nodes[path[:depth]]
            self._ancestry = ancestry
        return self._ancestry

    def prepare(self, value: Any) -> np.ndarray:
        path = self.attribute.path(value)
        ancestry = self.ancestry()
        depths = (ancestry >= 0).sum(axis=1)
        # The depth of the deepest common ancestor: how far down the query's path and each node's path agree.
        common = np.zeros(len(self.paths), dtype=np.int64)
        agrees = np.ones(len(self.paths), dtype=bool)
        for depth in range(min(len(path), ancestry.shape[1])):
            known = self.nodes.get(path[: depth + 1], -2)
            agrees &= ancestry[:, depth] == known
            common += agrees
        by_code = np.zeros(len(self.paths) + 1, dtype=np.float64)  # the last entry: a case without a value
        if self.attribute.measure == "wu_palmer":
            total = depths + len(path)
            by_code[:-1] = np.where(total == 0, 1.0, 2.0 * common / np.maximum(total, 1))
        else:
            deepest = np.maximum(depths, len(path))
            by_code[:-1] = np.where(deepest == 0, 1.0, common / np.maximum(deepest, 1))
        return by_code

    def local(self, case_value: Any, query_value: Any) -> float:
        if case_value is None:
            return 0.0
        left, right = self.attribute.path(case_value), self.attribute.path(query_value)
        common = 0
        for a, b in zip(left, right, strict=False):
            if a != b:
                break
            common += 1
        return self.attribute.similarity_of_depths(common, len(left), len(right))

    def value(self, arrays: Arrays, row: int) -> Any:
        code = int(arrays["codes"][row])
        return None if code < 0 else self.attribute.separator.join(self.paths[code])

    def state(self) -> dict[str, Any]:
        return {"paths": [list(path) for path in self.paths]}

    def restore(self, state: dict[str, Any], arrays: Arrays) -> None:
        self.paths = [tuple(path) for path in state["paths"]]
        self.nodes = {path: code for code, path in enumerate(self.paths)}
        self._ancestry = None


# --- numbers --------------------------------------------------------------------------------------------------


class NumericColumn(Column[float]):
    """Numbers as float64 (NaN when missing), and for scanning as float32 distances from `origin` in scales."""

    def __init__(self, attribute: Numeric) -> None:
        self.attribute: Numeric = attribute
        self.origin: float | None = None
        self.extent = 0.0  # the largest |value - origin| / scale encoded so far

    def encode(self, values: Sequence[Any]) -> Arrays:
        numbers = np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)
        if np.isinf(numbers).any():
            raise ValueError(f"{self.attribute.name}: numbers must be finite")
        if self.origin is None:
            finite = numbers[~np.isnan(numbers)]
            if len(finite):
                self.origin = float(np.median(finite))
        scaled = ((numbers - (self.origin or 0.0)) / self.attribute.scale).astype(np.float32)
        finite = np.isfinite(scaled)
        if finite.any():
            self.extent = max(self.extent, float(np.abs(scaled[finite]).max()))
        scaled[np.isnan(numbers)] = np.inf  # infinitely far from any query: similarity 0 without a NaN check
        return {"values": numbers, "scaled": scaled}

    def prepare(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{self.attribute.name}: expected a number, not {value!r}")
        number = float(value)
        if not math.isfinite(number) or not abs(self._at(number)) < LARGEST_SCALED:
            raise ValueError(f"{self.attribute.name}: the query's number must be finite and of a sensible size")
        return number

    def _decay(self, distance: np.ndarray) -> np.ndarray:
        """The similarity of distances measured in scales (in place)."""
        if self.attribute.decay == "exponential":
            np.negative(distance, out=distance)
            np.exp(distance, out=distance)
        else:
            np.subtract(1, distance, out=distance)
            np.maximum(distance, 0, out=distance)
        return distance

    def _at(self, prepared: float) -> float:
        return (prepared - (self.origin or 0.0)) / self.attribute.scale

    def scan_error(self, prepared: float) -> float:
        # Distances in scales are rounded to float32 (relative error 2**-24 each side); the decay's slope is at
        # most 1 per scale, so the similarity is off by no more than the distance.
        return (self.extent + abs(self._at(prepared))) * 2.0**-22 + FLOAT32_ERROR

    def scan(self, arrays: Arrays, prepared: float, rows: Rows, rough: bool = False) -> Fast:
        at = np.float32(self._at(prepared))
        distance = np.abs(_pick(arrays["scaled"], rows) - at)
        return self._decay(distance)

    def score(self, arrays: Arrays, prepared: float, rows: Rows) -> Exact:
        distance = np.abs(_pick(arrays["values"], rows) - prepared) / self.attribute.scale
        return np.nan_to_num(self._decay(distance), nan=0.0, copy=False)

    def local(self, case_value: Any, query_value: Any) -> float:
        if case_value is None:
            return 0.0
        return self.attribute.similarity(float(case_value), float(query_value))

    def value(self, arrays: Arrays, row: int) -> Any:
        number = float(arrays["values"][row])
        return None if math.isnan(number) else number

    def discrete(self, arrays: Arrays) -> Discrete | None:
        values = np.asarray(arrays["values"])
        distinct, inverse = np.unique(values, return_inverse=True)
        if len(distinct) > MOST_DISTINCT_NUMBERS:
            return None
        codes = np.asarray(inverse, dtype=np.int32).ravel()
        missing = np.isnan(distinct)
        if missing.any():  # np.unique puts NaN last
            codes[codes >= np.flatnonzero(missing)[0]] = -1
            distinct = distinct[~missing]
        return Discrete(codes=codes, values=distinct)

    def binned(self, arrays: Arrays, bins: int) -> Discrete:
        """The rows as `bins` ranges of equal counts, each standing for its mean value: an approximation."""
        values = np.asarray(arrays["values"])
        present = ~np.isnan(values)
        if not present.any():
            return Discrete(codes=np.full(len(values), -1, dtype=np.int32), values=np.zeros(0))
        edges = np.unique(np.quantile(values[present], np.linspace(0, 1, bins + 1)[1:-1]))
        codes = np.searchsorted(edges, values, side="right").astype(np.int32)
        counts = np.bincount(codes[present], minlength=len(edges) + 1)
        sums = np.bincount(codes[present], weights=values[present], minlength=len(edges) + 1)
        means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
        codes[~present] = -1
        return Discrete(codes=codes, values=means)

    def by_code(self, prepared: float, discrete: Discrete) -> Exact:
        assert discrete.values is not None
        similarities = self._decay(np.abs(discrete.values - prepared) / self.attribute.scale)
        return np.append(similarities, 0.0)

    def state(self) -> dict[str, Any]:
        return {"origin": self.origin, "extent": self.extent}

    def restore(self, state: dict[str, Any], arrays: Arrays) -> None:
        self.origin = state.get("origin")
        self.extent = float(state.get("extent", 0.0))


# --- sparse rows: sets and text -------------------------------------------------------------------------------


def _csr(arrays: Arrays, width: int) -> sparse.csr_matrix:
    rows = len(arrays["indptr"]) - 1
    data = arrays.get("data")
    if data is None:
        data = np.ones(len(arrays["indices"]), dtype=np.float32)
    return sparse.csr_matrix((data, arrays["indices"], arrays["indptr"]), shape=(rows, width))


def _sparse_arrays(matrix: sparse.csr_matrix, with_data: bool) -> Arrays:
    arrays: Arrays = {"indptr": matrix.indptr.astype(np.int64), "indices": matrix.indices.astype(np.int32)}
    if with_data:
        arrays["data"] = matrix.data.astype(np.float32)
    return arrays


def _runs(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions start, start + 1, ..., start + length - 1 of every run, one after the other."""
    total = int(lengths.sum())
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)


def _use_inverted(arrays: Arrays, rows: Rows) -> bool:
    """Whether to score from the inverted index (all rows at once) rather than from the rows asked for."""
    return "inv_indptr" in arrays and (rows is None or len(rows) > len(arrays["missing"]) // 64)


class _SparseRows(Column[Prepared]):
    """A column stored as sparse rows (`indptr`, `indices`, optionally `data`) plus per-row arrays; large
    segments also carry the inverted index (`inv_indptr`, `inv_indices`, `inv_data`), one list of rows per feature.
    """

    @property
    def width(self) -> int:
        """The number of features a row may hold."""
        raise NotImplementedError

    def take(self, arrays: Arrays, rows: npt.NDArray[np.int64]) -> Arrays:
        indptr = np.asarray(arrays["indptr"])
        starts, lengths = indptr[rows], indptr[rows + 1] - indptr[rows]
        offsets = _runs(starts, lengths)
        picked: Arrays = {"indptr": np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)}
        for name, values in arrays.items():
            if name in ("indices", "data"):
                picked[name] = np.asarray(values)[offsets]
            elif name != "indptr" and not derived(name):
                picked[name] = np.asarray(values)[rows]
        return picked

    def concatenate(self, parts: Sequence[Arrays]) -> Arrays:
        pointers = []
        shift = 0
        for part in parts:
            indptr = part["indptr"]
            pointers.append(np.asarray(indptr[:-1]) + shift)
            shift += int(indptr[-1])
        merged: Arrays = {"indptr": np.concatenate([*pointers, np.array([shift], dtype=np.int64)])}
        for name in parts[0]:
            if name != "indptr" and not derived(name):
                merged[name] = np.concatenate([part[name] for part in parts])
        return merged

    def finish(self, arrays: Arrays) -> Arrays:
        by_feature = _csr(arrays, self.width).tocsc()
        inverted: Arrays = {
            "inv_indptr": by_feature.indptr.astype(np.int64),
            "inv_indices": by_feature.indices.astype(np.int32),
        }
        if "data" in arrays:
            inverted["inv_data"] = by_feature.data.astype(np.float32)
        return {**arrays, **inverted}

    @staticmethod
    def postings(arrays: Arrays, features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the inverted index lists the rows of each feature, and for each such place, which feature."""
        indptr = arrays["inv_indptr"]
        # A feature first seen after this segment was indexed (a new tag) is in none of its rows.
        features = np.where(features < len(indptr) - 1, features, len(indptr) - 1)
        starts = indptr[features]
        lengths = np.where(features < len(indptr) - 1, indptr[np.minimum(features + 1, len(indptr) - 1)] - starts, 0)
        return _runs(starts, lengths), np.repeat(np.arange(len(features)), lengths)


class SetColumn(_SparseRows[tuple[int, np.ndarray]]):
    """Sets of names as sparse binary rows and their sizes; Jaccard from the overlap counted per row."""

    def __init__(self, attribute: SetOf) -> None:
        self.attribute: SetOf = attribute
        self.codes: dict[str, int] = {}
        self.names: list[str] = []

    @property
    def width(self) -> int:
        """One feature per name seen."""
        return max(len(self.names), 1)

    def _code(self, name: str) -> int:
        code = self.codes.get(name)
        if code is None:
            code = self.codes[name] = len(self.names)
            self.names.append(name)
        return code

    @staticmethod
    def members(value: Any) -> set[str]:
        """A set attribute's value as a set of names."""
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise TypeError("a set attribute takes a list of names")
        return {str(item) for item in value}

    def encode(self, values: Sequence[Any]) -> Arrays:
        indptr = [0]
        indices: list[int] = []
        for value in values:
            if value is not None:
                indices.extend(sorted({self._code(name) for name in self.members(value)}))
            indptr.append(len(indices))
        pointer = np.asarray(indptr, dtype=np.int64)
        missing = np.asarray([value is None for value in values], dtype=bool)
        sizes = np.diff(pointer).astype(np.float32)
        sizes[missing] = np.inf  # an infinite union: similarity 0 without a check for missing values
        return {"indptr": pointer, "indices": np.asarray(indices, dtype=np.int32), "sizes": sizes, "missing": missing}

    def prepare(self, value: Any) -> tuple[int, np.ndarray]:
        members = self.members(value)
        known = sorted(self.codes[name] for name in members if name in self.codes)
        return len(members), np.asarray(known, dtype=np.int64)

    def _overlap(self, arrays: Arrays, features: np.ndarray, rows: Rows) -> Fast:
        count = len(arrays["missing"])
        if _use_inverted(arrays, rows):
            offsets, _ = self.postings(arrays, features)
            found = np.bincount(arrays["inv_indices"][offsets], minlength=count).astype(np.float32)
            return _pick(found, rows)
        held = arrays if rows is None else self.take(arrays, rows)
        indptr = np.asarray(held["indptr"])
        hits = np.isin(np.asarray(held["indices"]), features)
        row_of = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        return np.bincount(row_of[hits], minlength=len(indptr) - 1).astype(np.float32)

    def scan(self, arrays: Arrays, prepared: tuple[int, np.ndarray], rows: Rows, rough: bool = False) -> Fast:
        size, features = prepared
        sizes = _pick(arrays["sizes"], rows)
        if size == 0:
            return (sizes == 0).astype(np.float32)  # only an empty set is like an empty set
        overlap = self._overlap(arrays, features, rows)
        union = sizes + np.float32(size)
        union -= overlap
        return np.divide(overlap, union, out=overlap)

    def score(self, arrays: Arrays, prepared: tuple[int, np.ndarray], rows: Rows) -> Exact:
        size, features = prepared
        sizes = _pick(arrays["sizes"], rows).astype(np.float64)
        if size == 0:
            return (sizes == 0).astype(np.float64)
        overlap = self._overlap(arrays, features, rows).astype(np.float64)
        return overlap / (sizes + size - overlap)

    def local(self, case_value: Any, query_value: Any) -> float:
        if case_value is None:
            return 0.0
        return self.attribute.similarity(self.members(case_value), self.members(query_value))

    def value(self, arrays: Arrays, row: int) -> Any:
        if arrays["missing"][row]:
            return None
        start, end = arrays["indptr"][row], arrays["indptr"][row + 1]
        return sorted(self.names[code] for code in arrays["indices"][start:end])

    def state(self) -> dict[str, Any]:
        return {"names": self.names}

    def restore(self, state: dict[str, Any], arrays: Arrays) -> None:
        self.names = list(state["names"])
        self.codes = {name: code for code, name in enumerate(self.names)}


# A prepared text: its features and their weights, its learned projection and its semantic embedding.
TextQuery = tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]


class TextColumn(_SparseRows[TextQuery]):
    """Texts as unit-length TF-IDF rows, and their learned projection and semantic embedding when there are."""

    def __init__(self, attribute: Text, model: TextModel | None = None) -> None:
        self.attribute: Text = attribute
        self.model = self._with_semantics(model or TextModel(analyzer=attribute.analyzer))

    def _with_semantics(self, model: TextModel) -> TextModel:
        """The model with the attribute's semantic measure attached (its encoder loaded once per process)."""
        if self.attribute.semantic_model:
            model.encoder = semantic.load(self.attribute.semantic_model)
            model.semantic_share = self.attribute.semantic_share
        return model

    @property
    def width(self) -> int:
        """One feature per hash bucket."""
        return self.attribute.analyzer.width

    def fit(self, texts: Sequence[str]) -> None:
        """Fit the inverse document frequencies (a new model: every segment must be encoded again)."""
        self.model = self._with_semantics(TextModel.fit(texts, self.attribute.analyzer))

    def encode(self, values: Sequence[Any]) -> Arrays:
        texts = ["" if value is None else str(value) for value in values]
        vectors = self.model.vectors(texts)
        arrays = _sparse_arrays(vectors, with_data=True)
        arrays["missing"] = np.asarray([value is None for value in values], dtype=bool)
        dense = self.model.dense(vectors)
        if dense is not None:
            arrays["dense"] = dense
        embedded = self.model.embeddings(texts)
        if embedded is not None:
            arrays["semantic"] = embedded
        return arrays

    def prepare(self, value: Any) -> TextQuery:
        vector = self.model.vectors([str(value)])
        dense = self.model.dense(vector)
        embedded = self.model.embeddings([str(value)])
        return (
            vector.indices.astype(np.int64),
            vector.data.astype(np.float32),
            dense[0] if dense is not None else None,
            embedded[0] if embedded is not None else None,
        )

    def _mix(self, arrays: Arrays, prepared: TextQuery) -> float:
        return self.model.mix if prepared[2] is not None and "dense" in arrays else 0.0

    def finish(self, arrays: Arrays) -> Arrays:
        finished = super().finish(arrays)
        dense = arrays.get("dense")
        if dense is not None and dense.shape[1] > ROUGH_DIMENSIONS:
            # The leading singular directions of the projected rows: a cheaper dot product that keeps most of the
            # learned similarity, for the shortlist of a two-stage search.
            sample = np.asarray(dense[:: max(1, len(dense) // ROUGH_SAMPLE)], dtype=np.float32)
            _, _, directions = np.linalg.svd(sample, full_matrices=False)
            basis = np.ascontiguousarray(directions[:ROUGH_DIMENSIONS].T, dtype=np.float32)
            finished["seg_basis"] = basis
            finished["seg_rough_dense"] = np.asarray(dense @ basis, dtype=np.float32)
        return finished

    def _lexical(self, arrays: Arrays, features: np.ndarray, weights: np.ndarray, rows: Rows) -> Exact:
        count = len(arrays["missing"])
        if _use_inverted(arrays, rows):
            offsets, which = self.postings(arrays, features)
            contributions = arrays["inv_data"][offsets] * weights[which]
            return _pick(np.bincount(arrays["inv_indices"][offsets], weights=contributions, minlength=count), rows)
        held = arrays if rows is None else self.take(arrays, rows)
        indptr = np.asarray(held["indptr"])
        lengths = np.diff(indptr)
        if len(features) == 0 or not len(held["indices"]):
            return np.zeros(len(lengths), dtype=np.float64)
        # Each stored feature's place among the query's (sorted) features, if it is one of them.
        indices = np.asarray(held["indices"])
        place = np.minimum(np.searchsorted(features, indices), len(features) - 1)
        shared = features[place] == indices
        row_of = np.repeat(np.arange(len(lengths)), lengths)
        contributions = np.asarray(held["data"], dtype=np.float64)[shared] * weights[place[shared]]
        return np.bincount(row_of[shared], weights=contributions, minlength=len(lengths)).astype(np.float64)

    def _combine(
        self, arrays: Arrays, prepared: TextQuery, rows: Rows, lexical: Exact | None, rough: bool = False
    ) -> Exact:
        mix = self._mix(arrays, prepared)
        similarity = np.zeros(len(arrays["missing"]) if rows is None else len(rows), dtype=np.float64)
        if lexical is not None:
            similarity += (1.0 - mix) * lexical
        dense, embedded = prepared[2], prepared[3]
        if mix > 0.0 and dense is not None and rough and "seg_rough_dense" in arrays:
            cut = dense @ arrays["seg_basis"]
            similarity += mix * np.maximum(_pick(arrays["seg_rough_dense"], rows) @ cut, 0.0)
        elif mix > 0.0 and dense is not None:
            similarity += mix * np.maximum(_pick(arrays["dense"], rows) @ dense, 0.0)
        share = self.model.semantic_share if embedded is not None and "semantic" in arrays else 0.0
        if share > 0.0 and embedded is not None:
            similarity *= 1.0 - share
            similarity += share * np.maximum(_pick(arrays["semantic"], rows) @ embedded, 0.0)
        np.clip(similarity, 0.0, 1.0, out=similarity)
        return similarity  # a missing text is a zero vector: similarity 0

    def scan(self, arrays: Arrays, prepared: TextQuery, rows: Rows, rough: bool = False) -> Fast:
        features, weights = prepared[0], prepared[1]
        if rough and "inv_indptr" in arrays:
            # A feature found in many rows adds little to anyone's score and much to the work.
            indptr = arrays["inv_indptr"]
            rare = (indptr[features + 1] - indptr[features]) <= ROUGH_SHARE * len(arrays["missing"])
            features, weights = features[rare], weights[rare]
        lexical = self._lexical(arrays, features, weights, rows) if self._mix(arrays, prepared) < 1.0 else None
        return self._combine(arrays, prepared, rows, lexical, rough).astype(np.float32)

    def score(self, arrays: Arrays, prepared: TextQuery, rows: Rows) -> Exact:
        features, weights = prepared[0], prepared[1]
        lexical = self._lexical(arrays, features, weights, rows) if self._mix(arrays, prepared) < 1.0 else None
        return self._combine(arrays, prepared, rows, lexical)

    def local(self, case_value: Any, query_value: Any) -> float:
        if case_value is None:
            return 0.0
        return float(self.score(self.encode([case_value]), self.prepare(query_value), None)[0])

    def value(self, arrays: Arrays, row: int) -> Any:
        return None

    def state(self) -> dict[str, Any]:
        return self.model.to_dict()

    def shared_arrays(self) -> Arrays:
        arrays: Arrays = {}
        if self.model.idf is not None:
            arrays["idf"] = self.model.idf
        if self.model.projection is not None:
            arrays["projection_features"] = self.model.projection.features
            arrays["projection_matrix"] = self.model.projection.matrix
        return arrays

    def restore(self, state: dict[str, Any], arrays: Arrays) -> None:
        self.model = TextModel(
            analyzer=self.attribute.analyzer,
            idf=arrays.get("idf"),
            documents=int(state.get("documents", 0)),
            mix=float(state.get("mix", 0.0)),
        )
        self.model = self._with_semantics(self.model)
        self.model.semantic_share = float(state.get("semantic_share", self.model.semantic_share))
        if "projection_matrix" in arrays:
            self.model.projection = Projection(arrays["projection_features"], arrays["projection_matrix"])


def column_for(attribute: Attribute) -> Column[Any]:
    """The column that stores and scores `attribute`."""
    if isinstance(attribute, Categorical):
        return CategoricalColumn(attribute)
    if isinstance(attribute, Taxonomy):
        return TaxonomyColumn(attribute)
    if isinstance(attribute, Numeric):
        return NumericColumn(attribute)
    if isinstance(attribute, SetOf):
        return SetColumn(attribute)
    if isinstance(attribute, Text):
        return TextColumn(attribute)
    raise TypeError(f"no column for {attribute!r}")
