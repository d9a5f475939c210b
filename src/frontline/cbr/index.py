"""The case base in memory: segments of columns, searched by a vectorised scan; retained cases added in place.

Cases live in segments. The first is usually large (built at once, or memory-mapped from a snapshot); cases
retained later go to small segments at the end, which are merged together as they accumulate (as a log-
structured store does), so adding a case never rebuilds the index. A case added again under the same id
replaces the old row, which is marked dead. Every segment is scored the same way, so an index grown case by
case answers exactly as one built at once from the same cases with the same fitted measures.

An exact search scans every live row that the filters let through in float32, then scores the rows within a
hair of the k-th best again in float64, so rounding never changes the answer; ties go to the smaller case id,
so the order does not depend on how the cases were segmented. A two-stage search scans with a cheaper form of
the text measure (only the query's rarer features), keeps a shortlist, and scores the shortlist exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from frontline.cbr.columns import Column, TextColumn, column_for
from frontline.cbr.filters import Filter, mask_for
from frontline.cbr.schema import Schema, Text
from frontline.cbr.segments import Segment, fused_scores
from frontline.cbr.segments import finish as finish_segment

Method = Literal["exact", "two_stage"]
Progress = Callable[[int], None]
Positions = npt.NDArray[np.int64]
TAIL_SEGMENTS = 8  # small segments allowed after the first before they are merged into one
ENCODE_BATCH = 50_000


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """A case to index: its id, attribute values (None or absent when unknown), a label, and its weight as a
    precedent (how well it ended; 1 is neutral)."""

    id: int
    values: Mapping[str, Any]
    label: str | None = None
    precedent: float = 1.0


@dataclass(frozen=True, slots=True)
class LocalScore:
    """One attribute's part in a match: its local similarity, its weight, and its share of the global score."""

    similarity: float
    weight: float
    share: float


@dataclass(frozen=True, slots=True)
class Match:
    """A retrieved case, its global similarity and, per attribute the query has, why it matches."""

    case_id: int
    score: float
    label: str | None
    precedent: float
    explanation: dict[str, LocalScore] = field(default_factory=dict)


