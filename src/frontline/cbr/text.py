"""Text as sparse vectors: word and character n-grams, hashed, weighted by TF-IDF, compared by cosine.

Every text is normalised (lower case, accents and punctuation removed), then cut into word n-grams and
character n-grams taken inside word boundaries (" rout", "oute", "uter ", so that "rooter" still shares most
of its features with "router"). Features are hashed into a fixed space, so the model has no vocabulary to
grow: a word first seen after the model was fitted still matches itself. The hashing runs in NumPy over a
whole batch of texts at once (a polynomial rolling hash over code points), not in a Python loop per n-gram.

A fitted `TextModel` holds the inverse document frequencies and, once learned, a `Projection`: a linear map
from the sparse features to a dense space in which texts of the same kind lie close together (see
`frontline.cbr.learning`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

if TYPE_CHECKING:
    from frontline.cbr.semantic import Encoder

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SPACE = 0x20
_BOUNDARY = 0x01  # separates two texts in a batch; normalised text never holds it
_BASE = np.uint64(1_000_003)  # multiplier of the rolling hash
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of h * _MIX are well spread
_BIGRAM = np.uint64(0xC2B2AE3D27D4EB4F)
_CHUNK = 20_000  # texts hashed per batch: bounds the memory of the position arrays


def normalise(text: str) -> str:
    """Lower case, accents removed, every run of non-alphanumeric characters made one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", plain).strip()


