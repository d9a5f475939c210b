"""Learning from labelled cases: the text projection and the attribute weights raise held-out accuracy, and
the novelty threshold turns away what is unlike every case while keeping what is like them."""

from __future__ import annotations

import random

import pytest

from frontline.cbr.index import CaseRecord
from frontline.cbr.learning import accuracy, learn, split
from frontline.cbr.schema import Schema

KINDS = {
    "outage": ["outage", "down", "offline", "dead", "lost"],
    "billing": ["bill", "invoice", "charged", "overcharge", "payment"],
    "roaming": ["roaming", "abroad", "travel", "foreign", "holiday"],
    "speed": ["slow", "speed", "buffering", "lag", "throughput"],
    "device": ["router", "modem", "handset", "screen", "battery"],
}
# Words every kind uses alike, each as rare as a telling word, spelt unlike each other.
NOISE = ["".join(random.Random(n).choices("bcdfghjklmnpqrstvwxz", k=7)) for n in range(150)]


def texts(seed: int, count: int) -> list[tuple[str, str]]:
    """Labelled texts: one telling word of their kind among eight shared filler words."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        kind = rng.choice(sorted(KINDS))
        words = rng.sample(KINDS[kind], 1) + rng.sample(NOISE, 8)
        rng.shuffle(words)
        made.append((" ".join(words), kind))
    return made


TEXT = Schema.from_dict({"attributes": [{"name": "text", "kind": "text"}]})


def records(pairs: list[tuple[str, str]], start: int = 0) -> list[CaseRecord]:
    return [CaseRecord(start + i, {"text": text}, label=label) for i, (text, label) in enumerate(pairs)]


def test_a_learned_projection_makes_cases_of_one_kind_closer() -> None:
    cases = records(texts(1, 600))
    held = records(texts(2, 200), start=10_000)

    index, learned = learn(TEXT, cases, held_out=held)

    assert learned.accuracy_before is not None
    assert learned.accuracy_after is not None
    assert learned.accuracy_after >= 0.95
    assert learned.accuracy_after > learned.accuracy_before + 0.05
    assert learned.projections["text"].dimensions == len(KINDS)
    assert accuracy(index, records(texts(3, 200), start=20_000)) >= 0.95


def test_learned_weights_favour_the_attribute_that_tells_kinds_apart() -> None:
    schema = Schema.from_dict(
        {
            "attributes": [
                {"name": "telling", "kind": "categorical", "weight": 1},
                {"name": "noise", "kind": "categorical", "weight": 3},
                {"name": "more_noise", "kind": "numeric", "weight": 3, "scale": 10},
            ]
        }
    )
    rng = random.Random(4)

    def case(number: int) -> CaseRecord:
        label = rng.choice("abcd")
        telling = label if rng.random() < 0.9 else rng.choice("abcd")
        values = {"telling": telling, "noise": f"n{rng.randrange(60)}", "more_noise": rng.uniform(0, 30)}
        return CaseRecord(number, values, label=label)

    cases = [case(i) for i in range(400)]
    held = [case(1000 + i) for i in range(200)]

    _, learned = learn(schema, cases, held_out=held)

    assert learned.weights["telling"] > learned.weights["noise"]
    assert learned.weights["telling"] > learned.weights["more_noise"]
    assert learned.accuracy_after is not None
    assert learned.accuracy_before is not None
    assert learned.accuracy_after > learned.accuracy_before
    assert learned.steps


def test_the_novelty_threshold_turns_away_what_is_unlike_every_case() -> None:
    cases = records(texts(5, 500))
    index, learned = learn(TEXT, cases, held_out=records(texts(6, 200), start=10_000), max_drop=0.02)
    threshold = learned.novelty_threshold
    assert threshold is not None
    assert index.novelty_threshold == threshold
    strangers = ["parking ticket appeal", "recipe for lemon cake", "weather tomorrow in oslo"]
    regulars = [text for text, _ in texts(7, 100)]

    turned_away = sum(index.search({"text": t}, 1)[0].score < threshold for t in strangers)
    kept = sum(index.search({"text": t}, 1)[0].score >= threshold for t in regulars)

    assert turned_away == len(strangers)
    assert kept >= 95


def test_split_holds_out_a_share_of_each_label() -> None:
    cases = records(texts(8, 300))

    learning, held = split(cases, 0.2, seed=1)

    assert len(learning) + len(held) == 300
    assert {c.label for c in held} == set(KINDS)
    assert not {c.id for c in learning} & {c.id for c in held}


def test_learning_needs_labels() -> None:
    with pytest.raises(ValueError, match="labelled cases"):
        learn(TEXT, [CaseRecord(1, {"text": "no label"})])
