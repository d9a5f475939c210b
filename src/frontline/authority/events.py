"""The domain events authority publishes; what they cause is written in `frontline.wiring`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GestureGiven:
    """A gesture reached the customer: at once, or on approval."""

    gesture_id: int
    case_id: int


@dataclass(frozen=True, slots=True)
class GestureAwaitsApproval:
    """A gesture over an agent's authority waits for a supervisor."""

    gesture_id: int
    case_id: int


@dataclass(frozen=True, slots=True)
class ExceptionRequested:
    """An agent asked a policy's owner for an exception; the owner must answer by `due_at`."""

    request_id: int


@dataclass(frozen=True, slots=True)
class ExceptionDecided:
    """The owner (or their manager) granted or refused an exception."""

    request_id: int


@dataclass(frozen=True, slots=True)
class FollowUpScheduled:
    """A fix was promised: remind its owner before it is due, escalate if it is late."""

    follow_up_id: int


@dataclass(frozen=True, slots=True)
class FollowUpDone:
    """A fix is done: tell the customer the way they asked."""

    follow_up_id: int
