"""What a case is made of: named attributes, each with its local similarity measure and its weight.

A schema is data, so a deployment changes attributes and weights without code:

    {"attributes": [
        {"name": "product", "kind": "categorical", "weight": 2},
        {"name": "channel", "kind": "categorical", "weight": 0.5, "table": [["phone", "chat", 0.5]]},
        {"name": "category", "kind": "taxonomy", "weight": 3, "measure": "deepest_common_ancestor"},
        {"name": "amount", "kind": "numeric", "weight": 1, "decay": "linear", "scale": 500},
        {"name": "tags", "kind": "set", "weight": 1},
        {"name": "description", "kind": "text", "weight": 2, "word_ngrams": [1, 2], "char_ngrams": [2, 5]}
    ]}

The global similarity of two cases is the weighted mean of the local similarities of the attributes the
query has a value for. Kinds and their measures:

- categorical: 1 for the same value, the table's figure for a listed pair [case value, query value,
  similarity] (read both ways unless "symmetric": false), else "default" (0).
- taxonomy: values are paths from the top of a tree ("Connectivity/Outage" or ["Connectivity", "Outage"]);
  "deepest_common_ancestor" is depth(lca) / max(depth(a), depth(b)), "wu_palmer" is
  2 depth(lca) / (depth(a) + depth(b)); the tree's invisible root has depth 0.
- numeric: "linear" is max(0, 1 - |a - b| / scale), "exponential" is exp(-|a - b| / scale).
- set: Jaccard, |A & B| / |A | B| (two empty sets are identical).
- text: cosine of TF-IDF vectors of word and character n-grams (see `frontline.cbr.text`), optionally mixed
  with a learned projection.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from frontline.cbr.text import TextAnalyzer

Kind = Literal["categorical", "taxonomy", "numeric", "set", "text"]
KINDS: tuple[Kind, ...] = ("categorical", "taxonomy", "numeric", "set", "text")


class SchemaError(ValueError):
    """A schema that cannot be used, with the attribute and the reason."""


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute: its name, kind and weight (subclasses add the measure's parameters)."""

    name: str
    weight: float = 1.0
    kind: ClassVar[Kind]

    def options(self) -> dict[str, Any]:
        """The measure's parameters, as JSON-ready data."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        """The attribute as it is written in a schema."""
        return {"name": self.name, "kind": self.kind, "weight": self.weight, **self.options()}


@dataclass(frozen=True, slots=True)
class Categorical(Attribute):
    """A value from a set of names; similarity 1 when equal, else from the table, else `default`."""

    kind: ClassVar[Kind] = "categorical"
    table: tuple[tuple[str, str, float], ...] = ()
    symmetric: bool = True
    default: float = 0.0
    # by_query[query value][case value]: the table read from the query's side.
    by_query: Mapping[str, Mapping[str, float]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_query: dict[str, dict[str, float]] = {}
        for case_value, query_value, value in self.table:
            if case_value == query_value:
                raise SchemaError(f"{self.name}: a value is always fully similar to itself ({case_value!r})")
            by_query.setdefault(query_value, {})[case_value] = value
            if self.symmetric:
                by_query.setdefault(case_value, {}).setdefault(query_value, value)
        object.__setattr__(self, "by_query", by_query)

    def similarity(self, case_value: str, query_value: str) -> float:
        """The local similarity of a case's value to a query's; a table row is [case value, query value, s]."""
        if case_value == query_value:
            return 1.0
        return self.by_query.get(query_value, {}).get(case_value, self.default)

    def options(self) -> dict[str, Any]:
        return {"table": [list(row) for row in self.table], "symmetric": self.symmetric, "default": self.default}


@dataclass(frozen=True, slots=True)
class Taxonomy(Attribute):
    """A node of a tree, given as its path from the top; similarity from the deepest common ancestor."""

    kind: ClassVar[Kind] = "taxonomy"
    measure: Literal["deepest_common_ancestor", "wu_palmer"] = "deepest_common_ancestor"
    separator: str = "/"

    def path(self, value: Any) -> tuple[str, ...]:
        """A value as a path of node names from the top ("A/B" or ["A", "B"])."""
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(self.separator) if part.strip())
        if isinstance(value, list | tuple) and all(isinstance(part, str) for part in value):
            return tuple(value)
        raise TypeError(f"{self.name}: expected a path such as 'A{self.separator}B' or ['A', 'B'], not {value!r}")

    def similarity_of_depths(self, common: int, left: int, right: int) -> float:
        """The local similarity from the depth of the deepest common ancestor and of the two nodes."""
        if left == 0 and right == 0:
            return 1.0
        if self.measure == "wu_palmer":
            return 2.0 * common / (left + right)
        return common / max(left, right)

    def options(self) -> dict[str, Any]:
        return {"measure": self.measure, "separator": self.separator}


@dataclass(frozen=True, slots=True)
class Numeric(Attribute):
    """A number; similarity decays with the distance, linearly or exponentially, over `scale`."""

    kind: ClassVar[Kind] = "numeric"
    decay: Literal["linear", "exponential"] = "linear"
    scale: float = 1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise SchemaError(f"{self.name}: scale must be a positive number")

    def similarity(self, left: float, right: float) -> float:
        """The local similarity of two numbers."""
        distance = abs(left - right)
        if self.decay == "exponential":
            return math.exp(-distance / self.scale)
        return max(0.0, 1.0 - distance / self.scale)

    def options(self) -> dict[str, Any]:
        return {"decay": self.decay, "scale": self.scale}


@dataclass(frozen=True, slots=True)
class SetOf(Attribute):
    """A set of names (tags, products held); Jaccard similarity."""

    kind: ClassVar[Kind] = "set"

    @staticmethod
    def similarity(left: Iterable[str], right: Iterable[str]) -> float:
        """|A & B| / |A | B|; two empty sets are identical."""
        a, b = set(left), set(right)
        union = len(a | b)
        return 1.0 if union == 0 else len(a & b) / union


@dataclass(frozen=True, slots=True)
class Text(Attribute):
    """Free text; cosine of TF-IDF vectors of word and character n-grams, optionally mixed with the cosine of
    sentence embeddings from a model on local disk (`semantic_model`, a directory; `semantic_share` of the
    text similarity)."""

    kind: ClassVar[Kind] = "text"
    analyzer: TextAnalyzer = field(default_factory=TextAnalyzer)
    semantic_model: str | None = None
    semantic_share: float = 0.5

    def options(self) -> dict[str, Any]:
        semantic = {"semantic_model": self.semantic_model, "semantic_share": self.semantic_share}
        return {**self.analyzer.to_dict(), **(semantic if self.semantic_model else {})}


_CLASSES: dict[str, type[Attribute]] = {
    "categorical": Categorical,
    "taxonomy": Taxonomy,
    "numeric": Numeric,
    "set": SetOf,
    "text": Text,
}


@dataclass(frozen=True, slots=True)
class Schema:
    """The attributes of a case base, in order."""

    attributes: tuple[Attribute, ...]

    def __post_init__(self) -> None:
        if not self.attributes:
            raise SchemaError("a schema needs at least one attribute")
        names = [attribute.name for attribute in self.attributes]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise SchemaError(f"attribute names must be unique: {', '.join(duplicates)}")
        if not any(attribute.weight > 0 for attribute in self.attributes):
            raise SchemaError("at least one attribute needs a positive weight")

    def __getitem__(self, name: str) -> Attribute:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """The attribute names, in order."""
        return [attribute.name for attribute in self.attributes]

    def with_weights(self, weights: Mapping[str, float]) -> Schema:
        """The same schema with some weights changed."""
        unknown = sorted(set(weights) - set(self.names))
        if unknown:
            raise SchemaError(f"no attribute named {', '.join(unknown)}")
        changed = tuple(
            _replace_weight(attribute, weights.get(attribute.name, attribute.weight)) for attribute in self.attributes
        )
        return Schema(changed)

    def to_dict(self) -> dict[str, Any]:
        """The schema as JSON-ready data (what `from_dict` reads)."""
        return {"attributes": [attribute.to_dict() for attribute in self.attributes]}

    def to_json(self) -> str:
        """The schema as JSON text."""
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_json(cls, text: str) -> Schema:
        """A schema from JSON text."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise SchemaError(f"the schema is not valid JSON: {error}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Schema:
        """A schema from data shaped as the module docstring shows; SchemaError names what is wrong."""
        if not isinstance(data, Mapping) or not isinstance(data.get("attributes"), list):
            raise SchemaError('a schema is an object with a list "attributes"')
        return cls(tuple(_attribute(index, item) for index, item in enumerate(data["attributes"])))


