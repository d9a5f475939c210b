"""Background work of the cases context. Each task re-reads what it needs and is safe to run twice."""

from __future__ import annotations

from django_tasks import task

from frontline.accounts.models import Agent
from frontline.cases.models import Case
from frontline.core.messaging import send_email_once


@task()
def notify_new_owner(*, case_id: int, agent_id: int | None, assignment: str) -> bool:
    """E-mail an agent that a case was assigned to them; True when the e-mail went out now.

    Nothing is sent when the case has moved on to someone else since (a late run never misleads) or when
    this assignment was already announced (a retried run never repeats).
    """
    if agent_id is None:
        return False
    case = Case.objects.select_related("customer").filter(pk=case_id, owner_id=agent_id).first()
    agent = Agent.objects.select_related("user").filter(pk=agent_id, is_active=True).first()
    if case is None or agent is None or not agent.user.email:
        return False
    return send_email_once(
        key=f"case-assigned:{assignment}",
        recipient=agent.user.email,
        subject=f"[Frontline] {case.reference} is yours: {case.subject}",
        body=(
            f"Hello {agent.display_name},\n\n"
            f"Case {case.reference} for {case.customer.name} was assigned to you.\n"
            f"Subject: {case.subject}\nPriority: {case.get_priority_display()}\n"
            f"Status: {case.get_status_display()}\n"
        ),
    )
