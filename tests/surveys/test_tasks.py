"""Invitations go out at their time, once; one reminder, once, only while unanswered and unexpired."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from frontline.surveys import tasks, tokens
from frontline.surveys.models import Invitation, Response, ScoreCell, Survey


def _due_now(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(send_after=timezone.now() - dt.timedelta(minutes=1))


def test_an_invitation_is_emailed_once_with_its_signed_link_and_counted_as_sent(invitation: Invitation) -> None:
    _due_now(invitation)
    assert tasks.send_invitation.call(invitation_id=invitation.pk)
    assert not tasks.send_invitation.call(invitation_id=invitation.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert f"/s/{tokens.sign(invitation.key)}/" in message.body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert ScoreCell.objects.get(dimension="all").invited == 1


def test_an_invitation_waits_for_its_time(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(send_after=timezone.now() + dt.timedelta(hours=1))
    assert not tasks.send_invitation.call(invitation_id=invitation.pk)
    assert tasks.sweep().invitations == 0
    assert not mail.outbox


def test_an_invitation_to_a_closed_survey_is_not_sent(invitation: Invitation, survey: Survey) -> None:
    _due_now(invitation)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    assert not tasks.send_invitation.call(invitation_id=invitation.pk)
    assert not mail.outbox


def test_one_reminder_after_the_set_days_only_while_unanswered(invitation: Invitation) -> None:
    _due_now(invitation)
    tasks.send_invitation.call(invitation_id=invitation.pk)
    assert not tasks.send_reminder.call(invitation_id=invitation.pk)  # too early: 3 days
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - dt.timedelta(days=3, minutes=1))
    assert tasks.send_reminder.call(invitation_id=invitation.pk)
    assert not tasks.send_reminder.call(invitation_id=invitation.pk)
    assert tasks.sweep().reminders == 0
    assert [message.subject.startswith("Reminder") for message in mail.outbox] == [False, True]


def test_no_reminder_once_answered_or_expired(
    invite: Callable[..., Invitation], answer: Callable[..., Response]
) -> None:
    answered, expired = invite(), invite()
    for invitation in (answered, expired):
        _due_now(invitation)
        tasks.send_invitation.call(invitation_id=invitation.pk)
    Invitation.objects.update(sent_at=timezone.now() - dt.timedelta(days=4))
    answer(tokens.sign(answered.key))
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert tasks.sweep().reminders == 0
    assert len(mail.outbox) == 2


def test_a_failed_reminder_is_tried_again(invitation: Invitation, monkeypatch: pytest.MonkeyPatch) -> None:
    _due_now(invitation)
    tasks.send_invitation.call(invitation_id=invitation.pk)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - dt.timedelta(days=4))

    def broken(**kwargs: Any) -> bool:
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "send_email_once", broken)
    with pytest.raises(OSError, match="mail server down"):
        tasks.send_reminder.call(invitation_id=invitation.pk)
    monkeypatch.undo()
    assert tasks.send_reminder.call(invitation_id=invitation.pk)


def test_the_sweep_command_sends_what_is_due_and_recount_rebuilds_the_cells(invitation: Invitation) -> None:
    _due_now(invitation)
    out = StringIO()
    call_command("surveys", "sweep", stdout=out)
    assert json.loads(out.getvalue()) == {"invitations": 1, "reminders": 0}
    out = StringIO()
    call_command("surveys", "recount", stdout=out)
    assert json.loads(out.getvalue())["cells"] >= 1
    assert ScoreCell.objects.get(dimension="all").invited == 1


def test_recount_refuses_a_bad_date(db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("surveys", "recount", "--since", "yesterday")


def test_a_due_invitation_is_sent_by_the_event_handler(
    survey: Survey, contact: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from frontline.surveys import services

    with django_capture_on_commit_callbacks(execute=True):
        services.invite(actor=None, survey_id=survey.pk, method="email", contact_id=contact.pk)
    assert len(mail.outbox) == 1


def test_one_failing_invitation_does_not_stop_the_sweep(
    invite: Callable[..., Invitation], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = invite(), invite()
    for invitation in (first, second):
        _due_now(invitation)
    real = tasks.send_email_once

    def refuse_the_first(**kwargs: Any) -> bool:
        if kwargs["key"] == f"survey-invitation:{first.pk}":
            raise OSError("mailbox refused")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "send_email_once", refuse_the_first)
    assert tasks.sweep().invitations == 1
    assert Invitation.objects.get(pk=second.pk).sent_at is not None
    assert Invitation.objects.get(pk=first.pk).sent_at is None  # tried again next time
