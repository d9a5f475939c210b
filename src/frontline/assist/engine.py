"""The life of the similar-case index: built in full, saved as a snapshot, kept fresh from the audit log.

Every process holds the current snapshot memory-mapped (pages shared between processes). The audit log is the
index's change feed: every write to a case, a contact or an outcome is recorded there, in the same transaction,
under an increasing id. An index remembers the last id it has seen (its watermark); bringing it up to date
reads the entries after it, and indexes again (or takes out) the cases they name. A request never waits for a
build: without a snapshot, the desk says the index is being built and a task builds it.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Max

from frontline.assist import records
from frontline.cases.models import DONE_STATUSES, Case, Contact
from frontline.cbr import snapshot
from frontline.cbr.index import CaseIndex, CaseRecord
from frontline.cbr.learning import Learned, learn
from frontline.core.models import AuditEntry

logger = logging.getLogger(__name__)
Progress = Callable[[int], None]
Result = TypeVar("Result")
WATCHED = ("cases.case", "cases.contact", "assist.caseoutcome")
FRESH_FOR_SECONDS = 1.0  # a process looks for new audit entries at most this often
SAVE_AFTER_CHANGES = 1000  # a refresh saves a new snapshot once this many cases changed since the last one
MIN_LABELLED_TO_LEARN = 200
LOOKBACK = 2000  # audit ids below the watermark read again, for transactions that committed late
_APPLIED: weakref.WeakKeyDictionary[CaseIndex, set[int]] = weakref.WeakKeyDictionary()
SAMPLE_FOR_TEXT = 50_000  # cases the text models count document frequencies on
SAMPLE_SEED = 0
# Until there are enough labelled cases to calibrate it, a case scoring below this is not called similar.
UNCALIBRATED_NOVELTY_THRESHOLD = 0.35


def snapshot_root() -> Path:
    """Where the snapshots live."""
    return Path(settings.ASSIST_INDEX_DIR)


def audit_watermark() -> int:
    """The newest audit entry's id."""
    return AuditEntry.objects.aggregate(newest=Max("id"))["newest"] or 0


@dataclass(frozen=True, slots=True)
class Built:
    """What a full build did."""

    cases: int
    seconds: float
    learned: Learned | None
    path: Path


def build(*, progress: Progress | None = None, report: Callable[[str], None] | None = None) -> Built:
    """Index every resolved case from the database, learning from their root causes when there are enough,
    and save it as the current snapshot. The watermark is taken first, so nothing written meanwhile is lost.

    The cases are read twice, batch by batch, so a large case base is never held in memory at once: first for
    a random sample to learn from, then to index every case.
    """
    say = report or (lambda message: None)
    started = time.perf_counter()
    watermark = audit_watermark()
    sample = _sample(records.resolved_count(), say)
    schema = records.schema()
    labels = {case.label for case in sample if case.label is not None}
    labelled = sum(case.label is not None for case in sample)
    learned = None
    if labelled >= MIN_LABELLED_TO_LEARN and len(labels) >= 2:
        index, learned = learn(
            schema,
            sample,
            most=settings.ASSIST_LEARNING_CASES,
            report=say,
            progress=progress,
            everything=records.resolved_batches(),
        )
    else:
        say(f"{labelled} labelled cases: too few to learn from; indexing with the schema's own weights")
        index = CaseIndex(schema)
        index.fit_text(sample)
        index.load(records.resolved_batches(), progress=progress)
        index.novelty_threshold = UNCALIBRATED_NOVELTY_THRESHOLD
    index.watermark = watermark
    path = snapshot.save(index, snapshot_root())
    assert path is not None  # saved unconditionally
    HOLDER.forget()
    return Built(cases=len(index), seconds=time.perf_counter() - started, learned=learned, path=path)


def _sample(total: int, say: Callable[[str], None]) -> list[CaseRecord]:
    """A random sample of the resolved cases, large enough to learn from and to count words on."""
    size = min(total, max(round(settings.ASSIST_LEARNING_CASES * 1.25), SAMPLE_FOR_TEXT))
    wanted = set(random.Random(SAMPLE_SEED).sample(range(total), size))  # noqa: S311 - a sample, not a secret
    sample: list[CaseRecord] = []
    seen = 0
    for batch in records.resolved_batches():
        sample.extend(case for number, case in enumerate(batch, start=seen) if number in wanted)
        seen += len(batch)
    say(f"sampled {len(sample):,} of {seen:,} resolved cases to learn from")
    return sample


