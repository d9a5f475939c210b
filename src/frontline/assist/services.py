"""Writes of agent assist: what agents say of a suggestion, and outcomes that arrive after a case closed."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.utils import timezone

from frontline.assist.models import CaseOutcome, SuggestionFeedback, Verdict
from frontline.cases import selectors as cases
from frontline.core import audit
from frontline.core.errors import NotAuthenticated, ValidationFailed
from frontline.core.permissions import Actor, require_permission

MOST_SOURCES = 50


def record_feedback(
    *,
    actor: Actor,
    case_id: int,
    verdict: str,
    proposal: str,
    text: str = "",
    reason: str = "",
    source_case_ids: Sequence[int] = (),
) -> SuggestionFeedback:
    """Store an agent's verdict on a proposed resolution for a case they can read (append-only, audited)."""
    require_permission(actor, "assist.add_suggestionfeedback")
    if not isinstance(actor, User):
        raise NotAuthenticated("Sign in to judge a suggestion.")
    case = cases.get_case(actor=actor, case_id=case_id)
    errors: dict[str, list[str]] = {}
    if verdict not in Verdict.values:
        errors["verdict"] = [f"Use one of {', '.join(Verdict.values)}."]
    if not proposal.strip():
        errors["proposal"] = ["Send the resolution that was proposed."]
    if verdict == Verdict.EDITED and not text.strip():
        errors["text"] = ["Send the resolution as you changed it."]
    if verdict == Verdict.REJECTED and not reason.strip():
        errors["reason"] = ["Say briefly why the suggestion did not fit."]
    if len(reason) > 500:
        errors["reason"] = ["Keep the reason under 500 characters."]
    if len(source_case_ids) > MOST_SOURCES:
        errors["source_case_ids"] = [f"Send at most {MOST_SOURCES} case ids."]
    if errors:
        raise ValidationFailed(errors)
    feedback = SuggestionFeedback.objects.create(
        case=case,
        actor=actor,
        verdict=verdict,
        proposal=proposal.strip(),
        text=(text or (proposal if verdict == Verdict.ACCEPTED else "")).strip(),
        reason=reason.strip(),
        source_case_ids=[int(i) for i in source_case_ids],
    )
    audit.record(
        actor=actor,
        action="suggestion_feedback.recorded",
        target=feedback,
        changes=audit.creation_changes({"case_id": case.pk, "verdict": verdict}),
    )
    return feedback


def record_outcome(
    *, actor: Actor, case_id: int, satisfied: bool | None = None, retained: bool | None = None
) -> CaseOutcome:
    """Record how a case ended (a survey answer, a renewal or a churn); the case's weight as a precedent
    follows at the next refresh of the index. A value left None keeps what was recorded."""
    require_permission(actor, "assist.change_caseoutcome")
    case = cases.get_case(actor=actor, case_id=case_id)
    if satisfied is None and retained is None:
        raise ValidationFailed({"outcome": ["Send satisfied, retained or both."]})
    outcome = CaseOutcome.objects.select_for_update().filter(case=case).first()  # one writer per case at a time
    before = audit.snapshot(outcome, ("satisfied", "retained")) if outcome else {"satisfied": None, "retained": None}
    if outcome is None:
        outcome = CaseOutcome(case=case)
    if satisfied is not None:
        outcome.satisfied = satisfied
    if retained is not None:
        outcome.retained = retained
    outcome.updated_at = timezone.now()
    outcome.save()
    changes = audit.diff(before, audit.snapshot(outcome, ("satisfied", "retained")))
    audit.record(actor=actor, action="case_outcome.recorded", target=outcome, changes=changes)
    return outcome
