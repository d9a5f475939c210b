"""Work that must happen at a given time: a reminder before a deadline, an escalation after it.

The database task back end runs a task no earlier than its `run_after`. A back end that cannot defer (the
immediate one tests use) would run it at once, too early, so nothing is queued there and the periodic sweep
(`frontline authority sweep`), which does the same idempotent work for everything due, is what catches up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks.base import Task


def enqueue_at(task: Task[Any, Any], when: dt.datetime, **kwargs: Any) -> bool:
    """Queue `task` to run at `when`; False (nothing queued) when the back end cannot defer."""
    if not task.get_backend().supports_defer:
        return False
    task.using(run_after=when).enqueue(**kwargs)
    return True
