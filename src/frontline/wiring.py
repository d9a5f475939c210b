"""What happens after what: each domain event and the handlers it calls, written once.

Handlers run after the transaction that published the event commits (see frontline.core.events); each
one is small and hands slow work (e-mail, re-indexing) to a background task.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from frontline.assist.tasks import refresh_index
from frontline.cases.events import CaseReassigned, CaseResolved
from frontline.cases.tasks import notify_new_owner


def tell_new_owner(event: CaseReassigned) -> None:
    """Queue the e-mail that tells an agent a case is now theirs (nothing to tell when it went to nobody)."""
    if event.new_owner_id is not None:
        notify_new_owner.enqueue(case_id=event.case_id, agent_id=event.new_owner_id, assignment=event.assignment)


def retain_resolved_case(event: CaseResolved) -> None:
    """Queue the refresh of the saved similar-case index, which saves it again once enough cases have changed.
    Every process takes the resolved case into its own index from the audit log within a second anyway."""
    refresh_index.enqueue()


HANDLERS: Mapping[type, Sequence[Callable[[Any], None]]] = {
    CaseReassigned: [tell_new_owner],
    CaseResolved: [retain_resolved_case],
}
