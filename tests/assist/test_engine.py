"""Building the index from the database, and keeping it fresh from the audit log: resolved cases enter it,
reopened ones leave it, late outcomes change their weight as precedents, and snapshots are saved again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import transaction

from frontline.assist import engine, services
from frontline.cases import services as cases
from frontline.cases.models import Case
from frontline.cbr import snapshot
from frontline.core.models import AuditEntry
from tests.assist.casebase import Base
from tests.conftest import Organisation


def test_a_build_indexes_every_resolved_case_and_no_open_one(base: Base) -> None:
    built = engine.build()

    index = engine.current()
    assert index is not None
    resolved = sorted(c.pk for group in base.cases.values() for c in group)
    assert built.cases == len(index) == len(resolved) == 24
    assert sorted(index.positions) == resolved
    assert base.open_case.pk not in index
    assert index.watermark == engine.audit_watermark()
    assert index.label_of(base.cases["firmware"][0].pk) == "Outdated router firmware"


def test_a_build_learns_from_root_causes_when_there_are_enough(base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "MIN_LABELLED_TO_LEARN", 10)

    built = engine.build()

    assert built.learned is not None
    assert built.learned.projections["text"].dimensions == 4
    index = engine.current()
    assert index is not None
    assert index.columns["text"].model.projection is not None  # type: ignore[attr-defined]


def test_a_newly_resolved_case_enters_every_process_index_without_a_rebuild(base: Base, org: Organisation) -> None:
    engine.build()
    index = engine.current()
    assert index is not None
    version = snapshot.current(engine.snapshot_root())

    with transaction.atomic():
        cases.resolve_case(
            actor=None, case_id=base.open_case.pk, resolution="Replaced the router.", root_cause="Faulty router"
        )
    engine.HOLDER._checked = 0.0  # the next use looks at the audit log at once

    fresh = engine.current()
    assert fresh is index
    assert base.open_case.pk in fresh
    assert fresh.label_of(base.open_case.pk) == "Faulty router"
    assert snapshot.current(engine.snapshot_root()) == version  # refreshed in memory, no rebuild


def test_a_reopened_case_leaves_the_index(base: Base) -> None:
    engine.build()
    reopened = base.cases["speed"][0]

    with transaction.atomic():
        cases.change_case_status(actor=None, case_id=reopened.pk, status="open")
    engine.HOLDER._checked = 0.0

    index = engine.current()
    assert index is not None
    assert reopened.pk not in index
    assert len(index) == 23


def test_a_late_outcome_changes_the_case_weight_as_a_precedent(base: Base, org: Organisation) -> None:
    engine.build()
    target = base.cases["firmware"][0]
    index = engine.current()
    assert index is not None
    before = index.search({"text": target.subject}, 1)[0]
    assert (before.case_id, before.precedent) == (target.pk, 1.25)  # resolved on first contact

    with transaction.atomic():
        services.record_outcome(actor=org.user("quality"), case_id=target.pk, satisfied=False, retained=False)
    engine.HOLDER._checked = 0.0

    index = engine.current()
    assert index is not None
    assert index.search({"text": target.subject}, 1)[0].precedent == pytest.approx(0.25)


def test_the_refresh_task_saves_a_new_snapshot_once_enough_changed(base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    engine.build()
    first = snapshot.current(engine.snapshot_root())
    monkeypatch.setattr(engine, "SAVE_AFTER_CHANGES", 1)
    with transaction.atomic():
        cases.resolve_case(actor=None, case_id=base.open_case.pk, resolution="Replaced it.", root_cause="Faulty router")

    assert engine.refresh_snapshot() >= 1  # the resolved case, and the recent entries read again once
    second = snapshot.current(engine.snapshot_root())
    assert second != first
    saved = snapshot.load(engine.snapshot_root())
    assert saved is not None
    assert base.open_case.pk in saved
    assert saved.watermark == engine.audit_watermark()
    assert engine.refresh_snapshot() == 0  # a second run finds nothing new
    assert snapshot.current(engine.snapshot_root()) == second


def test_without_a_snapshot_there_is_no_index_and_status_says_so(base: Base) -> None:
    assert engine.current() is None
    assert engine.HOLDER.status()["ready"] is False

    engine.build()

    status = engine.HOLDER.status()
    assert status["ready"] is True
    assert status["snapshot"]["cases"] == Case.objects.filter(status="resolved").count()


def test_an_entry_that_commits_after_later_ones_is_not_skipped(base: Base) -> None:
    """On PostgreSQL a transaction can commit after others that took later audit ids; the refresh reads a
    little below its watermark for entries it has not applied yet."""
    engine.build()
    index = engine.current()
    assert index is not None
    index.watermark += 5  # as if entries up to here had been seen, while these ids were still uncommitted

    with transaction.atomic():
        cases.resolve_case(actor=None, case_id=base.open_case.pk, resolution="Replaced it.", root_cause="Router")
    assert AuditEntry.objects.filter(target_id=str(base.open_case.pk)).latest("id").id <= index.watermark
    engine.HOLDER._checked = 0.0

    refreshed = engine.current()
    assert refreshed is not None
    assert base.open_case.pk in refreshed
    assert engine.refresh(refreshed) == 0  # applied once, not again


def test_a_schema_file_may_leave_attributes_out(base: Base, settings: object, tmp_path: Path) -> None:
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(
        json.dumps({"attributes": [{"name": "text", "kind": "text"}, {"name": "category", "kind": "taxonomy"}]})
    )
    settings.ASSIST_SCHEMA_FILE = str(schema_file)  # type: ignore[attr-defined]

    engine.build()

    index = engine.current()
    assert index is not None
    assert index.schema.names == ["text", "category"]
    assert set(index.values_of(base.cases["firmware"][0].pk)) == {"text", "category"}
