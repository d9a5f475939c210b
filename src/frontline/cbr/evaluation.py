"""Evaluating the engine on labelled text, without a database: how often the most similar case has the right
label, how a similarity-weighted vote of the top k does, and how well "nothing similar" catches what is out of
scope.

Data comes as CSV (a header row), JSON Lines (one object per line), or CLINC150's `data_full.json` (an object
of splits, each a list of [text, label]). Every record becomes a case with one text attribute.
"""

from __future__ import annotations

import csv
import json
import platform
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from frontline.cbr.index import CaseIndex, CaseRecord, Match
from frontline.cbr.learning import learn
from frontline.cbr.schema import Schema

Format = Literal["csv", "jsonl", "clinc"]
Report = Callable[[str], None]
HIT_AT = 10


class DataError(ValueError):
    """Labelled data that cannot be read, with where and why."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text."""

    text: str
    label: str


def read_examples(
    path: Path, *, format: Format, text_column: str = "text", label_column: str = "label", splits: str = ""
) -> list[Example]:
    """The labelled texts of a file (for CLINC150, of the named comma-separated splits)."""
    try:
        if format == "clinc":
            return _clinc(path, splits)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows: Iterable[Any] = csv.DictReader(handle) if format == "csv" else _json_lines(handle)
            return [_example(row, number, text_column, label_column) for number, row in enumerate(rows, start=1)]
    except OSError as error:
        raise DataError(f"{path}: {error.strerror or error}") from None


def _json_lines(handle: Iterable[str]) -> Iterable[Any]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise DataError(f"line {number}: not JSON ({error.msg})") from None


def _example(row: Any, number: int, text_column: str, label_column: str) -> Example:
    if not isinstance(row, dict):
        raise DataError(f"record {number}: expected an object with {text_column!r} and {label_column!r}")
    text, label = row.get(text_column), row.get(label_column)
    if not isinstance(text, str) or label is None or (isinstance(label, str) and not label.strip()):
        raise DataError(f"record {number}: needs text in {text_column!r} and a label in {label_column!r}")
    return Example(text=text, label=str(label))


def _clinc(path: Path, splits: str) -> list[Example]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataError(f"{path}: not JSON ({error.msg})") from None
    examples: list[Example] = []
    for split in [part.strip() for part in splits.split(",") if part.strip()]:
        if split not in data:
            raise DataError(f"{path}: no split {split!r}; it has {', '.join(sorted(data))}")
        examples.extend(Example(text=str(text), label=str(label)) for text, label in data[split])
    return examples


def text_schema(options: dict[str, Any] | None = None) -> Schema:
    """The schema of a text-only case base (with `options` of the text attribute, such as semantic_model)."""
    return Schema.from_dict({"attributes": [{"name": "text", "kind": "text", "weight": 1, **(options or {})}]})


def _records(examples: Sequence[Example], start: int = 0) -> list[CaseRecord]:
    return [CaseRecord(id=start + i, values={"text": e.text}, label=e.label) for i, e in enumerate(examples)]


def vote(matches: Sequence[Match]) -> str | None:
    """The label with the largest sum of similarities among the matches."""
    totals: dict[str, float] = {}
    for match in matches:
        if match.label is not None:
            totals[match.label] = totals.get(match.label, 0.0) + match.score
    return max(totals, key=lambda label: totals[label]) if totals else None


def evaluate(
    train: Sequence[Example],
    test: Sequence[Example],
    *,
    calibration: Sequence[Example] | None = None,
    out_of_scope: str | None = "oos",
    k: int = 5,
    learning: bool = True,
    max_drop: float = 0.015,
    semantic_model: str | None = None,
    report: Report | None = None,
) -> dict[str, Any]:
    """Build the case base from `train` (learning from its labels unless told not to), answer every `test`
    example, and return the figures as JSON-ready data."""
    say = report or (lambda message: None)
    cases = _records([e for e in train if e.label != out_of_scope])
    schema = text_schema({"semantic_model": semantic_model} if semantic_model else None)
    started = time.perf_counter()
    learned_summary: dict[str, Any] | None = None
    if learning:
        held = None
        if calibration is not None:
            held = _records([e for e in calibration if e.label != out_of_scope], start=len(cases))
        index, learned = learn(schema, cases, held_out=held, max_drop=max_drop, report=say)
        learned_summary = learned.summary()
        learned_summary.pop("steps")
    else:
        index = CaseIndex.build(schema, cases)
    build_seconds = time.perf_counter() - started
    say(f"answering {len(test)} test queries")
    return {
        **_answer(index, test, out_of_scope, k),
        "train_cases": len(cases),
        "semantic_model": semantic_model,
        "learning": learned_summary,
        "build_seconds": round(build_seconds, 2),
        "machine": {"python": platform.python_version(), "processor": platform.machine(), "numpy": np.__version__},
    }


def _answer(index: CaseIndex, test: Sequence[Example], out_of_scope: str | None, k: int) -> dict[str, Any]:
    latencies = []
    top1 = voted = hit = 0
    top1_kept = 0
    in_scope = oos = novel_oos = novel_in_scope = 0
    threshold = index.novelty_threshold
    for example in test:
        started = time.perf_counter()
        matches = index.search({"text": example.text}, max(k, HIT_AT), explain=False)
        latencies.append(time.perf_counter() - started)
        best = matches[0].score if matches else 0.0
        is_novel = threshold is not None and best < threshold
        if example.label == out_of_scope:
            oos += 1
            novel_oos += is_novel
            continue
        in_scope += 1
        novel_in_scope += is_novel
        right = bool(matches) and matches[0].label == example.label
        top1 += right
        top1_kept += right and not is_novel
        voted += vote(matches[:k]) == example.label
        hit += any(match.label == example.label for match in matches[:HIT_AT])
    flagged = novel_oos + novel_in_scope
    figures: dict[str, Any] = {
        "test_queries": len(test),
        "in_scope_queries": in_scope,
        "top1_accuracy": _ratio(top1, in_scope),
        f"weighted_vote_top{k}_accuracy": _ratio(voted, in_scope),
        f"hit_at_{HIT_AT}": _ratio(hit, in_scope),
        "latency_ms": {
            "p50": round(statistics.median(latencies) * 1000, 2) if latencies else None,
            "p95": round(float(np.percentile(latencies, 95)) * 1000, 2) if latencies else None,
        },
        "novelty_threshold": threshold,
    }
    if threshold is not None:
        figures["top1_accuracy_with_novelty"] = _ratio(top1_kept, in_scope)
        figures["in_scope_accuracy_drop"] = _ratio(top1 - top1_kept, in_scope)
    if oos and threshold is not None:
        figures["out_of_scope_queries"] = oos
        figures["out_of_scope_recall"] = _ratio(novel_oos, oos)
        figures["out_of_scope_precision"] = _ratio(novel_oos, flagged)
    return figures


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
