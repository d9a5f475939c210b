"""Django's SQLite back end, with write transactions queued on an OS file lock.

SQLite lets one writer in at a time. A writer that finds the database locked waits in SQLite's busy
handler, which polls with sleeps of 1, 2, 5, 10 ... 100 ms: under steady concurrent writes most of the time
goes to sleeping past the moment the lock came free. Here each write transaction (every `atomic` block;
`BEGIN IMMEDIATE` takes the write lock anyway) first takes an exclusive `flock` on `<database>.lock`, trying
again every millisecond or two (not every 100 ms) until the holder commits or rolls back, for at most the
connection's timeout. SQLite's own lock and busy
timeout still guard every other writer (other programs, single autocommit statements). The lock is released
when the transaction ends or the connection closes, and by the OS if the process dies. Where `fcntl` does
not exist (Windows) or the database is in memory, nothing changes.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


DEFAULT_WAIT_SECONDS = 20.0


class DatabaseWrapper(base.DatabaseWrapper):
    """SQLite, with write transactions taken in turn through an OS file lock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._write_lock_fd: int | None = None

    def _uses_write_lock(self) -> bool:
        return fcntl is not None and not self.is_in_memory_db()

    def _acquire_write_lock(self) -> None:
        if not self._uses_write_lock() or self._write_lock_fd is not None:
            return
        descriptor = os.open(f"{self.settings_dict['NAME']}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            self._wait_for_lock(descriptor)
        except BaseException:
            os.close(descriptor)
            raise
        self._write_lock_fd = descriptor

    def _wait_for_lock(self, descriptor: int) -> None:
        """Take the lock, retrying every millisecond or two, for as long as SQLite's own busy timeout.

        A writer that holds it longer (a big import) makes the others give up with "database is locked"
        rather than hang.
        """
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", DEFAULT_WAIT_SECONDS))
        pause = 0.0002
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked: another write took longer than the timeout") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.002)

    def _release_write_lock(self) -> None:
        descriptor, self._write_lock_fd = self._write_lock_fd, None
        if descriptor is not None:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)

    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._release_write_lock()
