"""Background work of authority: telling people what waits for them, and escalating what waited too long.
Each task re-reads what it needs and is safe to run twice (e-mail goes out once per key)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django_tasks import task

from frontline.authority import services
from frontline.authority.models import ExceptionRequest, ExceptionStatus, Gesture, GestureStatus
from frontline.core.messaging import send_email_once


def _admins() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name="admin").exclude(email="").order_by("pk"))


@task()
def notify_approver(*, gesture_id: int) -> bool:
    """E-mail the supervisor of the agent's team that a gesture waits for their approval."""
    gesture = (
        Gesture.objects.select_related("given_by__team__supervisor__user", "case", "gesture_type")
        .filter(pk=gesture_id, status=GestureStatus.AWAITING_APPROVAL)
        .first()
    )
    team = gesture.given_by.team if gesture else None
    if gesture is None or team is None or team.supervisor is None or not team.supervisor.user.email:
        return False
    return send_email_once(
        key=f"gesture-awaits:{gesture.pk}",
        recipient=team.supervisor.user.email,
        subject=f"[Frontline] Approval needed: {gesture.gesture_type.name.lower()} of {gesture.value}",
        body=(
            f"{gesture.given_by.display_name} asks to give {gesture.gesture_type.name.lower()} of {gesture.value} "
            f"on case {gesture.case.reference} ({gesture.get_approval_reason_display().lower()}).\n"
            f"Note: {gesture.note or '-'}\nWhy not routine: {gesture.non_routine_reason or '-'}\n"
            "Answer it on the Approvals page of the desk.\n"
        ),
    )


@task()
def notify_policy_owner(*, request_id: int) -> bool:
    """E-mail a policy's owner that an agent asks for an exception, and by when to answer."""
    request = (
        ExceptionRequest.objects.select_related("policy__owner", "case", "requested_by")
        .filter(pk=request_id, status=ExceptionStatus.PENDING)
        .first()
    )
    if request is None or not request.policy.owner.email:
        return False
    return send_email_once(
        key=f"exception-requested:{request.pk}",
        recipient=request.policy.owner.email,
        subject=f"[Frontline] Exception asked to '{request.policy.title}' on {request.case.reference}",
        body=(
            f"{request.requested_by.get_full_name() or request.requested_by.get_username()} asks for an exception "
            f"to your policy '{request.policy.title}' on case {request.case.reference}.\n\n"
            f"Why: {request.reason}\n\nPlease answer by {request.due_at:%Y-%m-%d %H:%M %Z}; after that the request "
            "goes to your manager. Answer it under Exceptions on the desk.\n"
        ),
    )


@task()
def escalate_exception(*, request_id: int) -> bool:
    """Hand an overdue request to the owner's manager (the admins when there is none) and tell them; True when
    it was escalated now. Early, answered or already escalated requests are left alone."""
    request = services.escalate(request_id=request_id)
    if request is None:
        return False
    recipients = [request.escalated_to] if request.escalated_to else _admins()
    for person in recipients:
        if person.email:
            send_email_once(
                key=f"exception-escalated:{request.pk}:{person.pk}",
                recipient=person.email,
                subject=f"[Frontline] Overdue: exception to '{request.policy.title}' on {request.case.reference}",
                body=(
                    f"The owner of '{request.policy.title}' has not answered an exception request on case "
                    f"{request.case.reference} by its deadline. You can answer it now under Exceptions on the desk."
                    f"\n\nWhy it was asked: {request.reason}\n"
                ),
            )
    return True


@task()
def notify_requester(*, request_id: int) -> bool:
    """E-mail the agent who asked for an exception the answer and its reason."""
    request = (
        ExceptionRequest.objects.select_related("policy", "case", "requested_by", "decided_by")
        .filter(pk=request_id)
        .exclude(status=ExceptionStatus.PENDING)
        .first()
    )
    if request is None or not request.requested_by.email:
        return False
    return send_email_once(
        key=f"exception-decided:{request.pk}",
        recipient=request.requested_by.email,
        subject=f"[Frontline] Exception {request.status}: '{request.policy.title}' on {request.case.reference}",
        body=f"Your request was {request.status}.\n\nWhy: {request.decision_reason}\n",
    )


def sweep() -> dict[str, int]:
    """Do what deferred tasks do, for back ends that cannot defer and for anything a worker missed: escalate every
    overdue exception request not yet escalated. Returns how many of each were done now."""
    escalated = sum(1 for request_id in services.overdue_requests() if escalate_exception.call(request_id=request_id))
    return {"exceptions_escalated": escalated}