def _replace_weight(attribute: Attribute, weight: float) -> Attribute:
    data = attribute.to_dict()
    data["weight"] = weight
    return _attribute(0, data)


def _attribute(index: int, item: Any) -> Attribute:
    if not isinstance(item, Mapping):
        raise SchemaError(f"attribute {index}: expected an object")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SchemaError(f"attribute {index}: a non-empty name is required")
    kind = item.get("kind")
    if kind not in _CLASSES:
        raise SchemaError(f"{name}: kind must be one of {', '.join(KINDS)}")
    weight = item.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
        raise SchemaError(f"{name}: weight must be a number of at least 0")
    known = {"name", "kind", "weight", *_OPTIONS[kind]}
    unknown = sorted(set(item) - known)
    if unknown:
        raise SchemaError(f"{name}: unknown option {', '.join(unknown)} for a {kind} attribute")
    try:
        return _build(kind, name, float(weight), item)
    except SchemaError:
        raise
    except (TypeError, ValueError) as error:
        raise SchemaError(f"{name}: {error}") from None


_OPTIONS: dict[str, tuple[str, ...]] = {
    "categorical": ("table", "symmetric", "default"),
    "taxonomy": ("measure", "separator"),
    "numeric": ("decay", "scale"),
    "set": (),
    "text": ("word_ngrams", "char_ngrams", "hash_bits", "semantic_model", "semantic_share"),
}


