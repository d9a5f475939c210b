"""Background work of agent assist: building the similar-case index, and keeping its snapshot fresh."""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django_tasks import task

from frontline.assist import engine
from frontline.cbr import snapshot

logger = logging.getLogger(__name__)
BUILD_REQUEST_EVERY_SECONDS = 600  # a process asks again if no index has appeared (a build that failed)
_build_requested_at: float | None = None


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
    """Save the snapshot again, up to date with the audit log, once enough has changed (idempotent: a second run
    finds nothing new to save)."""
    return engine.refresh_snapshot()


def request_build() -> None:
    """Ask for the first build (the desk calls this when it finds no index): once per process, and again
    every ten minutes while no index appears."""
    global _build_requested_at
    now = time.monotonic()
    if _build_requested_at is None or now - _build_requested_at > BUILD_REQUEST_EVERY_SECONDS:
        _build_requested_at = now
        transaction.on_commit(lambda: build_index.enqueue(), robust=True)


def forget_build_request() -> None:
    """Allow `request_build` to ask again at once (between tests)."""
    global _build_requested_at
    _build_requested_at = None
