"""Publishing domain events. Handlers run after the surrounding transaction commits, never inside it.

Which handlers an event calls is written once, in `frontline.wiring`; contexts only publish.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

Handler = Callable[[Any], None]
HANDLER_TABLE = "frontline.wiring.HANDLERS"


@functools.cache
def _handlers() -> Mapping[type, Sequence[Handler]]:
    table: Mapping[type, Sequence[Handler]] = import_string(HANDLER_TABLE)
    return table


def handlers_for(event: object) -> Sequence[Handler]:
    """The handlers the wiring table names for this event's type."""
    return _handlers().get(type(event), ())


def _bound(handler: Handler, event: object) -> Callable[[], None]:
    def run() -> None:
        handler(event)

    # Django logs a failing robust callback by its qualified name: name it after the handler.
    run.__qualname__ = f"{getattr(handler, '__qualname__', repr(handler))}({type(event).__name__})"
    return run


def publish(event: object) -> None:
    """Schedule each handler of `event` to run once the current transaction commits (now if there is none).

    A handler that raises is logged and does not stop the others (robust callbacks).
    """
    for handler in handlers_for(event):
        transaction.on_commit(_bound(handler, event), robust=True)