def _build(kind: str, name: str, weight: float, item: Mapping[str, Any]) -> Attribute:
    if kind == "categorical":
        table = tuple(_table_row(name, row) for row in item.get("table", []))
        default = _unit(name, "default", item.get("default", 0.0))
        return Categorical(name, weight, table=table, symmetric=bool(item.get("symmetric", True)), default=default)
    if kind == "taxonomy":
        measure = item.get("measure", "deepest_common_ancestor")
        if measure not in ("deepest_common_ancestor", "wu_palmer"):
            raise SchemaError(f"{name}: measure must be deepest_common_ancestor or wu_palmer")
        separator = item.get("separator", "/")
        if not isinstance(separator, str) or not separator:
            raise SchemaError(f"{name}: separator must be a non-empty string")
        return Taxonomy(name, weight, measure=measure, separator=separator)
    if kind == "numeric":
        decay = item.get("decay", "linear")
        if decay not in ("linear", "exponential"):
            raise SchemaError(f"{name}: decay must be linear or exponential")
        scale = item.get("scale", 1.0)
        if isinstance(scale, bool) or not isinstance(scale, int | float):
            raise SchemaError(f"{name}: scale must be a positive number")
        return Numeric(name, weight, decay=decay, scale=float(scale))
    if kind == "set":
        return SetOf(name, weight)
    model = item.get("semantic_model")
    if model is not None and (not isinstance(model, str) or not model.strip()):
        raise SchemaError(f"{name}: semantic_model must be the path of a model directory")
    share = _unit(name, "semantic_share", item.get("semantic_share", 0.5))
    return Text(name, weight, analyzer=TextAnalyzer.from_dict(dict(item)), semantic_model=model, semantic_share=share)


def _table_row(name: str, row: Any) -> tuple[str, str, float]:
    if not isinstance(row, list | tuple) or len(row) != 3 or not all(isinstance(v, str) for v in row[:2]):
        raise SchemaError(f"{name}: each table row is [value, value, similarity]")
    return row[0], row[1], _unit(name, "a table similarity", row[2])


def _unit(name: str, what: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise SchemaError(f"{name}: {what} must be a number from 0 to 1")
    return float(value)
