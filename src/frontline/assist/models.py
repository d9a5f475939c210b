"""What agent assist stores: how cases ended (their outcomes) and what agents said of its suggestions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CaseOutcome(models.Model):
    """How a case ended, as learned after it was resolved: was the customer satisfied, did they stay.

    Outcomes arrive late (a survey answer, a renewal or a churn) and change how much the case counts as a
    precedent for others. Whether the case was resolved on first contact is read from its contacts.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, primary_key=True, related_name="outcome")
    satisfied = models.BooleanField(null=True, blank=True, help_text="Did the customer say they were satisfied?")
    retained = models.BooleanField(null=True, blank=True, help_text="Is the customer still a customer?")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"outcome of case {self.case_id}"


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    EDITED = "edited", "Accepted with changes"
    REJECTED = "rejected", "Rejected"


class SuggestionFeedback(models.Model):
    """An agent's verdict on a suggested resolution: accepted, edited or rejected, and why. Append-only."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    proposal = models.TextField(help_text="The resolution the engine proposed.")
    text = models.TextField(blank=True, help_text="What the agent kept or wrote instead.")
    reason = models.CharField(max_length=500, blank=True)
    source_case_ids = models.JSONField(default=list, help_text="The similar cases the proposal came from.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.verdict} on case {self.case_id}"
