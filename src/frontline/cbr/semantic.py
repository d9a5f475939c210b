"""An optional semantic text measure: sentence embeddings from a model on local disk.

Needs the `semantic` extra (sentence-transformers, with a CPU build of PyTorch) and a model directory, such as
all-MiniLM-L6-v2's. The model is only ever read from that directory: the Hugging Face libraries are told to
stay offline before they are imported, so nothing is downloaded at run time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

BATCH = 64


class SemanticUnavailable(RuntimeError):
    """The semantic measure was asked for but its model or its libraries are missing."""


class Encoder(Protocol):
    """Turns texts into unit-length embeddings (one row per text; an empty text is a zero row)."""

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


class SentenceEncoder:
    """A sentence-transformers model read from a local directory."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit-length embeddings of `texts`."""
        present = [i for i, text in enumerate(texts) if text.strip()]
        measure = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dimension = int(measure())
        rows = np.zeros((len(texts), dimension), dtype=np.float32)
        if present:
            found = self._model.encode(
                [texts[i] for i in present], batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
            )
            rows[present] = np.asarray(found, dtype=np.float32)
        return rows


_LOADED: dict[str, Encoder] = {}
_LOCK = threading.Lock()


def load(path: str | Path) -> Encoder:
    """The encoder of the model in directory `path` (loaded once per process)."""
    folder = Path(path).expanduser()
    key = str(folder.resolve()) if folder.exists() else str(folder)
    with _LOCK:
        if key in _LOADED:
            return _LOADED[key]
        if not (folder / "config.json").is_file():
            raise SemanticUnavailable(f"no sentence-embedding model in {folder} (a directory with config.json)")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise SemanticUnavailable(
                "the semantic measure needs the semantic extra: pip install sentence-transformers "
                "(with a CPU build of torch)"
            ) from None
        encoder = SentenceEncoder(SentenceTransformer(str(folder), device="cpu", local_files_only=True))
        _LOADED[key] = encoder
        return encoder
