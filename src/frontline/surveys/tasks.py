"""Background work of surveys: applying the triggers after an event, sending invitations and their one
reminder. Each task re-reads what it needs and is safe to run twice (e-mail goes out once per key, and the
sent and reminded marks are conditional updates)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from frontline.cases.models import Case, Contact
from frontline.core.messaging import send_email_once
from frontline.core.scheduling import enqueue_at
from frontline.surveys import services, tokens
from frontline.surveys.models import Invitation, Method, TriggerEvent

logger = logging.getLogger(__name__)


def link_of(invitation: Invitation) -> str:
    """The address of the invitation's answer page."""
    path = reverse("surveys:answer", kwargs={"token": tokens.sign(invitation.key)})
    return f"{settings.FRONTLINE_PUBLIC_URL}{path}"


@task()
def apply_case_triggers(*, case_id: int) -> int:
    """Invite the customer of a resolved case where a trigger asks for it; returns the invitations made."""
    with transaction.atomic():
        case = Case.objects.filter(pk=case_id, resolved_at__isnull=False).first()
        if case is None:
            return 0
        served = services.served_by_case(case)
        return len(services.invite_after(event=TriggerEvent.CASE_RESOLVED, served=served, subject=f"case:{case_id}"))


@task()
def apply_contact_triggers(*, contact_id: int) -> int:
    """Invite the customer after an ended contact where a trigger asks for it; returns the invitations made."""
    with transaction.atomic():
        contact = Contact.objects.select_related("case").filter(pk=contact_id, ended_at__isnull=False).first()
        if contact is None:
            return 0
        served = services.served_by_contact(contact)
        made = services.invite_after(event=TriggerEvent.CONTACT_ENDED, served=served, subject=f"contact:{contact_id}")
        return len(made)


def _due(invitation_id: int) -> Invitation | None:
    now = timezone.now()
    invitation = (
        Invitation.objects.select_related("survey")
        .filter(pk=invitation_id, method=Method.EMAIL, sent_at__isnull=True, answered_at__isnull=True)
        .filter(send_after__lte=now, expires_at__gt=now)
        .first()
    )
    if invitation is None or not invitation.email or services.survey_state(invitation.survey, now) != "open":
        return None
    return invitation


@task()
def send_invitation(*, invitation_id: int) -> bool:
    """E-mail an invitation whose time has come, then count it as sent and queue its reminder."""
    invitation = _due(invitation_id)
    if invitation is None:
        return False
    survey = invitation.survey
    send_email_once(
        key=f"survey-invitation:{invitation.pk}",
        recipient=invitation.email,
        subject=f"{survey.name}: how did we do?",
        body=(
            f"{survey.introduction or 'You were in touch with us recently. Would you tell us how it went?'}\n\n"
            f"{link_of(invitation)}\n\n"
            f"It takes a minute. The link works once, until {timezone.localtime(invitation.expires_at):%Y-%m-%d}.\n"
        ),
    )
    if not services.mark_sent(invitation.pk):
        return False
    if survey.reminder_after_days is not None:
        sent = Invitation.objects.filter(pk=invitation.pk).values_list("sent_at", flat=True).first()
        if sent is not None:
            enqueue_at(send_reminder, sent + dt.timedelta(days=survey.reminder_after_days), invitation_id=invitation.pk)
    return True


@task()
def send_reminder(*, invitation_id: int) -> bool:
    """Send the one reminder of an invitation nobody has answered yet; True when it went out now."""
    invitation = services.reminder_due(invitation_id)
    if invitation is None:
        return False
    sent = send_email_once(
        key=f"survey-reminder:{invitation.pk}",
        recipient=invitation.email,
        subject=f"Reminder: {invitation.survey.name}",
        body=(
            "A few days ago we asked how your contact with us went. If you have a minute, your answers help:\n\n"
            f"{link_of(invitation)}\n\n"
            f"The link works until {timezone.localtime(invitation.expires_at):%Y-%m-%d}. "
            "This is the only reminder.\n"
        ),
    )
    services.mark_reminded(invitation.pk)
    return sent


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What a sweep sent: invitations and reminders."""

    invitations: int
    reminders: int


def _each(work: Task[..., bool], invitation_id: int) -> bool:
    """Run one invitation's task; a failure (a mail server down, a refused address) is logged and the sweep goes
    on with the others, to try that one again next time."""
    try:
        return bool(work.call(invitation_id=invitation_id))
    except Exception:
        logger.exception("Survey invitation %s: sending failed; it will be tried again.", invitation_id)
        return False


def sweep() -> SweepResult:
    """Send every invitation and reminder that is due (what deferred tasks would have done); run it every few
    minutes from cron where the task back end cannot defer."""
    now = timezone.now()
    unsent = Invitation.objects.filter(
        method=Method.EMAIL, sent_at__isnull=True, answered_at__isnull=True, send_after__lte=now, expires_at__gt=now
    ).values_list("pk", flat=True)
    invitations = sum(1 for pk in list(unsent) if _each(send_invitation, pk))
    unreminded = Invitation.objects.filter(
        method=Method.EMAIL,
        sent_at__lte=now - dt.timedelta(days=1),  # no survey reminds sooner than a day after
        answered_at__isnull=True,
        reminded_at__isnull=True,
        expires_at__gt=now,
        survey__reminder_after_days__isnull=False,
    ).values_list("pk", flat=True)
    reminders = sum(1 for pk in list(unreminded) if _each(send_reminder, pk))
    return SweepResult(invitations=invitations, reminders=reminders)