@dataclass(frozen=True, slots=True)
class TextAnalyzer:
    """How a text becomes features: which word and character n-grams, hashed into 2**hash_bits buckets each."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)
    hash_bits: int = 20

    def __post_init__(self) -> None:
        low, high = self.word_ngrams
        if not 1 <= low <= high <= 3:
            raise ValueError("word_ngrams must be (low, high) with 1 <= low <= high <= 3")
        if self.char_ngrams is not None:
            low, high = self.char_ngrams
            if not 1 <= low <= high <= 8:
                raise ValueError("char_ngrams must be (low, high) with 1 <= low <= high <= 8, or None")
        if not 10 <= self.hash_bits <= 24:
            raise ValueError("hash_bits must be between 10 and 24")

    @property
    def width(self) -> int:
        """The number of features: one block of buckets for words, one for characters."""
        return 2 << self.hash_bits

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """How often each feature occurs in each text: a (len(texts), width) sparse matrix of counts."""
        parts = [self._count_chunk(texts[start : start + _CHUNK]) for start in range(0, len(texts), _CHUNK)]
        if not parts:
            return sparse.csr_matrix((0, self.width), dtype=np.float32)
        return sparse.vstack(parts, format="csr") if len(parts) > 1 else parts[0]

    def _count_chunk(self, texts: Sequence[str]) -> sparse.csr_matrix:
        normalised = [normalise(text) for text in texts]
        joined = "\x01".join(f" {text} " for text in normalised)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        is_boundary = codes == _BOUNDARY
        document = np.cumsum(is_boundary) - is_boundary  # the text each position belongs to
        rows: list[IntArray] = []
        columns: list[IntArray] = []
        self._word_features(codes, document, rows, columns)
        if self.char_ngrams is not None:
            self._char_features(codes, document, rows, columns)
        row = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
        column = np.concatenate(columns) if columns else np.empty(0, dtype=np.int64)
        matrix = sparse.csr_matrix(
            (np.ones(len(row), dtype=np.float32), (row, column)), shape=(len(texts), self.width), dtype=np.float32
        )
        matrix.sum_duplicates()
        return matrix

    def _bucket(self, hashes: npt.NDArray[np.uint64], salt: int) -> IntArray:
        mixed = (hashes ^ np.uint64(salt)) * _MIX
        return (mixed >> np.uint64(64 - self.hash_bits)).astype(np.int64)

    def _word_features(
        self, codes: npt.NDArray[np.uint64], document: IntArray, rows: list[IntArray], columns: list[IntArray]
    ) -> None:
        is_word = (codes != _SPACE) & (codes != _BOUNDARY)
        before = np.concatenate(([False], is_word[:-1]))
        after = np.concatenate((is_word[1:], [False]))
        starts = np.flatnonzero(is_word & ~before)
        ends = np.flatnonzero(is_word & ~after) + 1
        if len(starts) == 0:
            return
        with np.errstate(over="ignore"):
            prefix = _prefix_hash(codes)
            powers = _powers(int((ends - starts).max()) + 1)
            word_hash = prefix[ends] - prefix[starts] * powers[ends - starts]
        word_document = document[starts]
        low, high = self.word_ngrams
        for size in range(low, high + 1):
            if size > len(word_hash):
                break
            combined = word_hash[: len(word_hash) - size + 1].copy()
            same = np.ones(len(combined), dtype=bool)
            with np.errstate(over="ignore"):
                for offset in range(1, size):
                    combined = combined * _BIGRAM + word_hash[offset : len(word_hash) - size + 1 + offset]
                    same &= word_document[offset : len(word_hash) - size + 1 + offset] == word_document[: len(same)]
            rows.append(word_document[: len(same)][same])
            columns.append(self._bucket(combined[same], salt=size))

    def _char_features(
        self, codes: npt.NDArray[np.uint64], document: IntArray, rows: list[IntArray], columns: list[IntArray]
    ) -> None:
        assert self.char_ngrams is not None
        low, high = self.char_ngrams
        is_space = (codes == _SPACE).astype(np.int64)
        is_boundary = (codes == _BOUNDARY).astype(np.int64)
        spaces = np.concatenate(([0], np.cumsum(is_space)))
        boundaries = np.concatenate(([0], np.cumsum(is_boundary)))
        hashes = np.zeros(len(codes), dtype=np.uint64)
        offset = 1 << self.hash_bits
        for size in range(1, high + 1):
            count = len(codes) - size + 1
            if count <= 0:
                break
            with np.errstate(over="ignore"):
                hashes = hashes[:count] * _BASE + codes[size - 1 : size - 1 + count]
            if size < low:
                continue
            start = np.arange(count)
            end = start + size
            no_boundary = boundaries[end] == boundaries[start]
            # Inside word boundaries: spaces only at the ends, and at least one letter or digit.
            interior = spaces[np.maximum(end - 1, start + 1)] - spaces[np.minimum(start + 1, end - 1)]
            letters = size - (spaces[end] - spaces[start])
            valid = no_boundary & (interior == 0) & (letters > 0)
            rows.append(document[start[valid]])
            columns.append(self._bucket(hashes[valid], salt=100 + size) + offset)

    def to_dict(self) -> dict[str, Any]:
        """The analyser as JSON-ready data."""
        return {
            "word_ngrams": list(self.word_ngrams),
            "char_ngrams": list(self.char_ngrams) if self.char_ngrams else None,
            "hash_bits": self.hash_bits,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextAnalyzer:
        """The analyser `to_dict` described."""
        char = data.get("char_ngrams", (2, 5))
        return cls(
            word_ngrams=_pair(data.get("word_ngrams", (1, 2)), "word_ngrams"),
            char_ngrams=_pair(char, "char_ngrams") if char is not None else None,
            hash_bits=int(data.get("hash_bits", 20)),
        )


def _pair(value: Any, name: str) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2 or not all(isinstance(v, int) for v in value):
        raise ValueError(f"{name} must be a pair of whole numbers such as [1, 2]")
    return int(value[0]), int(value[1])


def _prefix_hash(codes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """prefix[i] = hash of codes[:i] under the rolling hash, for all i at once.

    prefix[i] = sum(codes[j] * B**(i-1-j)) mod 2**64 is computed as B**(i-1) * cumsum(codes[j] * B**-j), which
    needs B's inverse modulo 2**64 (B is odd, so it has one).
    """
    count = len(codes)
    inverse = np.uint64(pow(int(_BASE), -1, 1 << 64))
    with np.errstate(over="ignore"):
        down = _powers(count + 1, inverse)
        up = _powers(count + 1)
        scaled = np.cumsum(codes * down[:count], dtype=np.uint64)
        prefix = np.zeros(count + 1, dtype=np.uint64)
        prefix[1:] = scaled * up[:count]
    return prefix


def _powers(count: int, base: np.uint64 = _BASE) -> npt.NDArray[np.uint64]:
    """base**0 ... base**(count-1) modulo 2**64, by repeated doubling (no Python loop per element)."""
    powers = np.ones(max(count, 1), dtype=np.uint64)
    step = 1
    factor = base
    with np.errstate(over="ignore"):
        while step < count:
            powers[step : 2 * step] = powers[: min(step, count - step)] * factor
            factor = factor * factor
            step *= 2
    return powers[:count]


@dataclass(slots=True)
class Projection:
    """A learned linear map from text features to a dense space: row i of `matrix` is feature `features[i]`."""

    features: IntArray
    matrix: FloatArray

    @property
    def dimensions(self) -> int:
        """The width of the dense space."""
        return int(self.matrix.shape[1])

    def apply(self, vectors: sparse.csr_matrix) -> FloatArray:
        """Project TF-IDF rows and scale each to unit length (rows with no known feature stay zero)."""
        vectors = vectors.tocoo()
        position = np.searchsorted(self.features, vectors.col)
        position = np.minimum(position, len(self.features) - 1)
        known = self.features[position] == vectors.col
        restricted = sparse.csr_matrix(
            (vectors.data[known], (vectors.row[known], position[known])),
            shape=(vectors.shape[0], len(self.features)),
            dtype=np.float32,
        )
        dense = np.asarray(restricted @ self.matrix, dtype=np.float32)
        return unit_rows(dense)


def unit_rows(matrix: FloatArray) -> FloatArray:
    """Each row divided by its length; zero rows stay zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