def refresh(index: CaseIndex) -> int:
    """Bring `index` up to date with the audit log; the number of cases indexed again or taken out.

    Entries are read from a little below the watermark too: on PostgreSQL a transaction can commit after
    others that took later ids, and its entries would otherwise be skipped. Those already applied are known.
    """
    applied = _APPLIED.setdefault(index, set())
    since = max(0, index.watermark - LOOKBACK)
    recent = AuditEntry.objects.filter(id__gt=since, target_type__in=WATCHED).order_by("id")
    fresh = [entry_id for entry_id in recent.values_list("id", flat=True) if entry_id not in applied]
    if not fresh:
        return 0
    entries = list(AuditEntry.objects.filter(id__in=fresh).order_by("id").values_list("id", "target_type", "target_id"))
    case_ids: set[int] = set()
    contact_ids = []
    for _, target_type, target_id in entries:
        if target_type == "cases.contact":
            contact_ids.append(int(target_id))
        else:
            case_ids.add(int(target_id))
    case_ids.update(Contact.objects.filter(id__in=contact_ids).values_list("case_id", flat=True))
    changed = sorted(case_ids)
    done = set(Case.objects.filter(id__in=changed, status__in=DONE_STATUSES).values_list("id", flat=True))
    index.remove([case_id for case_id in changed if case_id not in done and case_id in index])
    for batch in records.resolved_batches(ids=sorted(done)):
        index.add(batch)
    index.watermark = max(index.watermark, fresh[-1])
    applied.update(fresh)
    applied.difference_update({entry_id for entry_id in applied if entry_id <= index.watermark - LOOKBACK})
    return len(changed)


class IndexHolder:
    """The process's index: the current snapshot, loaded on first use and kept fresh from the audit log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: CaseIndex | None = None
        self._version: Path | None = None
        self._checked = 0.0

    def forget(self) -> None:
        """Drop the loaded index; the next use loads the current snapshot."""
        with self._lock:
            self._index, self._version, self._checked = None, None, 0.0

    def use(self, work: Callable[[CaseIndex], Result]) -> Result | None:
        """Run `work` on the up-to-date index, with no refresh in between; None when there is no index yet."""
        with self._lock:
            index = self._fresh()
            return None if index is None else work(index)

    def get(self) -> CaseIndex | None:
        """The up-to-date index, or None when no snapshot has been built yet."""
        with self._lock:
            return self._fresh()

    def _fresh(self) -> CaseIndex | None:
        """The index brought up to date (the caller holds the lock)."""
        now = time.monotonic()
        if self._index is not None and now - self._checked < FRESH_FOR_SECONDS:
            return self._index
        self._checked = now
        version = snapshot.current(snapshot_root())
        if version is None:
            self._index = None
            return None
        if version != self._version or self._index is None:
            self._index, self._version = snapshot.read(version), version
        refresh(self._index)
        return self._index

    def status(self) -> dict[str, Any]:
        """What the process holds, for the desk and the CLI."""
        described = snapshot.describe(snapshot_root())
        index = self._index
        return {
            "ready": described is not None,
            "snapshot": described and {key: described[key] for key in ("created_at", "cases", "watermark", "path")},
            "cases": len(index) if index is not None else None,
            "watermark": index.watermark if index is not None else None,
        }


HOLDER = IndexHolder()


def current() -> CaseIndex | None:
    """The process's up-to-date index, or None while none has been built."""
    return HOLDER.get()


def refresh_snapshot() -> int:
    """Save the snapshot again, brought up to date from the audit log, once enough has changed since it was
    saved (a task; every process keeps its own copy fresh meanwhile). The number of cases it changed."""
    version = snapshot.current(snapshot_root())
    if version is None:
        return 0
    described = snapshot.describe(snapshot_root())
    if described is None or _changed_since(int(described["watermark"])) < SAVE_AFTER_CHANGES:
        return 0
    index = snapshot.read(version)
    changed = refresh(index)
    index.merge()
    snapshot.save(index, snapshot_root(), replacing=version)  # not over a newer build saved meanwhile
    return changed


def _changed_since(watermark: int) -> int:
    return AuditEntry.objects.filter(id__gt=watermark, target_type__in=WATCHED).values("target_id").distinct().count()
