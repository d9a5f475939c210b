"""Agent assist over HTTP: similar cases for a case or an unsaved one, feedback on suggestions, late outcomes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import model_validator

from frontline.assist import selectors, services
from frontline.assist.models import CaseOutcome, SuggestionFeedback, Verdict
from frontline.core.api_support import Id, Input, responses

router = Router(tags=["agent assist"])


class SimilarIn(Input):
    case_id: Id | None = Field(None, description="An existing case: its attributes are read from it.")
    case: dict[str, Any] | None = Field(
        None,
        description="An unsaved case's attributes: text, category (a list of names from the top), product "
        "(its code), channel, priority, tier, tenure_years, opened_day.",
        examples=[{"text": "Router drops every evening", "product": "fibre", "category": ["Internet", "Outage"]}],
    )
    k: int = Field(selectors.SHOWN, ge=1, le=selectors.NEXT_NEEDS_FROM, description="How many matches to show.")

    @model_validator(mode="after")
    def one_of_case_or_case_id(self) -> SimilarIn:
        if (self.case_id is None) == (self.case is None):
            raise ValueError("Send either case_id or case, not both and not neither.")
        return self


class PartOut(Schema):
    name: str
    label: str
    similarity: float
    weight: float
    share: float = Field(..., description="This attribute's share of the match's score.")


class OutcomeOut(Schema):
    first_contact: bool | None
    satisfied: bool | None
    retained: bool | None


class MatchOut(Schema):
    case_id: int
    reference: str
    subject: str
    score: float
    resolution: str
    root_cause: str
    resolved_at: dt.datetime | None
    outcome: OutcomeOut
    precedent: float = Field(..., description="How much the case counts as a precedent (1 is neutral).")
    explanation: list[PartOut]


class ProposalOut(Schema):
    root_cause: str
    resolution: str
    source_case_id: int
    supporting: int
    considered: int
    share: float


class NextNeedOut(Schema):
    category: str
    count: int
    of: int


class SimilarOut(Schema):
    ready: bool = Field(..., description="False while the index is being built for the first time.")
    novel: bool = Field(..., description="True when nothing similar exists: a new problem.")
    best_score: float | None
    threshold: float | None
    indexed: int
    matches: list[MatchOut]
    proposal: ProposalOut | None
    next_needs: list[NextNeedOut]
    note: NextNeedOut | None = Field(..., description="A next need common enough to cover now.")


def _similar(found: selectors.Suggestions) -> dict[str, Any]:
    proposal = found.proposal
    return {
        "ready": found.ready,
        "novel": found.novel,
        "best_score": found.best_score,
        "threshold": found.threshold,
        "indexed": found.indexed,
        "matches": [
            {
                "case_id": m.case.pk,
                "reference": m.case.reference,
                "subject": m.case.subject,
                "score": m.score,
                "resolution": m.case.resolution,
                "root_cause": m.case.root_cause,
                "resolved_at": m.case.resolved_at,
                "outcome": m.outcome,
                "precedent": m.precedent,
                "explanation": m.parts,
            }
            for m in found.matches
        ],
        "proposal": proposal and {**vars_of(proposal), "source_case_id": proposal.source.pk},
        "next_needs": list(found.next_needs),
        "note": found.note,
    }


def vars_of(proposal: selectors.Proposal) -> dict[str, Any]:
    """A proposal's plain fields."""
    return {
        "root_cause": proposal.root_cause,
        "resolution": proposal.resolution,
        "supporting": proposal.supporting,
        "considered": proposal.considered,
        "share": proposal.share,
    }


@router.post("/assist/similar", response=responses({200: SimilarOut}), summary="Find similar past cases")
def similar(request: HttpRequest, payload: SimilarIn) -> dict[str, Any]:
    if payload.case_id is not None:
        found = selectors.for_case(actor=request.user, case_id=payload.case_id, shown=payload.k)
    else:
        found = selectors.for_values(actor=request.user, values=payload.case or {}, shown=payload.k)
    return _similar(found)


class FeedbackIn(Input):
    case_id: Id
    verdict: Verdict
    proposal: str = Field(..., min_length=1, max_length=50_000)
    text: str = Field("", max_length=50_000, description="The resolution as the agent changed it (edited).")
    reason: str = Field("", max_length=500, description="Why it did not fit (rejected).")
    source_case_ids: list[Id] = Field([], max_length=50)


class FeedbackOut(Schema):
    id: int
    case_id: int
    verdict: str
    proposal: str
    text: str
    reason: str
    source_case_ids: list[int]
    created_at: dt.datetime


@router.post("/assist/feedback", response=responses({201: FeedbackOut}), summary="Accept, edit or reject a suggestion")
def feedback(request: HttpRequest, payload: FeedbackIn) -> Status[SuggestionFeedback]:
    with transaction.atomic():
        return Status(201, services.record_feedback(actor=request.user, **payload.model_dump()))


class OutcomeIn(Input):
    satisfied: bool | None = None
    retained: bool | None = None


class OutcomeRecordOut(Schema):
    case_id: int
    satisfied: bool | None
    retained: bool | None
    updated_at: dt.datetime


@router.put(
    "/assist/outcomes/{case_id}",
    response=responses({200: OutcomeRecordOut}),
    summary="Record how a case ended (satisfied, retained)",
)
def outcome(request: HttpRequest, case_id: Id, payload: OutcomeIn) -> CaseOutcome:
    with transaction.atomic():
        return services.record_outcome(actor=request.user, case_id=case_id, **payload.model_dump())
