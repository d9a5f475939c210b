"""Sending e-mail exactly once per key, through Django's configured mail backend."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from frontline.core.models import SentMessage


def send_email_once(*, key: str, recipient: str, subject: str, body: str) -> bool:
    """Send an e-mail unless one with `key` was sent already; True when it was sent now.

    The key is stored in the same transaction as the send, so a failed send leaves no key and a retry
    sends again, while a retry after success finds the key and sends nothing.
    """
    with transaction.atomic():
        if SentMessage.objects.select_for_update().filter(key=key).exists():
            return False
        SentMessage.objects.create(key=key, recipient=recipient, subject=subject[:250])
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient],
        )
    return True
