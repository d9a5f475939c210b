"""The synthetic 8-attribute case base the retrieval benchmarks share, described once for both engines.

Attributes and measures (the same definitions for Frontline and for CBRkit):
- product: 20 codes, equal or not;
- category: a three-level tree of 5 x 4 x 5 nodes, Wu-Palmer similarity 2 depth(lca) / (depth(a) + depth(b));
- tier: 4 values with a similarity table; channel: 4 values with a table;
- amount: 0 to 2,000, linear decay over 500; tenure: 0 to 3,650 days, exponential decay exp(-d / 365);
- priority: 1 to 5, linear over the range (1 - d / 4);
- description: 5 to 15 words from a vocabulary of 300, Jaccard of the sets of lower-cased words.
"""

from __future__ import annotations

from typing import Any

import numpy as np

PRODUCTS = [f"prod_{i:02d}" for i in range(20)]
TIERS = ["basic", "silver", "gold", "platinum"]
CHANNELS = ["phone", "chat", "email", "web"]
VOCABULARY = [f"w{i:03d}" for i in range(300)]
TIER_TABLE = [
    ("basic", "silver", 0.6),
    ("basic", "gold", 0.3),
    ("basic", "platinum", 0.1),
    ("silver", "gold", 0.6),
    ("silver", "platinum", 0.3),
    ("gold", "platinum", 0.8),
]
CHANNEL_TABLE = [
    ("phone", "chat", 0.5),
    ("chat", "email", 0.4),
    ("email", "web", 0.6),
    ("chat", "web", 0.5),
    ("phone", "email", 0.2),
]
WEIGHTS = {
    "product": 2.0,
    "category": 3.0,
    "tier": 1.0,
    "channel": 0.5,
    "amount": 1.5,
    "tenure": 1.0,
    "priority": 1.0,
    "description": 2.0,
}
AMOUNT_SCALE, TENURE_SCALE = 500.0, 365.0
# The tree: top nodes t0..t4, each with m0..m3, each with leaves l0..l4; names are unique in the whole tree.
TREE = {f"t{a}": {f"t{a}m{b}": [f"t{a}m{b}l{c}" for c in range(5)] for b in range(4)} for a in range(5)}
NODES = [
    path
    for top, middles in TREE.items()
    for path in [(top,)]
    + [p for middle, leaves in middles.items() for p in [(top, middle)] + [(top, middle, leaf) for leaf in leaves]]
]


def frontline_schema() -> dict[str, Any]:
    """The schema, for Frontline."""
    return {
        "attributes": [
            {"name": "product", "kind": "categorical", "weight": WEIGHTS["product"]},
            {"name": "category", "kind": "taxonomy", "weight": WEIGHTS["category"], "measure": "wu_palmer"},
            {"name": "tier", "kind": "categorical", "weight": WEIGHTS["tier"], "table": [list(r) for r in TIER_TABLE]},
            {
                "name": "channel",
                "kind": "categorical",
                "weight": WEIGHTS["channel"],
                "table": [list(r) for r in CHANNEL_TABLE],
            },
            {"name": "amount", "kind": "numeric", "weight": WEIGHTS["amount"], "scale": AMOUNT_SCALE},
            {
                "name": "tenure",
                "kind": "numeric",
                "weight": WEIGHTS["tenure"],
                "decay": "exponential",
                "scale": TENURE_SCALE,
            },
            {"name": "priority", "kind": "numeric", "weight": WEIGHTS["priority"], "scale": 4.0},
            {"name": "description", "kind": "set", "weight": WEIGHTS["description"]},
        ]
    }


def taxonomy_yaml() -> str:
    """The tree for CBRkit's taxonomy loader, under an invisible ROOT."""
    lines = ["name: ROOT", "children:"]
    for top, middles in TREE.items():
        lines += [f"  - name: {top}", "    children:"]
        for middle, leaves in middles.items():
            lines += [f"      - name: {middle}", f"        children: [{', '.join(leaves)}]"]
    return "\n".join(lines) + "\n"


def generate(count: int, seed: int) -> list[dict[str, Any]]:
    """`count` cases as plain dicts; the category is the path of node names from the top."""
    rng = np.random.default_rng(seed)
    products = rng.integers(0, len(PRODUCTS), count)
    nodes = rng.integers(0, len(NODES), count)
    tiers = rng.integers(0, len(TIERS), count)
    channels = rng.integers(0, len(CHANNELS), count)
    amounts = np.round(rng.uniform(0, 2000, count), 2)
    tenures = rng.integers(0, 3650, count)
    priorities = rng.integers(1, 6, count)
    lengths = rng.integers(5, 16, count)
    words = rng.integers(0, len(VOCABULARY), (count, 15))
    return [
        {
            "product": PRODUCTS[products[i]],
            "category": NODES[nodes[i]],
            "tier": TIERS[tiers[i]],
            "channel": CHANNELS[channels[i]],
            "amount": float(amounts[i]),
            "tenure": int(tenures[i]),
            "priority": int(priorities[i]),
            "description": " ".join(VOCABULARY[w] for w in words[i, : lengths[i]]),
        }
        for i in range(count)
    ]


def frontline_values(case: dict[str, Any]) -> dict[str, Any]:
    """A case's values as Frontline takes them (the description as its set of lower-cased words)."""
    return {**case, "category": list(case["category"]), "description": case["description"].lower().split()}


def same_top(found: list[tuple[float, int]], expected: list[tuple[float, int]], tolerance: float = 1e-9) -> bool:
    """The same scores at every rank, and the same ids wherever a score is not tied with another."""
    if len(found) != len(expected):
        return False
    for (score, case_id), (reference, reference_id) in zip(found, expected, strict=True):
        if abs(score - reference) > tolerance:
            return False
        tied = sum(1 for s, _ in expected if abs(s - reference) <= tolerance) > 1
        if not tied and case_id != reference_id:
            return False
    return True
