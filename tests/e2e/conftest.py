"""Browser tests: Chromium (the system's, never a downloaded one) driven by Playwright against the live server."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

# Playwright's sync API runs an event loop in the test's thread; the test still talks to the database directly.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# The triggers that keep append-only tables so, and the statement that creates each delete guard again.
DELETE_GUARDS = {
    "core_auditentry_no_delete": importlib.import_module("frontline.core.migrations.0002_audit_append_only").SQLITE[1],
    "authority_ledgerentry_no_delete": importlib.import_module(
        "frontline.authority.migrations.0003_ledger_append_only"
    ).SQLITE[1],
}


@pytest.fixture(scope="module", autouse=True)
def audit_log_may_be_emptied_between_tests(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Let the live-server tests' database flush empty the audit log and the ledger, and restore the guards afterwards.

    `transactional_db` empties every table after each test. On SQLite that is a DELETE, which the trigger keeping
    the audit log append-only refuses (PostgreSQL's TRUNCATE does not fire it). The trigger is lifted while this
    module's tests run and put back once the last flush is done.
    """
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for name in DELETE_GUARDS:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for statement in DELETE_GUARDS.values():
                    cursor.execute(statement)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for the module's tests."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
