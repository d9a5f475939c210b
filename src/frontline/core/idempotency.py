"""Idempotent creates: a retried POST with the same Idempotency-Key replays the first answer, writing nothing.

The key row is inserted in the same transaction as the write it guards. A concurrent retry waits on the
unique index (PostgreSQL) or on the write lock (SQLite, IMMEDIATE transactions), then finds the stored answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontline.core.errors import Conflict, ValidationFailed
from frontline.core.models import IdempotencyKey

MAX_KEY_LENGTH = 255


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """An answer to replay: its status and JSON body, and whether it is a replay."""

    status: int
    body: Any
    is_replay: bool


def fingerprint(payload: object) -> str:
    """A stable sha256 of a JSON-able request payload."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _validate_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailed.single("Idempotency-Key", f"Use 1 to {MAX_KEY_LENGTH} printable characters.")
    return key


def _replay(stored: IdempotencyKey, request_fingerprint: str) -> StoredResponse:
    if stored.request_fingerprint != request_fingerprint:
        raise Conflict("This Idempotency-Key was already used with a different request body.")
    return StoredResponse(status=stored.response_status, body=stored.response_body, is_replay=True)


def _oldest_live() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=settings.FRONTLINE_IDEMPOTENCY_TTL_HOURS)


def _live_keys(owner: User, scope: str, key: str) -> Any:
    return IdempotencyKey.objects.filter(owner=owner, scope=scope, key=key, created_at__gte=_oldest_live())


def run_once(
    *,
    owner: User,
    scope: str,
    key: str | None,
    payload: object,
    create: Callable[[], tuple[int, Any]],
) -> StoredResponse:
    """Run `create` (which returns status and JSON body) once per key; replay its answer on retries.

    Without a key `create` simply runs. Opens its own atomic block; callers must not hold one open
    across a retry.
    """
    if key is None:
        with transaction.atomic():
            status, body = create()
        return StoredResponse(status=status, body=body, is_replay=False)
    key = _validate_key(key)
    request_fingerprint = fingerprint(payload)
    existing = IdempotencyKey.objects.filter(owner=owner, scope=scope, key=key).first()
    if existing is not None and existing.created_at >= _oldest_live():
        return _replay(existing, request_fingerprint)
    try:
        with transaction.atomic():
            if existing is not None:  # expired: the key may be used afresh
                IdempotencyKey.objects.filter(pk=existing.pk).delete()
            status, body = create()
            IdempotencyKey.objects.create(
                owner=owner,
                scope=scope,
                key=key,
                request_fingerprint=request_fingerprint,
                response_status=status,
                response_body=body,
            )
    except IntegrityError:
        # A concurrent request with the same key committed first; answer as it did.
        stored = _live_keys(owner, scope, key).first()
        if stored is None:
            raise
        return _replay(stored, request_fingerprint)
    return StoredResponse(status=status, body=body, is_replay=False)
