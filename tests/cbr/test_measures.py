"""Every local similarity measure: 1 for identical values, symmetric where it should be, within [0, 1], and the
vectorised forms (the float32 scan and the float64 score) agree with the plain one-pair form."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.cbr.columns import Column, column_for
from frontline.cbr.schema import Schema
from frontline.cbr.text import TextModel, normalise

SCHEMA = Schema.from_dict(
    {
        "attributes": [
            {"name": "channel", "kind": "categorical", "table": [["phone", "chat", 0.5], ["chat", "email", 0.3]]},
            {"name": "one_way", "kind": "categorical", "table": [["a", "b", 0.7]], "symmetric": False},
            {"name": "dca", "kind": "taxonomy"},
            {"name": "wup", "kind": "taxonomy", "measure": "wu_palmer"},
            {"name": "linear", "kind": "numeric", "decay": "linear", "scale": 10},
            {"name": "exponential", "kind": "numeric", "decay": "exponential", "scale": 10},
            {"name": "tags", "kind": "set"},
            {"name": "text", "kind": "text"},
        ]
    }
)
names = st.sampled_from(["phone", "chat", "email", "walk_in", "a", "b"])
paths = st.lists(st.sampled_from(["A", "B", "C"]), min_size=0, max_size=4).map(tuple)
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
tag_sets = st.lists(st.sampled_from(["x", "y", "z", "w"]), max_size=4)
texts = st.text(alphabet="abcdefgh xyz", min_size=0, max_size=40)
VALUES: dict[str, Any] = {
    "channel": names,
    "one_way": names,
    "dca": paths,
    "wup": paths,
    "linear": numbers,
    "exponential": numbers,
    "tags": tag_sets,
    "text": texts,
}
SYMMETRIC = ["channel", "dca", "wup", "linear", "exponential", "tags", "text"]


def column(name: str) -> Column[Any]:
    made = column_for(SCHEMA[name])
    if name == "text":
        made.model = TextModel.fit(["router drops every evening", "bill shows a roaming charge", "abc xyz"])  # type: ignore[attr-defined]
    return made


COLUMNS = {name: column(name) for name in SCHEMA.names}


def identical_is_one(name: str, value: Any) -> bool:
    """Whether `value` is one for which identity means similarity 1 (an empty text has no features)."""
    return not (name == "text" and not normalise(value))


@pytest.mark.parametrize("name", SCHEMA.names)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_identical_values_are_fully_similar_and_every_value_within_0_and_1(name: str, data: st.DataObject) -> None:
    left, right = data.draw(VALUES[name]), data.draw(VALUES[name])
    measure = COLUMNS[name]

    assert 0.0 <= measure.local(left, right) <= 1.0
    if identical_is_one(name, left):
        assert measure.local(left, left) == pytest.approx(1.0)


@pytest.mark.parametrize("name", SYMMETRIC)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_symmetric_measures_are_symmetric(name: str, data: st.DataObject) -> None:
    left, right = data.draw(VALUES[name]), data.draw(VALUES[name])
    measure = COLUMNS[name]

    assert measure.local(left, right) == pytest.approx(measure.local(right, left), abs=1e-12)


@pytest.mark.parametrize("name", SCHEMA.names)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_vectorised_measure_equals_the_one_pair_measure(name: str, data: st.DataObject) -> None:
    stored = data.draw(st.lists(st.one_of(st.none(), VALUES[name]), min_size=1, max_size=12))
    query = data.draw(VALUES[name])
    measure = column(name)
    arrays = measure.encode(stored)
    prepared = measure.prepare(query)
    expected = [measure.local(value, query) for value in stored]

    assert measure.score(arrays, prepared, None) == pytest.approx(expected, abs=1e-9)
    assert measure.scan(arrays, prepared, None) == pytest.approx(expected, abs=measure.scan_error(prepared))
    some = np.arange(0, len(stored), 2)
    assert measure.score(arrays, prepared, some) == pytest.approx([expected[i] for i in some], abs=1e-9)


def test_categorical_tables() -> None:
    channel, one_way = COLUMNS["channel"], COLUMNS["one_way"]

    assert (channel.local("phone", "chat"), channel.local("chat", "phone"), channel.local("phone", "email")) == (
        0.5,
        0.5,
        0.0,
    )
    assert (one_way.local("a", "b"), one_way.local("b", "a")) == (0.7, 0.0)
    assert channel.local(None, "phone") == 0.0


@pytest.mark.parametrize(
    ("name", "left", "right", "expected"),
    [
        ("dca", ("A", "B", "C"), ("A", "B", "C"), 1.0),
        ("dca", ("A", "B", "C"), ("A", "B"), 2 / 3),
        ("dca", ("A", "B", "C"), ("A", "C"), 1 / 3),
        ("dca", ("A",), ("B",), 0.0),
        ("dca", (), (), 1.0),
        ("wup", ("A", "B", "C"), ("A", "B"), 0.8),
        ("wup", ("A", "B", "C"), ("A", "C"), 0.4),
        ("wup", ("A", "B"), ("A", "C", "A"), 0.4),
    ],
)
def test_taxonomy_similarity_comes_from_the_deepest_common_ancestor(
    name: str, left: tuple[str, ...], right: tuple[str, ...], expected: float
) -> None:
    assert COLUMNS[name].local(left, right) == pytest.approx(expected)
    assert COLUMNS[name].local("/".join(left), "/".join(right)) == pytest.approx(expected)


def test_numbers_decay_linearly_or_exponentially_with_the_scale() -> None:
    assert COLUMNS["linear"].local(10, 13) == pytest.approx(0.7)
    assert COLUMNS["linear"].local(10, 25) == 0.0
    assert COLUMNS["exponential"].local(10, 20) == pytest.approx(math.exp(-1))


def test_sets_are_compared_by_jaccard() -> None:
    tags = COLUMNS["tags"]

    assert tags.local(["x", "y", "z"], ["y", "z", "w"]) == pytest.approx(0.5)
    assert tags.local([], []) == 1.0
    assert tags.local([], ["x"]) == 0.0


def test_text_matches_despite_typos_and_case() -> None:
    model = TextModel.fit(["the router keeps dropping", "my bill shows a roaming charge", "no signal on the phone"])
    measure = column_for(SCHEMA["text"])
    measure.model = model  # type: ignore[attr-defined]

    typo = measure.local("the rooter keeps droping", "The ROUTER keeps dropping!")
    unrelated = measure.local("my bill shows a roaming charge", "the router keeps dropping")
    assert typo > 0.5
    assert unrelated < 0.2
    assert measure.local("Café crème", "cafe creme") == pytest.approx(1.0)
