"""Frontline's retrieval alone at scale: exact and two-stage search times, the two-stage search's recall, and
the memory of a process serving the index.

    python benchmarks/cbr_scale.py --cases 1000000

The script builds the synthetic 8-attribute case base of `cbr_cases.py`, saves it as a snapshot, then starts a
fresh process that memory-maps the snapshot (as a web worker does) and answers the queries, one core, exact and
two-stage in turn (A/B/A/B). Recall@10 is the share of the exact top 10 the two-stage search also returns.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from cbr_cases import frontline_schema, frontline_values, generate
from common import emit, machine_facts
from frontline.cbr import snapshot
from frontline.cbr.index import CaseIndex, CaseRecord
from frontline.cbr.schema import Schema

BATCH = 100_000


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM: getrusage would report the parent's peak after exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build(cases: int, folder: Path) -> dict[str, Any]:
    """Index `cases` synthetic cases, in batches as retained cases arrive, compact, and save a snapshot."""
    started = time.perf_counter()
    index = CaseIndex(Schema.from_dict(frontline_schema()))
    for start in range(0, cases, BATCH):
        batch = generate(min(BATCH, cases - start), seed=1000 + start)
        index.add([CaseRecord(start + i, frontline_values(case)) for i, case in enumerate(batch)])
    index.merge()
    seconds = time.perf_counter() - started
    snapshot.save(index, folder)
    size = sum(path.stat().st_size for path in folder.rglob("*.npy"))
    return {"build_seconds": round(seconds, 1), "build_peak_memory_mb": peak_memory_mb(), "snapshot_mb": size >> 20}


def serve(folder: Path, queries: int, shortlist: int) -> dict[str, Any]:
    """Load the snapshot memory-mapped and answer the queries; timings, recall and memory."""
    started = time.perf_counter()
    index = snapshot.load(folder)
    assert index is not None
    load_seconds = time.perf_counter() - started
    asked = [frontline_values(case) for case in generate(queries, seed=7)]
    for query in asked[:3]:  # warm-up: the first queries fault the mapped pages in
        index.search(query, 10, explain=False)
    exact_ms, rough_ms, recall = [], [], []
    for query in asked:
        began = time.perf_counter()
        exact = index.search(query, 10, explain=False)
        exact_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        rough = index.search(query, 10, method="two_stage", shortlist=shortlist, explain=False)
        rough_ms.append((time.perf_counter() - began) * 1000)
        recall.append(len({m.case_id for m in exact} & {m.case_id for m in rough}) / 10)
    return {
        "cases": len(index),
        "load_seconds": round(load_seconds, 2),
        "exact_ms": _summary(exact_ms),
        "two_stage_ms": _summary(rough_ms),
        "two_stage_shortlist": shortlist,
        "recall_at_10": round(statistics.mean(recall), 4),
        "worst_recall_at_10": min(recall),
        "serving_peak_memory_mb": peak_memory_mb(),
    }


def _summary(samples: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(samples), 2), "p95": round(float(np.percentile(samples, 95)), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--shortlist", type=int, default=1000)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the child process's mode
    arguments = parser.parse_args()
    if arguments.serve:
        print(json.dumps(serve(arguments.serve, arguments.queries, arguments.shortlist)))
        return
    with tempfile.TemporaryDirectory(prefix="frontline-cbr-") as folder:
        built = build(arguments.cases, Path(folder))
        child = [sys.executable, __file__, "--serve", folder, "--queries", str(arguments.queries)]
        child += ["--shortlist", str(arguments.shortlist)]
        served = json.loads(subprocess.run(child, capture_output=True, text=True, check=True).stdout)
    emit(
        {
            "benchmark": "cbr_scale",
            **served,
            **built,
            "targets": {
                "exact_p50_ms": "under 50 on one core",
                "two_stage_p50_ms": "under 15, with recall@10 at least 0.99",
                "serving_memory": "under 1,500 MB per process",
            },
            "threads": 1,
            "machine": machine_facts(),
        }
    )


if __name__ == "__main__":
    main()
