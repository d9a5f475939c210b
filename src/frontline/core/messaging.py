"""Sending e-mail exactly once per key, through Django's configured mail backend."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from frontline.core.models import SentMessage


def send_email_once(*, key: str, recipient: str, subject: str, body: str) -> bool:
    """Send an e-mail unless one with `key` was sent already; True when it was sent now.

    The key is claimed in a short transaction of its own, the mail goes out after it (never while a
    database write lock is held), and the claim is withdrawn if sending fails, so a retry sends again.
    Must not be called inside an open transaction.
    """
    try:
        with transaction.atomic():
            claim = SentMessage.objects.create(key=key, recipient=recipient, subject=subject[:250])
    except IntegrityError:
        return False  # claimed by an earlier (or a concurrent) run
    try:
        send_mail(subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[recipient])
    except BaseException:
        SentMessage.objects.filter(pk=claim.pk).delete()
        raise
    return True
