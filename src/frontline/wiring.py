"""What happens after what: each domain event and the handlers it calls, written once.

Handlers run after the transaction that published the event commits (see frontline.core.events); each
one is small and hands slow work (e-mail, re-indexing) to a background task.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from frontline.assist.tasks import refresh_index
from frontline.authority.events import (
    ExceptionDecided,
    ExceptionRequested,
    FollowUpDone,
    FollowUpScheduled,
    GestureAwaitsApproval,
)
from frontline.authority.models import ExceptionRequest, FollowUp
from frontline.authority.services import reminder_time
from frontline.authority.tasks import (
    escalate_exception,
    escalate_follow_up,
    notify_approver,
    notify_customer_of_fix,
    notify_policy_owner,
    notify_requester,
    remind_follow_up,
)
from frontline.cases.events import CaseReassigned, CaseResolved, ContactEnded
from frontline.cases.tasks import notify_new_owner
from frontline.core.scheduling import enqueue_at
from frontline.surveys.events import InvitationDue
from frontline.surveys.models import Method
from frontline.surveys.tasks import apply_case_triggers, apply_contact_triggers, send_invitation


def tell_new_owner(event: CaseReassigned) -> None:
    """Queue the e-mail that tells an agent a case is now theirs (nothing to tell when it went to nobody)."""
    if event.new_owner_id is not None:
        notify_new_owner.enqueue(case_id=event.case_id, agent_id=event.new_owner_id, assignment=event.assignment)


def retain_resolved_case(event: CaseResolved) -> None:
    """Queue the refresh of the saved similar-case index, which saves it again once enough cases have changed.
    Every process takes the resolved case into its own index from the audit log within a second anyway."""
    refresh_index.enqueue()


def ask_for_approval(event: GestureAwaitsApproval) -> None:
    """Tell the supervisor of the agent's team that a gesture waits for them."""
    notify_approver.enqueue(gesture_id=event.gesture_id)


def ask_the_owner(event: ExceptionRequested) -> None:
    """Tell the policy's owner, and escalate to their manager if the deadline passes without an answer."""
    notify_policy_owner.enqueue(request_id=event.request_id)
    due_at = ExceptionRequest.objects.filter(pk=event.request_id).values_list("due_at", flat=True).first()
    if due_at is not None:
        enqueue_at(escalate_exception, due_at, request_id=event.request_id)


def tell_the_requester(event: ExceptionDecided) -> None:
    """Tell the agent who asked what the owner answered."""
    notify_requester.enqueue(request_id=event.request_id)


def watch_the_fix(event: FollowUpScheduled) -> None:
    """Remind the fix's owner before it is due, and tell their supervisor if it is late."""
    follow_up = FollowUp.objects.filter(pk=event.follow_up_id).first()
    if follow_up is not None:
        enqueue_at(remind_follow_up, reminder_time(follow_up), follow_up_id=follow_up.pk)
        enqueue_at(escalate_follow_up, follow_up.due_at, follow_up_id=follow_up.pk)


def tell_the_customer(event: FollowUpDone) -> None:
    """The fix is done: tell the customer the way they asked."""
    notify_customer_of_fix.enqueue(follow_up_id=event.follow_up_id)


def survey_after_case(event: CaseResolved) -> None:
    """Let the survey triggers decide whether to ask the customer how the case went."""
    apply_case_triggers.enqueue(case_id=event.case_id)


def survey_after_contact(event: ContactEnded) -> None:
    """Let the survey triggers decide whether to ask the customer how the contact went."""
    apply_contact_triggers.enqueue(contact_id=event.contact_id)


def send_when_due(event: InvitationDue) -> None:
    """E-mail an invitation at its time (a phone survey waits for the phone system to start it)."""
    if event.method != Method.EMAIL:
        return
    if not enqueue_at(send_invitation, event.send_after, invitation_id=event.invitation_id):
        send_invitation.enqueue(invitation_id=event.invitation_id)  # sends now if due, else the sweep will


HANDLERS: Mapping[type, Sequence[Callable[[Any], None]]] = {
    CaseReassigned: [tell_new_owner],
    CaseResolved: [retain_resolved_case, survey_after_case],
    ContactEnded: [survey_after_contact],
    InvitationDue: [send_when_due],
    GestureAwaitsApproval: [ask_for_approval],
    ExceptionRequested: [ask_the_owner],
    ExceptionDecided: [tell_the_requester],
    FollowUpScheduled: [watch_the_fix],
    FollowUpDone: [tell_the_customer],
}
