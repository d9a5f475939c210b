"""Tables shared by every context: the append-only audit log and stored idempotent responses."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    """One write by one actor. Rows are never updated or deleted: the database refuses it by trigger."""

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text="The actor's user name, or the system job that wrote.")
    action = models.CharField(max_length=64, help_text="What was done, as context.verb: case.status_changed.")
    target_type = models.CharField(max_length=64, help_text="app_label.model of the row written.")
    target_id = models.CharField(max_length=64)
    changes = models.JSONField(default=dict, help_text="Field name to [before, after]; new rows list their values.")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "occurred_at"], name="audit_target_idx")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_type}#{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise RuntimeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("audit entries are append-only")


class IdempotencyKey(models.Model):
    """The first answer to a create request made with an Idempotency-Key, replayed on retries."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    scope = models.CharField(max_length=200, help_text="The method and route the key was used on.")
    request_fingerprint = models.CharField(max_length=64, help_text="sha256 of the request body.")
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "scope", "key"], name="idempotency_key_unique_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class TimeStampedModel(models.Model):
    """created_at and updated_at, kept by the database row's own saves."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SentMessage(models.Model):
    """A message that was sent, by its idempotency key, so a retried task never sends it twice."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=250)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.key} -> {self.recipient}"
