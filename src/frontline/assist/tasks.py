"""Background work of agent assist: building the similar-case index, and keeping its snapshot fresh."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from frontline.assist import engine
from frontline.cbr import snapshot

logger = logging.getLogger(__name__)
_build_requested = False


@task()
def build_index(*, force: bool = False) -> int:
    """Build the index from every resolved case and save it (skipped when a snapshot exists, unless forced);
    the number of cases indexed."""
    if not force and snapshot.current(engine.snapshot_root()) is not None:
        return 0
    built = engine.build(report=logger.info)
    logger.info("Indexed %s cases in %.1f s", built.cases, built.seconds)
    return built.cases


@task()
def refresh_index() -> int:
    """Bring the saved snapshot up to date with the audit log (idempotent: a second run finds nothing new)."""
    return engine.refresh_snapshot()


def request_build() -> None:
    """Ask for the first build once per process (the desk calls this when it finds no index)."""
    global _build_requested
    if not _build_requested:
        _build_requested = True
        transaction.on_commit(lambda: build_index.enqueue(), robust=True)


def forget_build_request() -> None:
    """Allow `request_build` to ask again (after a build, or between tests)."""
    global _build_requested
    _build_requested = False
