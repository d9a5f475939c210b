"""Background work of authority: telling people what waits for them, and escalating what waited too long.
Each task re-reads what it needs and is safe to run twice (e-mail goes out once per key)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks import task

from frontline.authority import services
from frontline.authority.models import (
    ExceptionRequest,
    ExceptionStatus,
    FollowUp,
    FollowUpStatus,
    Gesture,
    GestureStatus,
    NotifyBy,
)
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
    try:
        _tell_of_escalation(request, recipients)
    except BaseException:
        services.unescalate(request_id=request.pk)  # a retry escalates and tells again
        raise
    return True


def _tell_of_escalation(request: ExceptionRequest, recipients: list[User]) -> None:
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


def _open_follow_up(follow_up_id: int) -> FollowUp | None:
    return (
        FollowUp.objects.select_related("case__customer", "owner__user", "owner__team__supervisor__user")
        .filter(pk=follow_up_id, status=FollowUpStatus.OPEN)
        .first()
    )


def _once(follow_up_id: int, field: str, send: Callable[[], object]) -> bool:
    """Claim a one-off step, do it, and give the claim back if doing it failed (so a retry does it)."""
    if not services.claim(follow_up_id, field, when=timezone.now()):
        return False
    try:
        send()
    except BaseException:
        services.unclaim(follow_up_id, field)
        raise
    return True


@task()
def remind_follow_up(*, follow_up_id: int) -> bool:
    """Remind a fix's owner that it is due soon; True when the reminder went out now (once per fix, and never
    before its time or after it is done)."""
    follow_up = _open_follow_up(follow_up_id)
    if follow_up is None or timezone.now() < services.reminder_time(follow_up) or not follow_up.owner.user.email:
        return False
    return _once(
        follow_up.pk,
        "reminder_sent_at",
        lambda: send_email_once(
            key=f"follow-up-reminder:{follow_up.pk}",
            recipient=follow_up.owner.user.email,
            subject=f"[Frontline] Due {follow_up.due_at:%a %d %b %H:%M}: {follow_up.title}",
            body=(
                f"The fix you own on case {follow_up.case.reference} is due {follow_up.due_at:%Y-%m-%d %H:%M %Z}:"
                f"\n\n{follow_up.title}\n\nClose it with its root cause and what was changed so it does not "
                "happen again; the customer is told as soon as you do.\n"
            ),
        ),
    )


@task()
def escalate_follow_up(*, follow_up_id: int) -> bool:
    """Tell the owner's supervisor (the admins when there is none) that a fix is late; once per fix."""
    follow_up = _open_follow_up(follow_up_id)
    if follow_up is None or timezone.now() < follow_up.due_at:
        return False
    team = follow_up.owner.team
    people = [team.supervisor.user] if team and team.supervisor else _admins()
    recipients = [person.email for person in people if person.email and person.pk != follow_up.owner.user_id]

    def send() -> None:
        for recipient in recipients:
            send_email_once(
                key=f"follow-up-late:{follow_up.pk}:{recipient}",
                recipient=recipient,
                subject=f"[Frontline] Late fix on {follow_up.case.reference}: {follow_up.title}",
                body=(
                    f"{follow_up.owner.display_name} owns this fix, due {follow_up.due_at:%Y-%m-%d %H:%M %Z}, and "
                    f"it is not done.\n\n{follow_up.title}\n"
                ),
            )

    return _once(follow_up.pk, "escalated_at", send)


@task()
def notify_customer_of_fix(*, follow_up_id: int) -> bool:
    """Tell the customer the fix is done, the way they asked: an e-mail to them, or a call their agent is
    asked to make. Once per fix."""
    follow_up = (
        FollowUp.objects.select_related("case__customer", "owner__user", "root_cause")
        .filter(pk=follow_up_id, status=FollowUpStatus.DONE)
        .first()
    )
    if follow_up is None:
        return False
    customer = follow_up.case.customer
    if follow_up.notify_by == NotifyBy.EMAIL and customer.email:
        recipient, subject, body = (
            customer.email,
            f"Fixed: {follow_up.title} ({follow_up.case.reference})",
            f"Dear {customer.name},\n\nWe promised to fix this for you, and it is done: {follow_up.title}.\n\n"
            f"What we changed so it does not happen again: {follow_up.prevention or follow_up.cannot_prevent_reason}"
            "\n\nThank you for your patience.\n",
        )
    elif follow_up.owner.user.email:
        recipient, subject, body = (
            follow_up.owner.user.email,
            f"[Frontline] Call {customer.name}: the fix on {follow_up.case.reference} is done",
            f"{customer.name} asked to be told by phone ({customer.phone}) when this was done: {follow_up.title}.\n",
        )
    else:
        return False
    return _once(
        follow_up.pk,
        "customer_notified_at",
        lambda: send_email_once(key=f"follow-up-done:{follow_up.pk}", recipient=recipient, subject=subject, body=body),
    )


def sweep() -> dict[str, int]:
    """Do what deferred tasks do, for back ends that cannot defer and for anything a worker missed: escalate every
    overdue exception request not yet escalated. Returns how many of each were done now."""
    escalated = sum(1 for request_id in services.overdue_requests() if escalate_exception.call(request_id=request_id))
    now = timezone.now()
    open_fixes = FollowUp.objects.filter(status=FollowUpStatus.OPEN)
    reminded = sum(
        1
        for follow_up_id in open_fixes.filter(reminder_sent_at__isnull=True, due_at__lte=now + services.REMINDER_BEFORE)
        .values_list("pk", flat=True)
        .iterator()
        if remind_follow_up.call(follow_up_id=follow_up_id)
    )
    late = sum(
        1
        for follow_up_id in open_fixes.filter(escalated_at__isnull=True, due_at__lte=now)
        .values_list("pk", flat=True)
        .iterator()
        if escalate_follow_up.call(follow_up_id=follow_up_id)
    )
    return {"exceptions_escalated": escalated, "follow_up_reminders": reminded, "follow_ups_escalated": late}
