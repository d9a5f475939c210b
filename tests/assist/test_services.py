"""Feedback on suggestions and late outcomes: who may write them, what they must say, and the audit trail."""

from __future__ import annotations

import pytest

from frontline.assist import services
from frontline.assist.models import CaseOutcome, SuggestionFeedback
from frontline.cases.models import Case
from frontline.core.errors import NotFound, PermissionDenied, ValidationFailed
from frontline.core.models import AuditEntry
from tests.conftest import Organisation


def test_an_agent_accepts_edits_or_rejects_a_proposal(org: Organisation, case: Case) -> None:
    agent = org.user("agent")

    accepted = services.record_feedback(actor=agent, case_id=case.pk, verdict="accepted", proposal="Reset it.")
    edited = services.record_feedback(
        actor=agent,
        case_id=case.pk,
        verdict="edited",
        proposal="Reset it.",
        text="Reset it twice.",
        source_case_ids=[3],
    )
    rejected = services.record_feedback(
        actor=agent, case_id=case.pk, verdict="rejected", proposal="Reset it.", reason="Router is new."
    )

    assert (accepted.text, edited.text, rejected.text) == ("Reset it.", "Reset it twice.", "")
    assert (edited.source_case_ids, rejected.reason) == ([3], "Router is new.")
    entries = AuditEntry.objects.filter(action="suggestion_feedback.recorded").order_by("id")
    assert [e.changes["verdict"][1] for e in entries] == ["accepted", "edited", "rejected"]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"verdict": "maybe", "proposal": "x"}, "verdict"),
        ({"verdict": "accepted", "proposal": "  "}, "proposal"),
        ({"verdict": "edited", "proposal": "x", "text": ""}, "text"),
        ({"verdict": "rejected", "proposal": "x", "reason": ""}, "reason"),
        ({"verdict": "rejected", "proposal": "x", "reason": "r" * 501}, "reason"),
        ({"verdict": "accepted", "proposal": "x", "source_case_ids": list(range(51))}, "source_case_ids"),
    ],
)
def test_incomplete_feedback_is_refused_by_field_and_nothing_is_written(
    org: Organisation, case: Case, arguments: dict, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.record_feedback(actor=org.user("agent"), case_id=case.pk, **arguments)

    assert field in refused.value.fields
    assert SuggestionFeedback.objects.count() == 0


def test_only_people_who_work_cases_give_feedback(org: Organisation, case: Case) -> None:
    for role in ("quality", "operations"):
        with pytest.raises(PermissionDenied):
            services.record_feedback(actor=org.user(role), case_id=case.pk, verdict="accepted", proposal="x")
    with pytest.raises(NotFound):
        services.record_feedback(actor=org.user("agent"), case_id=999_999, verdict="accepted", proposal="x")
    assert SuggestionFeedback.objects.count() == 0


def test_an_outcome_is_recorded_in_parts_and_audited(org: Organisation, case: Case) -> None:
    quality = org.user("quality")

    services.record_outcome(actor=quality, case_id=case.pk, satisfied=True)
    services.record_outcome(actor=quality, case_id=case.pk, retained=False)

    outcome = CaseOutcome.objects.get(case=case)
    assert (outcome.satisfied, outcome.retained) == (True, False)
    changes = list(
        AuditEntry.objects.filter(action="case_outcome.recorded").order_by("id").values_list("changes", flat=True)
    )
    assert changes == [{"satisfied": [None, True]}, {"retained": [None, False]}]


def test_an_outcome_needs_a_value_and_the_right_role(org: Organisation, case: Case) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.record_outcome(actor=org.user("quality"), case_id=case.pk)
    assert list(refused.value.fields) == ["outcome"]
    for role in ("agent", "operations"):
        with pytest.raises(PermissionDenied):
            services.record_outcome(actor=org.user(role), case_id=case.pk, satisfied=True)
    assert not CaseOutcome.objects.exists()