@dataclass(slots=True)
class TextModel:
    """A fitted text measure: the analyser, the inverse document frequencies and an optional projection.

    `mix` is the share of the learned (projected) cosine in the text similarity; the rest is the lexical
    cosine. Without a projection the similarity is lexical only. With an `encoder` (the semantic measure),
    `semantic_share` of the similarity is the cosine of sentence embeddings, the rest what is described above.
    """

    analyzer: TextAnalyzer = field(default_factory=TextAnalyzer)
    idf: FloatArray | None = None
    documents: int = 0
    projection: Projection | None = None
    mix: float = 0.0
    encoder: Encoder | None = None
    semantic_share: float = 0.0

    @classmethod
    def fit(cls, texts: Sequence[str], analyzer: TextAnalyzer | None = None) -> TextModel:
        """Inverse document frequencies from `texts` (smoothed: ln((1 + n) / (1 + df)) + 1)."""
        model = cls(analyzer=analyzer or TextAnalyzer())
        counts = model.analyzer.counts(texts)
        frequency = np.bincount(counts.indices, minlength=model.analyzer.width).astype(np.float64)
        model.documents = len(texts)
        model.idf = (np.log((1.0 + len(texts)) / (1.0 + frequency)) + 1.0).astype(np.float32)
        return model

    def vectors(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Unit-length TF-IDF rows (sublinear term frequency, 1 + ln tf); an empty text is a zero row."""
        if self.idf is None:
            raise ValueError("the text model is not fitted")
        counts = self.analyzer.counts(texts)
        weights = ((1.0 + np.log(counts.data)) * self.idf[counts.indices]).astype(np.float32)
        lengths = np.diff(counts.indptr)
        rows = np.repeat(np.arange(len(lengths)), lengths)
        norms = np.sqrt(np.bincount(rows, weights=weights.astype(np.float64) ** 2, minlength=len(lengths)))
        norms[norms == 0] = 1.0
        counts.data = (weights / norms[rows]).astype(np.float32)
        return counts

    def dense(self, vectors: sparse.csr_matrix) -> FloatArray | None:
        """The projected rows of TF-IDF `vectors`, or None when nothing was learned."""
        return self.projection.apply(vectors) if self.projection is not None else None

    def embeddings(self, texts: Sequence[str]) -> FloatArray | None:
        """The semantic embeddings of `texts`, or None without a semantic measure."""
        return self.encoder.encode(texts) if self.encoder is not None else None

    def to_dict(self) -> dict[str, Any]:
        """What the model is, without its arrays (kept in the snapshot beside it)."""
        return {
            "analyzer": self.analyzer.to_dict(),
            "documents": self.documents,
            "mix": self.mix,
            "semantic_share": self.semantic_share,
        }
