"""E-mail once per key: a retry after success sends nothing, a retry after failure sends again."""

from __future__ import annotations

import pytest
from django.core import mail

from frontline.core.messaging import send_email_once
from frontline.core.models import SentMessage


def test_a_key_sends_once(db):
    assert send_email_once(key="k1", recipient="a@example.com", subject="Hello", body="Body") is True
    assert send_email_once(key="k1", recipient="a@example.com", subject="Hello", body="Body") is False
    assert len(mail.outbox) == 1
    assert SentMessage.objects.get().recipient == "a@example.com"


def test_a_failed_send_leaves_no_claim_so_the_retry_sends(db, monkeypatch):
    def broken(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("frontline.core.messaging.send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        send_email_once(key="k2", recipient="a@example.com", subject="Hello", body="Body")
    assert not SentMessage.objects.exists()
    monkeypatch.undo()
    assert send_email_once(key="k2", recipient="a@example.com", subject="Hello", body="Body") is True
    assert len(mail.outbox) == 1
