"""Frontline's retrieval against CBRkit 0.14.2 on the same case base, with the same similarity definitions.

    python benchmarks/cbr_vs_cbrkit.py --cases 100000 --queries 10

Both engines index the synthetic 8-attribute case base of `cbr_cases.py`; for each query both return their
top 10, which must agree (same scores, same ids where scores are not tied); then each query is timed on
both, alternating Frontline / CBRkit, on one core. CBRkit is installed by `make bench` (the bench extra).
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # one core, as the figure is stated

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from cbr_cases import (
    AMOUNT_SCALE,
    CHANNEL_TABLE,
    CHANNELS,
    TENURE_SCALE,
    TIER_TABLE,
    TIERS,
    WEIGHTS,
    frontline_schema,
    frontline_values,
    generate,
    same_top,
    taxonomy_yaml,
)
from common import emit, machine_facts
from frontline.cbr.index import CaseIndex, CaseRecord
from frontline.cbr.schema import Schema


def cbrkit_retriever(taxonomy_file: Path, k: int) -> Any:
    """The same measures written with CBRkit's own functions."""
    import cbrkit

    diagonal = lambda values: [(v, v, 1.0) for v in values]  # noqa: E731 - CBRkit's tables list identity too
    similarity = cbrkit.sim.attribute_value(
        attributes={
            "product": cbrkit.sim.generic.equality(),
            "category": cbrkit.sim.strings.taxonomy.load(
                str(taxonomy_file), measure=cbrkit.sim.strings.taxonomy.wu_palmer()
            ),
            "tier": cbrkit.sim.generic.table([*diagonal(TIERS), *TIER_TABLE], symmetric=True, default=0.0),
            "channel": cbrkit.sim.generic.table([*diagonal(CHANNELS), *CHANNEL_TABLE], symmetric=True, default=0.0),
            "amount": cbrkit.sim.numbers.linear(max=AMOUNT_SCALE),
            "tenure": cbrkit.sim.numbers.exponential(alpha=1.0 / TENURE_SCALE),
            "priority": cbrkit.sim.numbers.linear_interval(min=1, max=5),
            "description": cbrkit.sim.strings.ngram(1, case_sensitive=False, tokenizer=str.split),
        },
        aggregator=cbrkit.sim.aggregator(pooling="mean", pooling_weights=dict(WEIGHTS)),
    )
    return cbrkit.retrieval.build(similarity, limit=k)


def cbrkit_case(case: dict[str, Any]) -> dict[str, Any]:
    """A case as CBRkit takes it: the category as its node's name."""
    return {**case, "category": case["category"][-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=10, help="Queries checked and timed on both engines.")
    parser.add_argument("--k", type=int, default=10)
    arguments = parser.parse_args()
    import cbrkit

    cases = generate(arguments.cases, seed=1)
    queries = generate(arguments.queries, seed=2)
    started = time.perf_counter()
    index = CaseIndex.build(
        Schema.from_dict(frontline_schema()),
        [CaseRecord(i, frontline_values(case)) for i, case in enumerate(cases)],
    )
    index.merge()
    frontline_build = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        taxonomy_file = Path(folder) / "taxonomy.yaml"
        taxonomy_file.write_text(taxonomy_yaml())
        retriever = cbrkit_retriever(taxonomy_file, arguments.k)
        casebase = {i: cbrkit_case(case) for i, case in enumerate(cases)}
        ours_ms: list[float] = []
        theirs_ms: list[float] = []
        agreed = 0
        for query in queries:  # A/B in turn, query by query
            began = time.perf_counter()
            found = index.search(frontline_values(query), arguments.k, explain=False)
            ours_ms.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            result = cbrkit.retrieval.apply(casebase, cbrkit_case(query), retriever)
            theirs_ms.append((time.perf_counter() - began) * 1000)
            reference = [(cbrkit.helpers.unpack_sim(result.similarities[i]), i) for i in result.ranking]
            agreed += same_top([(m.score, m.case_id) for m in found], reference)
    ours, theirs = statistics.median(ours_ms), statistics.median(theirs_ms)
    emit(
        {
            "benchmark": "cbr_vs_cbrkit",
            "cases": arguments.cases,
            "queries": arguments.queries,
            "k": arguments.k,
            "same_top_k": f"{agreed} of {arguments.queries}",
            "frontline_ms_per_query": {"p50": round(ours, 2), "all": [round(x, 2) for x in ours_ms]},
            "cbrkit_ms_per_query": {"p50": round(theirs, 1), "all": [round(x, 1) for x in theirs_ms]},
            "speed_ratio_p50": round(theirs / ours, 1),
            "target": "at least 100 times faster than CBRkit at 100,000 cases",
            "frontline_build_seconds": round(frontline_build, 2),
            "cbrkit_version": "0.14.2",
            "threads": 1,
            "machine": machine_facts(),
        }
    )


if __name__ == "__main__":
    main()
