"""Filling the `{slot}`s of case text from the catalogue's vocabularies. Pure Python, no Django import.

One `CaseWords` per case fills each slot on first use and remembers it, so the subject, description and
resolution of a case name the same modem, amount and neighbourhood.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from frontline.demo.catalogue_base import ProblemType
from frontline.demo.catalogue_vocabulary import CONTEXT_SLOTS, PATTERNS, PRODUCT_VOCABULARY, VOCABULARY

_DIGITS = re.compile(r"#+")


def slot_names(template: str) -> tuple[str, ...]:
    """The slot names a template uses, in order of first use."""
    names = (name for _, name, _, _ in string.Formatter().parse(template) if name is not None)
    return tuple(dict.fromkeys(names))


def problem_templates(problem: ProblemType) -> tuple[str, ...]:
    """Every text template of a problem type: subjects, descriptions and resolutions."""
    return (*problem.subjects, *problem.descriptions, *(resolution.text for resolution in problem.resolutions))


def unknown_slots(templates: Iterable[str]) -> list[str]:
    """The slot names used in `templates` that nothing can fill (empty when all are fillable)."""
    known = {*CONTEXT_SLOTS, *PATTERNS, *VOCABULARY}
    return sorted({name for template in templates for name in slot_names(template) if name not in known})


def _pattern_maker(pattern: str) -> Callable[[random.Random], str]:
    """A function writing `pattern` with each run of '#' replaced by as many random digits."""
    runs = [len(run) for run in _DIGITS.findall(pattern)]
    layout = _DIGITS.sub(lambda match: "{:0" + str(len(match.group())) + "d}", pattern)

    def make(rng: random.Random) -> str:
        """The pattern with fresh digits."""
        return layout.format(*(rng.randrange(10**width) for width in runs))

    return make


@dataclass(frozen=True, slots=True)
class Place:
    """Where a customer lives, as case text names it."""

    city: str
    neighbourhoods: tuple[str, ...]
    area_codes: tuple[str, ...]


class Vocabulary:
    """Draws slot values with one random generator, so the same seed writes the same text."""

    def __init__(self, rng: random.Random, product_nouns: Mapping[str, str]) -> None:
        self.rng = rng
        self.product_nouns = product_nouns
        self._patterns = {name: _pattern_maker(pattern) for name, pattern in PATTERNS.items()}

    def draw(self, name: str, product: str, place: Place) -> str:
        """One value for slot `name` in a case about `product` for a customer in `place`."""
        words = PRODUCT_VOCABULARY.get(product, {}).get(name) or VOCABULARY.get(name)
        if words is not None:
            return self.rng.choice(words)
        if name in self._patterns:
            return self._patterns[name](self.rng)
        if name == "product":
            return self.product_nouns[product]
        if name == "city":
            return place.city
        if name == "neighbourhood":
            return self.rng.choice(place.neighbourhoods)
        if name == "area_code":
            return self.rng.choice(place.area_codes)
        raise KeyError(f"no vocabulary fills the slot {{{name}}}")


class CaseWords(dict[str, str]):
    """The slot values of one case, drawn on first use by `str.format_map`."""

    __slots__ = ("place", "product", "vocabulary")

    def __init__(self, vocabulary: Vocabulary, product: str, place: Place) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.product = product
        self.place = place

    def __missing__(self, name: str) -> str:
        value = self.vocabulary.draw(name, self.product, self.place)
        self[name] = value
        return value