class CaseIndex:
    """A searchable case base for one schema."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.columns: dict[str, Column[Any]] = {a.name: column_for(a) for a in schema.attributes}
        self.weights = {a.name: a.weight for a in schema.attributes}
        self.segments: list[Segment] = []
        self.positions: dict[int, tuple[int, int]] = {}
        self.labels: list[str] = []
        self.label_codes: dict[str, int] = {}
        self.watermark = 0
        self.novelty_threshold: float | None = None

    # --- building and retaining ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls, schema: Schema, cases: Sequence[CaseRecord], *, fit: bool = True, progress: Progress | None = None
    ) -> CaseIndex:
        """An index of `cases`; with `fit`, the text measures are first fitted on these cases' texts."""
        index = cls(schema)
        if fit:
            index.fit_text(cases)
        index.add(cases, progress=progress)
        return index

    def fit_text(self, cases: Sequence[CaseRecord]) -> None:
        """Fit every text attribute's model on the texts of `cases` (the index must still be empty)."""
        if self.segments:
            raise ValueError("fit the text measures before adding cases; a fitted index is rebuilt, not refitted")
        for attribute in self.schema.attributes:
            column = self.columns[attribute.name]
            if isinstance(attribute, Text) and isinstance(column, TextColumn):
                column.fit([str(c.values[attribute.name]) for c in cases if c.values.get(attribute.name) is not None])

    def add(self, cases: Sequence[CaseRecord], *, progress: Progress | None = None) -> None:
        """Add (or replace, by id) cases: encoded into new segments, never rebuilding the old ones."""
        latest: dict[int, CaseRecord] = {int(case.id): case for case in cases}
        batch = list(latest.values())
        for start in range(0, len(batch), ENCODE_BATCH):
            self._append(batch[start : start + ENCODE_BATCH])
            if progress is not None:
                progress(min(start + ENCODE_BATCH, len(batch)))
        if len(self.segments) - 1 > TAIL_SEGMENTS:
            self.merge(start=1)

    def load(self, batches: Iterable[Sequence[CaseRecord]], *, progress: Progress | None = None) -> int:
        """Add many batches of cases at once (a bulk load): each is encoded as it comes, and they are joined
        and made fast to scan once, at the end. The number of cases added."""
        start = len(self.segments)
        added = 0
        for given in batches:
            batch = list({int(case.id): case for case in given}.values())  # the last of each id, as `add` keeps
            if batch:
                self._append(batch, finish=False)
                added += len(batch)
                if progress is not None:
                    progress(added)
        if len(self.segments) == start + 1:
            self._place(self.segments.pop())  # one batch: nothing to join, only to make fast
        elif len(self.segments) > start:
            self.merge(start=start)
        return added

    def _append(self, cases: Sequence[CaseRecord], finish: bool = True) -> None:
        for case in cases:
            self._kill(int(case.id))
        unknown = sorted({name for case in cases for name in case.values} - set(self.columns))
        if unknown:
            raise KeyError(f"no attribute named {', '.join(unknown)}")
        self._place(
            Segment(
                ids=np.fromiter((c.id for c in cases), dtype=np.int64, count=len(cases)),
                labels=np.fromiter((self._label_code(c.label) for c in cases), dtype=np.int32, count=len(cases)),
                precedent=np.fromiter((c.precedent for c in cases), dtype=np.float32, count=len(cases)),
                alive=np.ones(len(cases), dtype=bool),
                columns={
                    name: column.encode([c.values.get(name) for c in cases]) for name, column in self.columns.items()
                },
            ),
            finish=finish,
        )

    def _place(self, segment: Segment, finish: bool = True) -> None:
        number = len(self.segments)
        self.segments.append(finish_segment(segment, self.columns, self.weights) if finish else segment)
        for row in np.flatnonzero(segment.alive).tolist():
            self.positions[int(segment.ids[row])] = (number, row)

    def _label_code(self, label: str | None) -> int:
        if label is None:
            return -1
        code = self.label_codes.get(label)
        if code is None:
            code = self.label_codes[label] = len(self.labels)
            self.labels.append(label)
        return code

    def _kill(self, case_id: int) -> bool:
        place = self.positions.pop(case_id, None)
        if place is None:
            return False
        self.segments[place[0]].writable("alive")[place[1]] = False
        return True

    def remove(self, case_ids: Iterable[int]) -> int:
        """Take cases out of the index; the number that were in it."""
        return sum(self._kill(int(case_id)) for case_id in case_ids)

    def set_precedent(self, case_id: int, weight: float) -> bool:
        """Change how much a case counts as a precedent (after a late outcome); False when it is not indexed."""
        if not math.isfinite(weight) or weight < 0:
            raise ValueError("a precedent weight is a finite number of at least 0")
        place = self.positions.get(int(case_id))
        if place is None:
            return False
        self.segments[place[0]].writable("precedent")[place[1]] = weight
        return True

    def merge(self, start: int = 0) -> None:
        """Merge the segments from `start` on into one, leaving dead rows out (a compaction when start is 0)."""
        parts = self.segments[start:]
        if len(parts) <= 1 and all(segment.alive.all() for segment in parts):
            return
        keep = [np.flatnonzero(segment.alive) for segment in parts]
        pairs = list(zip(parts, keep, strict=True))
        columns = {
            name: column.concatenate([column.take(s.columns[name], rows) for s, rows in pairs])
            for name, column in self.columns.items()
        }
        merged = Segment(
            ids=np.concatenate([s.ids[rows] for s, rows in pairs]),
            labels=np.concatenate([s.labels[rows] for s, rows in pairs]),
            precedent=np.concatenate([s.precedent[rows] for s, rows in pairs]),
            alive=np.ones(sum(len(rows) for rows in keep), dtype=bool),
            columns=columns,
        )
        for case_id in merged.ids.tolist():
            self.positions.pop(case_id, None)
        del self.segments[start:]
        self._place(merged)

    def __len__(self) -> int:
        return len(self.positions)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self.positions

    def label_of(self, case_id: int) -> str | None:
        """The label a case was indexed with."""
        number, row = self.positions[int(case_id)]
        code = int(self.segments[number].labels[row])
        return self.labels[code] if code >= 0 else None

    def values_of(self, case_id: int) -> dict[str, Any]:
        """The stored attribute values of a case (text is not kept: None)."""
        number, row = self.positions[int(case_id)]
        segment = self.segments[number]
        return {name: column.value(segment.columns[name], row) for name, column in self.columns.items()}

    # --- search -------------------------------------------------------------------------------------------

    def prepare(self, query: Mapping[str, Any]) -> dict[str, Any]:
        """Each weighted attribute the query has a value for, made ready for scoring."""
        unknown = sorted(set(query) - set(self.columns))
        if unknown:
            raise KeyError(f"no attribute named {', '.join(unknown)}")
        return {
            name: self.columns[name].prepare(value)
            for name, value in query.items()
            if value is not None and self.weights[name] > 0
        }

    def search(
        self,
        query: Mapping[str, Any],
        k: int = 10,
        *,
        filters: Mapping[str, Filter] | None = None,
        exclude: Iterable[int] = (),
        method: Method = "exact",
        shortlist: int = 1000,
        explain: bool | int = True,
    ) -> list[Match]:
        """The k cases most similar to `query`, best first, among those the filters let through and not in
        `exclude`. `explain` gives every match (True), none (False) or the first N its explanation."""
        if k < 1:
            raise ValueError("k must be at least 1")
        prepared = self.prepare(query)
        total = sum(self.weights[name] for name in prepared)
        if total == 0:
            return []
        # Excluded cases are few: the search asks for that many more and drops them, rather than masking rows.
        excluded = {int(case_id) for case_id in exclude}
        wanted = k + len(excluded)
        # Rows whose float32 score may, after rounding, be as good as the k-th best are scored again in float64.
        band = 2 * sum(self.weights[n] * self.columns[n].scan_error(p) for n, p in prepared.items()) / total
        if not math.isfinite(band):
            raise ValueError("a value of the query is too large to compare")
        found: list[tuple[float, int, int, int]] = []  # (score, case id, segment, row)
        for number, segment in enumerate(self.segments):
            rows = self._candidates(segment, filters or {})
            if rows is not None and len(rows) == 0:
                continue
            two_stage = method == "two_stage" and len(segment) > shortlist + wanted
            scanned = self._scan(segment, prepared, rows, total, rough=two_stage)
            rows = _best(scanned, rows, shortlist + wanted if two_stage else wanted, band=0.0 if two_stage else band)
            exact = self._exact(segment, prepared, rows, total)
            order = np.lexsort((segment.ids[rows], -exact))
            kept = (i for i in order if int(segment.ids[rows[i]]) not in excluded)
            found.extend((float(exact[i]), int(segment.ids[rows[i]]), number, int(rows[i])) for i in islice(kept, k))
        found.sort(key=lambda item: (-item[0], item[1]))
        explained = len(found) if explain is True else int(explain)
        return [self._match(item, prepared, total, rank < explained) for rank, item in enumerate(found[:k])]

    def explain(self, query: Mapping[str, Any], matches: Sequence[Match]) -> list[Match]:
        """The same matches with their explanations (for matches found with `explain=False`)."""
        prepared = self.prepare(query)
        total = sum(self.weights[name] for name in prepared)
        return [
            self._match((match.score, match.case_id, *self.positions[match.case_id]), prepared, total, True)
            for match in matches
            if match.case_id in self.positions
        ]

    def _candidates(self, segment: Segment, filters: Mapping[str, Filter]) -> Positions | None:
        """The rows to score: None for all of them, else their positions in ascending order."""
        mask = None if segment.alive.all() else np.array(segment.alive)
        for name, condition in filters.items():
            if name not in self.columns:
                raise KeyError(f"no attribute named {name}")
            allowed = mask_for(self.columns[name], segment.columns[name], condition)
            mask = allowed if mask is None else mask & allowed
        return None if mask is None else np.flatnonzero(mask)

    def _scan(
        self, segment: Segment, prepared: Mapping[str, Any], rows: Positions | None, total: float, rough: bool
    ) -> npt.NDArray[np.float32]:
        """Every candidate row's global similarity in float32."""
        shares = {name: self.weights[name] / total for name in prepared}
        scores: npt.NDArray[np.float32] | None = None
        done: set[str] = set()
        for fused in (segment.fused, segment.rough if rough else None):
            by_combination = fused_scores(fused, self.columns, prepared, shares)
            if fused is not None and by_combination is not None:
                part = fused.spread(by_combination, rows)
                scores = part if scores is None else np.add(scores, part, out=scores)
                done.update(fused.names)
        if scores is None:
            scores = np.zeros(len(segment) if rows is None else len(rows), dtype=np.float32)
        for name, ready in prepared.items():
            if name not in done:
                self.columns[name].accumulate(scores, segment.columns[name], ready, rows, shares[name], rough)
        return scores

    def _exact(self, segment: Segment, prepared: Mapping[str, Any], rows: Positions, total: float) -> np.ndarray:
        """The global similarity of a few rows in float64."""
        scores = np.zeros(len(rows), dtype=np.float64)
        for name, ready in prepared.items():
            scores += self.weights[name] * self.columns[name].score(segment.columns[name], ready, rows)
        return scores / total

    def _match(
        self, item: tuple[float, int, int, int], prepared: Mapping[str, Any], total: float, explain: bool
    ) -> Match:
        score, case_id, number, row = item
        segment = self.segments[number]
        code = int(segment.labels[row])
        explanation = {}
        if explain:
            at = np.array([row], dtype=np.int64)
            for name, ready in prepared.items():
                similarity = float(self.columns[name].score(segment.columns[name], ready, at)[0])
                weight = self.weights[name]
                share = weight * similarity / total / score if score > 0 else 0.0
                explanation[name] = LocalScore(similarity=similarity, weight=weight, share=share)
        return Match(
            case_id=case_id,
            score=score,
            label=self.labels[code] if code >= 0 else None,
            precedent=float(segment.precedent[row]),
            explanation=explanation,
        )


def _best(scores: npt.NDArray[np.float32], rows: Positions | None, k: int, band: float) -> Positions:
    """The positions of the k best scores and of every score within `band` of the k-th best, ascending."""
    count = len(scores)
    if count > k:
        threshold = np.partition(scores, count - k)[count - k] - np.float32(band)
        picked = np.flatnonzero(scores >= threshold)
    else:
        picked = np.arange(count)
    return picked.astype(np.int64) if rows is None else rows[picked]
