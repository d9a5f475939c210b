"""Schemas are data: read from a dict or JSON, written back unchanged, refused with the attribute named."""

from __future__ import annotations

import pytest

from frontline.cbr.schema import Categorical, Numeric, Schema, SchemaError, Taxonomy, Text
from tests.cbr.helpers import SCHEMA


def test_a_schema_round_trips_through_json() -> None:
    again = Schema.from_json(SCHEMA.to_json())

    assert again == SCHEMA
    assert again.to_dict() == SCHEMA.to_dict()
    assert [type(a) for a in again.attributes][:3] == [Categorical, Categorical, Taxonomy]


def test_options_reach_the_measures() -> None:
    schema = Schema.from_dict(
        {
            "attributes": [
                {"name": "channel", "kind": "categorical", "table": [["phone", "chat", 0.5]], "default": 0.1},
                {"name": "amount", "kind": "numeric", "decay": "exponential", "scale": 100},
                {"name": "text", "kind": "text", "word_ngrams": [1, 1], "char_ngrams": None, "hash_bits": 16},
            ]
        }
    )
    channel, amount, text = schema.attributes
    assert isinstance(channel, Categorical)
    assert (channel.similarity("chat", "phone"), channel.similarity("phone", "email")) == (0.5, 0.1)
    assert isinstance(amount, Numeric)
    assert amount.similarity(0, 100) == pytest.approx(0.36787944117)
    assert isinstance(text, Text)
    assert (text.analyzer.word_ngrams, text.analyzer.char_ngrams, text.analyzer.hash_bits) == ((1, 1), None, 16)


def test_weights_can_change_without_code() -> None:
    changed = SCHEMA.with_weights({"product": 5, "tags": 0})

    assert (changed["product"].weight, changed["tags"].weight, changed["tier"].weight) == (5, 0, 1)
    with pytest.raises(SchemaError, match="no attribute named colour"):
        SCHEMA.with_weights({"colour": 1})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], 'a schema is an object with a list "attributes"'),
        ({"attributes": []}, "at least one attribute"),
        ({"attributes": [{"kind": "set"}]}, "attribute 0: a non-empty name is required"),
        ({"attributes": [{"name": "a", "kind": "colour"}]}, "a: kind must be one of"),
        ({"attributes": [{"name": "a", "kind": "set", "weight": -1}]}, "a: weight must be a number of at least 0"),
        ({"attributes": [{"name": "a", "kind": "set", "weight": 0}]}, "at least one attribute needs a positive weight"),
        ({"attributes": [{"name": "a", "kind": "set"}, {"name": "a", "kind": "set"}]}, "unique: a"),
        ({"attributes": [{"name": "a", "kind": "numeric", "scale": 0}]}, "a: scale must be a positive number"),
        ({"attributes": [{"name": "a", "kind": "numeric", "decay": "cubic"}]}, "a: decay must be linear or exp"),
        ({"attributes": [{"name": "a", "kind": "taxonomy", "measure": "x"}]}, "a: measure must be"),
        ({"attributes": [{"name": "a", "kind": "categorical", "table": [["x", "y", 2]]}]}, "from 0 to 1"),
        ({"attributes": [{"name": "a", "kind": "categorical", "table": [["x", "x", 0.5]]}]}, "fully similar to itself"),
        ({"attributes": [{"name": "a", "kind": "categorical", "colour": 1}]}, "a: unknown option colour"),
        ({"attributes": [{"name": "a", "kind": "text", "word_ngrams": [2, 1]}]}, "a: word_ngrams must be"),
    ],
)
def test_a_wrong_schema_is_refused_with_the_reason(data: object, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        Schema.from_dict(data)


def test_json_that_is_not_json_is_refused() -> None:
    with pytest.raises(SchemaError, match="not valid JSON"):
        Schema.from_json("{attributes")
