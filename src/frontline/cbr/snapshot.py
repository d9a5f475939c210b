"""Saving an index to disk and memory-mapping it back, so that several processes share one copy of its pages.

A snapshot is a directory of plain `.npy` files and a `manifest.json` (the schema, what each column learned,
the labels, the watermark and the novelty threshold). Snapshots are written under a root directory, each in a
new version directory, and `CURRENT` names the newest complete one: it is replaced atomically once every file
of the new version is written, so a reader never sees half a snapshot. Loading maps every array read-only
(`numpy.load(mmap_mode="r")`); the little that changes in place (which rows live, precedent weights) is copied
into memory on the first change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

import numpy as np

from frontline.cbr.columns import Arrays
from frontline.cbr.index import CaseIndex
from frontline.cbr.schema import Schema
from frontline.cbr.segments import Fused, Segment

FORMAT = 1
CURRENT = "CURRENT"
KEPT_VERSIONS = 2  # older versions are deleted; a process still mapping one keeps its pages until it lets go


class SnapshotError(RuntimeError):
    """A snapshot that cannot be read."""


def _save_arrays(folder: Path, arrays: Arrays) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", np.asarray(array), allow_pickle=False)


def _load_arrays(folder: Path, mmap: bool) -> Arrays:
    if not folder.is_dir():
        return {}
    if mmap:
        return {path.name[:-4]: np.load(path, mmap_mode="r", allow_pickle=False) for path in folder.glob("*.npy")}
    return {path.name[:-4]: np.load(path, allow_pickle=False) for path in folder.glob("*.npy")}


def write(index: CaseIndex, folder: Path) -> None:
    """Write `index` into an empty directory `folder`."""
    folder.mkdir(parents=True, exist_ok=False)
    segments = []
    for number, segment in enumerate(index.segments):
        where = folder / f"segment-{number}"
        _save_arrays(
            where,
            {"ids": segment.ids, "labels": segment.labels, "precedent": segment.precedent, "alive": segment.alive},
        )
        for name, arrays in segment.columns.items():
            _save_arrays(where / "columns" / name, arrays)
        for group in ("fused", "rough"):
            fused: Fused | None = getattr(segment, group)
            if fused is not None:
                _save_arrays(where / group, fused.arrays())
        segments.append(
            {
                "path": where.name,
                "rows": len(segment),
                "fused": list(segment.fused.names) if segment.fused else None,
                "rough": list(segment.rough.names) if segment.rough else None,
            }
        )
    for name, column in index.columns.items():
        _save_arrays(folder / "shared" / name, column.shared_arrays())
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "schema": index.schema.to_dict(),
        "columns": {name: column.state() for name, column in index.columns.items()},
        "labels": index.labels,
        "watermark": index.watermark,
        "novelty_threshold": index.novelty_threshold,
        "cases": len(index),
        "segments": segments,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))


def read(folder: Path, *, mmap: bool = True) -> CaseIndex:
    """The index saved in `folder`, its arrays memory-mapped unless `mmap` is False."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise SnapshotError(f"no readable snapshot in {folder}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise SnapshotError(f"{folder} holds a snapshot of format {manifest.get('format')}; this reads {FORMAT}")
    index = CaseIndex(Schema.from_dict(manifest["schema"]))
    for name, column in index.columns.items():
        column.restore(manifest["columns"][name], _load_arrays(folder / "shared" / name, mmap))
    index.labels = list(manifest["labels"])
    index.label_codes = {label: code for code, label in enumerate(index.labels)}
    index.watermark = int(manifest["watermark"])
    index.novelty_threshold = manifest.get("novelty_threshold")
    for number, described in enumerate(manifest["segments"]):
        where = folder / described["path"]
        rows = _load_arrays(where, mmap)
        segment = Segment(
            ids=rows["ids"],
            labels=rows["labels"],
            precedent=rows["precedent"],
            alive=rows["alive"],
            columns={name: _load_arrays(where / "columns" / name, mmap) for name in index.columns},
        )
        for group in ("fused", "rough"):
            if described.get(group):
                setattr(segment, group, Fused.from_arrays(described[group], _load_arrays(where / group, mmap)))
        index.segments.append(segment)
        for row in np.flatnonzero(segment.alive).tolist():
            index.positions[int(segment.ids[row])] = (number, row)
    return index


def save(index: CaseIndex, root: Path, *, replacing: Path | None = None) -> Path | None:
    """Write `index` as the newest version under `root`, make it current, and delete old versions.

    With `replacing`, the index is an update of that version: it is made current only if that version still
    is, so an update never undoes a newer build saved meanwhile (None is returned, and nothing kept).
    """
    root.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = root / f"v-{stamp}-{os.getpid()}"
    write(index, folder)
    with _locked(root):
        if replacing is not None and current(root) != replacing:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        with tempfile.NamedTemporaryFile("w", dir=root, delete=False, prefix=".current-") as pointer:
            pointer.write(folder.name)
        os.replace(pointer.name, root / CURRENT)
        _prune(root, keep=folder.name)
    return folder


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """Hold `root`'s lock file while CURRENT changes (where the operating system has `flock`)."""
    with (root / ".lock").open("a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def current(root: Path) -> Path | None:
    """The current version directory under `root`, or None when nothing has been saved there."""
    try:
        name = (root / CURRENT).read_text().strip()
    except OSError:
        return None
    folder = root / name
    return folder if folder.is_dir() else None


def load(root: Path, *, mmap: bool = True) -> CaseIndex | None:
    """The current snapshot under `root`, or None when there is none."""
    folder = current(root)
    return read(folder, mmap=mmap) if folder is not None else None


def describe(root: Path) -> dict[str, Any] | None:
    """The current snapshot's manifest (without loading its arrays), or None."""
    folder = current(root)
    if folder is None:
        return None
    manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text())
    manifest["path"] = str(folder)
    return manifest


def _prune(root: Path, keep: str) -> None:
    versions = sorted((path for path in root.glob("v-*") if path.is_dir()), key=lambda path: path.name)
    for path in versions[:-KEPT_VERSIONS]:
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
