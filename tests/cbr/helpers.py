"""A schema with every kind of attribute, random cases for it, and a brute-force reference search."""

from __future__ import annotations

import random
from typing import Any

from frontline.cbr.index import CaseIndex, CaseRecord
from frontline.cbr.schema import Schema

SCHEMA = Schema.from_dict(
    {
        "attributes": [
            {"name": "product", "kind": "categorical", "weight": 2},
            {"name": "tier", "kind": "categorical", "weight": 1, "table": [["gold", "platinum", 0.8]]},
            {"name": "category", "kind": "taxonomy", "weight": 3},
            {"name": "amount", "kind": "numeric", "weight": 1.5, "decay": "linear", "scale": 500},
            {"name": "tenure", "kind": "numeric", "weight": 1, "decay": "exponential", "scale": 365},
            {"name": "priority", "kind": "numeric", "weight": 1, "decay": "linear", "scale": 3},
            {"name": "tags", "kind": "set", "weight": 1},
            {"name": "description", "kind": "text", "weight": 2},
        ]
    }
)
PRODUCTS = ["fibre", "mobile", "tv", "landline"]
TIERS = ["basic", "gold", "platinum"]
CATEGORIES = ["Connectivity/Outage", "Connectivity/Slow", "Billing/Refund", "Billing/Roaming", "Billing", "Devices"]
WORDS = [
    "router",
    "modem",
    "line",
    "drops",
    "bill",
    "charge",
    "refund",
    "roaming",
    "signal",
    "slow",
    "outage",
    "fibre",
    "install",
    "engineer",
]


def random_values(rng: random.Random, missing: float = 0.1) -> dict[str, Any]:
    """Values for every attribute of SCHEMA; each is missing with probability `missing`."""
    values: dict[str, Any] = {
        "product": rng.choice(PRODUCTS),
        "tier": rng.choice(TIERS),
        "category": rng.choice(CATEGORIES),
        "amount": round(rng.uniform(0, 2000), 2),
        "tenure": rng.randint(0, 3000),
        "priority": rng.randint(1, 4),
        "tags": rng.sample(WORDS, rng.randint(0, 3)),
        "description": " ".join(rng.choices(WORDS, k=rng.randint(3, 9))),
    }
    return {name: (None if rng.random() < missing else value) for name, value in values.items()}


def random_cases(count: int, seed: int = 1, start: int = 1) -> list[CaseRecord]:
    """`count` cases with random values and labels, ids from `start`."""
    rng = random.Random(seed)
    return [
        CaseRecord(id=start + i, values=random_values(rng), label=rng.choice("xyz"), precedent=rng.random())
        for i in range(count)
    ]


def brute_force(index: CaseIndex, cases: list[CaseRecord], query: dict[str, Any], k: int) -> list[tuple[float, int]]:
    """The k best (score, id), each local similarity computed on its own: one pair at a time for structured
    attributes, and for text the cosine of the two TF-IDF vectors, taken one row at a time."""
    present = [a for a in index.schema.attributes if query.get(a.name) is not None and a.weight > 0]
    total = sum(a.weight for a in present)
    texts = {a.name: _text_similarities(index, a.name, cases, query[a.name]) for a in present if a.kind == "text"}
    scored = []
    for row, case in enumerate(cases):
        score = 0.0
        for a in present:
            if a.kind == "text":
                score += a.weight * texts[a.name][row]
            else:
                score += a.weight * index.columns[a.name].local(case.values.get(a.name), query[a.name])
        scored.append((score / total, case.id))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored[:k]


def _text_similarities(index: CaseIndex, name: str, cases: list[CaseRecord], value: str) -> list[float]:
    model = index.columns[name].model  # type: ignore[attr-defined]
    rows = model.vectors(["" if c.values.get(name) is None else str(c.values[name]) for c in cases])
    query = model.vectors([value])
    return [
        0.0 if cases[i].values.get(name) is None else min(1.0, float(rows[i].multiply(query).sum()))
        for i in range(len(cases))
    ]


def answers(index: CaseIndex, query: dict[str, Any], k: int, **options: Any) -> list[tuple[float, int]]:
    """The index's answer as (score, id) pairs."""
    return [(match.score, match.case_id) for match in index.search(query, k, **options)]


def same_ranking(found: list[tuple[float, int]], expected: list[tuple[float, int]]) -> bool:
    """Equal scores at every rank (to 1e-6: text vectors are stored in float32) and equal ids wherever the scores
    are not tied."""
    if len(found) != len(expected):
        return False
    for (score, case_id), (reference, reference_id) in zip(found, expected, strict=True):
        if abs(score - reference) > 1e-6:
            return False
        tied = sum(1 for s, _ in expected if abs(s - reference) <= 1e-6) > 1
        if not tied and case_id != reference_id:
            return False
    return True


def assert_same_answers(found: list[tuple[float, int]], expected: list[tuple[float, int]]) -> None:
    """The same ids in the same order, with scores equal to 1e-12."""
    assert [case_id for _, case_id in found] == [case_id for _, case_id in expected]
    for (score, _), (reference, _) in zip(found, expected, strict=True):
        assert abs(score - reference) <= 1e-12
