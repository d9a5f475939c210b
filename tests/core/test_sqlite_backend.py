"""SQLite writers take turns through an OS file lock, released when each transaction ends."""

from __future__ import annotations

import copy
import fcntl
import os
import threading
from pathlib import Path

import pytest
from django.db import connection

from frontline.core.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite back end only")


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker):
    """These tests open their own database files beside the test database."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path: Path) -> DatabaseWrapper:
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict.update({"NAME": str(path), "TEST": {}})
    wrapper = DatabaseWrapper(settings_dict, alias=f"probe-{threading.get_ident()}")
    wrapper.ensure_connection()
    return wrapper


def _is_locked(path: Path) -> bool:
    descriptor = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)


def test_a_transaction_holds_the_lock_until_commit_or_rollback(tmp_path):
    path = tmp_path / "probe.sqlite3"
    wrapper = _wrapper(path)
    wrapper.cursor().execute("CREATE TABLE counter (n INTEGER)")
    for finish in (wrapper._commit, wrapper._rollback):
        wrapper._start_transaction_under_autocommit()
        wrapper.cursor().execute("INSERT INTO counter VALUES (1)")
        assert _is_locked(path)
        finish()
        assert not _is_locked(path)
    wrapper.close()
    assert wrapper.cursor().execute("SELECT count(*) FROM counter").fetchone() == (1,)


def test_closing_a_connection_mid_transaction_releases_the_lock(tmp_path):
    path = tmp_path / "probe.sqlite3"
    wrapper = _wrapper(path)
    wrapper._start_transaction_under_autocommit()
    assert _is_locked(path)
    wrapper._close()
    assert not _is_locked(path)


def test_concurrent_writers_all_succeed_in_turn(tmp_path):
    path = tmp_path / "probe.sqlite3"
    setup = _wrapper(path)
    setup.cursor().execute("CREATE TABLE counter (n INTEGER)")
    setup.cursor().execute("INSERT INTO counter VALUES (0)")
    setup._close()
    errors: list[BaseException] = []

    def add(times: int) -> None:
        wrapper = _wrapper(path)
        try:
            for _ in range(times):
                wrapper._start_transaction_under_autocommit()
                (value,) = wrapper.cursor().execute("SELECT n FROM counter").fetchone()
                wrapper.cursor().execute("UPDATE counter SET n = %s", [value + 1])
                wrapper._commit()
        except BaseException as exc:
            errors.append(exc)
        finally:
            wrapper._close()

    threads = [threading.Thread(target=add, args=(50,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = _wrapper(path)
    assert errors == []
    assert check.cursor().execute("SELECT n FROM counter").fetchone() == (300,)
    check._close()


def test_in_memory_databases_take_no_file_lock(db):
    assert connection.is_in_memory_db()
    assert not connection._uses_write_lock()


def test_a_writer_gives_up_after_its_timeout_instead_of_hanging(tmp_path):
    import time

    from django.db import OperationalError

    path = tmp_path / "probe.sqlite3"
    holder = _wrapper(path)
    holder._start_transaction_under_autocommit()
    waiter = _wrapper(path)
    waiter.settings_dict["OPTIONS"]["timeout"] = 0.3
    started = time.monotonic()
    with pytest.raises(OperationalError, match="database is locked"):
        waiter._start_transaction_under_autocommit()
    assert 0.3 <= time.monotonic() - started < 2
    holder._rollback()
    waiter._start_transaction_under_autocommit()  # free now
    waiter._rollback()
