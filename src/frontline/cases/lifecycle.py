"""The case status machine: the one place that says which status may follow which."""

from __future__ import annotations

from collections.abc import Mapping

from frontline.cases.models import CaseStatus

S = CaseStatus
ALLOWED_TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = {
    S.NEW: frozenset({S.OPEN, S.WAITING_ON_CUSTOMER, S.WAITING_ON_US, S.RESOLVED}),
    S.OPEN: frozenset({S.WAITING_ON_CUSTOMER, S.WAITING_ON_US, S.RESOLVED}),
    S.WAITING_ON_CUSTOMER: frozenset({S.OPEN, S.WAITING_ON_US, S.RESOLVED}),
    S.WAITING_ON_US: frozenset({S.OPEN, S.WAITING_ON_CUSTOMER, S.RESOLVED}),
    S.RESOLVED: frozenset({S.OPEN, S.CLOSED}),
    S.CLOSED: frozenset(),
}
OPEN_STATUSES = (S.NEW, S.OPEN, S.WAITING_ON_CUSTOMER, S.WAITING_ON_US)


def can_transition(current: str, target: str) -> bool:
    """Whether a case in `current` may move to `target`."""
    return CaseStatus(target) in ALLOWED_TRANSITIONS[CaseStatus(current)]


def next_statuses(current: str) -> list[CaseStatus]:
    """The statuses a case in `current` may move to, in the order of CaseStatus."""
    allowed = ALLOWED_TRANSITIONS[CaseStatus(current)]
    return [status for status in CaseStatus if status in allowed]
