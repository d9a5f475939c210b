"""Every API endpoint with a valid request for it and the roles that may call it."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

ALL_ROLES = ("agent", "supervisor", "quality", "operations", "admin")
CASE_WORKERS = ("agent", "supervisor", "admin")
ADMIN_ONLY = ("admin",)
FEEDBACK_GIVERS = ("agent", "supervisor", "admin")
OUTCOME_RECORDERS = ("supervisor", "quality", "admin")
APPROVERS = ("supervisor", "admin")
REPORT_READERS = ("supervisor", "quality", "operations", "admin")
SURVEY_RUNNERS = ("quality", "admin")
FEEDBACK_READERS = ("supervisor", "quality", "operations", "admin")
TRIGGER_READERS = ("quality", "operations", "admin")
INVITERS = ("quality", "operations", "admin")
MODERATORS = ("supervisor", "quality", "admin")
# Answering through a survey link needs no sign-in: the signed link is the credential. These operations are
# tested in tests/surveys/test_api.py instead.
PUBLIC_OPERATIONS = (
    ("get", "/surveys/answers/{token}"),
    ("post", "/surveys/answers/{token}"),
)
_counter = itertools.count(1)


@dataclass(frozen=True)
class World:
    """The ids a request may refer to."""

    branch: int
    team: int
    agent: int
    customer: int
    product: int
    category: int
    case: int
    contact: int
    budget: int = 9
    pending_gesture: int = 10
    given_gesture: int = 11
    flagged_gesture: int = 12
    policy: int = 13
    open_policy: int = 14
    exception_request: int = 15
    follow_up: int = 16
    policy_owner: int = 17  # a user id: the operations user
    survey: int = 18
    trigger: int = 19
    invitation: int = 20
    response: int = 21  # an unhappy response about `agent`'s own contact
    loop: int = 22  # the follow-up of that response
    story: int = 23  # waiting for moderation


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[World], str]
    allowed: tuple[str, ...]
    body: Callable[[World], Any] | None = None
    success: int | None = None  # the status of success, when not the method's usual one
    writes: bool = True  # whether a successful call (other than a GET) writes

    def expected_status(self) -> int:
        """The status a permitted call answers with."""
        if self.success is not None:
            return self.success
        return 201 if self.method == "post" else 200

    def label(self, world: World | None = None) -> str:
        sample = World(*range(1, len(fields(World)) + 1))
        return f"{self.method.upper()} {self.path(world or sample)}"


def _n() -> int:
    return next(_counter)


ENDPOINTS = [
    Endpoint("get", lambda w: "/me", ALL_ROLES),
    # people and organisation
    Endpoint("get", lambda w: "/branches", ALL_ROLES),
    Endpoint("get", lambda w: f"/branches/{w.branch}", ALL_ROLES),
    Endpoint(
        "post",
        lambda w: "/branches",
        ADMIN_ONLY,
        lambda w: {
            "name": f"Branch {_n()}",
            "city": "Halifax",
            "time_zone": "America/Halifax",
            "phone_number": "+19025550100",
        },
    ),
    Endpoint("patch", lambda w: f"/branches/{w.branch}", ADMIN_ONLY, lambda w: {"city": f"Toronto {_n()}"}),
    Endpoint("get", lambda w: "/teams", ALL_ROLES),
    Endpoint("get", lambda w: f"/teams/{w.team}", ALL_ROLES),
    Endpoint("post", lambda w: "/teams", ADMIN_ONLY, lambda w: {"name": f"Team {_n()}", "branch_id": w.branch}),
    Endpoint("patch", lambda w: f"/teams/{w.team}", ADMIN_ONLY, lambda w: {"name": f"Renamed {_n()}"}),
    Endpoint("get", lambda w: "/agents", ALL_ROLES),
    Endpoint("get", lambda w: f"/agents/{w.agent}", ALL_ROLES),
    Endpoint(
        "post",
        lambda w: "/agents",
        ADMIN_ONLY,
        lambda w: {"username": f"new{_n()}", "first_name": "New", "last_name": "Agent", "team_id": w.team},
    ),
    Endpoint("patch", lambda w: f"/agents/{w.agent}", ADMIN_ONLY, lambda w: {"extension": f"{5000 + _n()}"}),
    # customers
    Endpoint("get", lambda w: "/customers", ALL_ROLES),
    Endpoint("get", lambda w: f"/customers/{w.customer}", ALL_ROLES),
    Endpoint(
        "post", lambda w: "/customers", CASE_WORKERS, lambda w: {"account_number": f"NEW-{_n()}", "name": "New One"}
    ),
    Endpoint("patch", lambda w: f"/customers/{w.customer}", CASE_WORKERS, lambda w: {"tier": "plus"}),
    # products and categories
    Endpoint("get", lambda w: "/products", ALL_ROLES),
    Endpoint("get", lambda w: f"/products/{w.product}", ALL_ROLES),
    Endpoint("post", lambda w: "/products", ADMIN_ONLY, lambda w: {"code": f"p{_n()}", "name": f"Product {_n()}"}),
    Endpoint("patch", lambda w: f"/products/{w.product}", ADMIN_ONLY, lambda w: {"name": f"Fibre {_n()}"}),
    Endpoint("get", lambda w: "/categories", ALL_ROLES),
    Endpoint("get", lambda w: f"/categories/{w.category}", ALL_ROLES),
    Endpoint("post", lambda w: "/categories", ADMIN_ONLY, lambda w: {"name": f"Topic {_n()}", "parent_id": w.category}),
    Endpoint("patch", lambda w: f"/categories/{w.category}", ADMIN_ONLY, lambda w: {"name": f"Outages {_n()}"}),
    # cases
    Endpoint("get", lambda w: "/cases", ALL_ROLES),
    Endpoint("get", lambda w: f"/cases/{w.case}", ALL_ROLES),
    Endpoint(
        "post", lambda w: "/cases", CASE_WORKERS, lambda w: {"customer_id": w.customer, "subject": "No dial tone"}
    ),
    Endpoint("patch", lambda w: f"/cases/{w.case}", CASE_WORKERS, lambda w: {"priority": "high"}),
    Endpoint(
        "post",
        lambda w: f"/cases/{w.case}/transition",
        CASE_WORKERS,
        lambda w: {"status": "waiting_on_customer"},
        success=200,
    ),
    # The case is the `agent`'s own, which they may hand over; other agents' cases are tested in cases/.
    Endpoint("post", lambda w: f"/cases/{w.case}/assign", CASE_WORKERS, lambda w: {"owner_id": w.agent}, success=200),
    # contacts
    Endpoint("get", lambda w: "/contacts", ALL_ROLES),
    Endpoint("get", lambda w: f"/contacts/{w.contact}", ALL_ROLES),
    Endpoint(
        "post",
        lambda w: "/contacts",
        (*CASE_WORKERS, "operations"),
        lambda w: {"case_id": w.case, "channel": "phone", "notes": "Called back"},
    ),
    Endpoint("patch", lambda w: f"/contacts/{w.contact}", CASE_WORKERS, lambda w: {"notes": "Corrected"}),
    # agent assist
    Endpoint("post", lambda w: "/assist/similar", ALL_ROLES, lambda w: {"case_id": w.case}, success=200, writes=False),
    Endpoint(
        "post",
        lambda w: "/assist/feedback",
        FEEDBACK_GIVERS,
        lambda w: {"case_id": w.case, "verdict": "accepted", "proposal": "Reset the line profile."},
    ),
    Endpoint("put", lambda w: f"/assist/outcomes/{w.case}", OUTCOME_RECORDERS, lambda w: {"satisfied": True}),
    # authority: budgets and gestures
    Endpoint("get", lambda w: "/authority/gesture-types", ALL_ROLES),
    Endpoint("get", lambda w: "/authority/budgets/me", CASE_WORKERS),
    Endpoint("get", lambda w: f"/authority/agents/{w.agent}/budget", APPROVERS),
    Endpoint("get", lambda w: "/authority/budgets", CASE_WORKERS),
    Endpoint("get", lambda w: f"/authority/budgets/{w.budget}/ledger", CASE_WORKERS),
    Endpoint(
        "post",
        lambda w: f"/authority/agents/{w.agent}/budget/top-ups",
        APPROVERS,
        lambda w: {"amount": "25.00", "reason": "Outage week"},
    ),
    Endpoint(
        "post",
        lambda w: "/authority/gestures",
        CASE_WORKERS,
        lambda w: {"case_id": w.case, "gesture_type": "fee_waiver", "non_routine_reason": "Outage"},
    ),
    Endpoint("get", lambda w: "/authority/gestures", CASE_WORKERS),
    Endpoint("get", lambda w: "/authority/gestures/review-queue", APPROVERS),
    Endpoint("get", lambda w: f"/authority/gestures/{w.given_gesture}", (*CASE_WORKERS, "quality")),
    Endpoint(
        "post",
        lambda w: f"/authority/gestures/{w.pending_gesture}/decision",
        APPROVERS,
        lambda w: {"approve": True},
        success=200,
    ),
    Endpoint(
        "post",
        lambda w: f"/authority/gestures/{w.flagged_gesture}/review",
        APPROVERS,
        lambda w: {"note": "Fine"},
        success=200,
    ),
    Endpoint(
        "post",
        lambda w: f"/authority/gestures/{w.given_gesture}/reversal",
        APPROVERS,
        lambda w: {"reason": "Wrong account"},
        success=200,
    ),
    # authority: policies and exception requests (the policies are owned by the operations user)
    Endpoint("get", lambda w: "/authority/policies", ALL_ROLES),
    Endpoint(
        "post",
        lambda w: "/authority/policies",
        ADMIN_ONLY,
        lambda w: {
            "title": f"Policy {_n()}",
            "statement": "Refunds within 30 days.",
            "reason": "Chargebacks cost more after that.",
            "constraint_class": "profit_protection",
            "owner_id": w.policy_owner,
            "review_on": "2027-06-01",
        },
    ),
    Endpoint("get", lambda w: f"/authority/policies/{w.policy}", ALL_ROLES),
    Endpoint("patch", lambda w: f"/authority/policies/{w.policy}", ADMIN_ONLY, lambda w: {"review_on": "2027-09-01"}),
    Endpoint("get", lambda w: f"/authority/cases/{w.case}/policies", ALL_ROLES),
    Endpoint(
        "post",
        lambda w: "/authority/exception-requests",
        CASE_WORKERS,
        lambda w: {"policy_id": w.open_policy, "case_id": w.case, "reason": "Loyal customer"},
    ),
    Endpoint("get", lambda w: "/authority/exception-requests", ALL_ROLES),
    Endpoint("get", lambda w: f"/authority/exception-requests/{w.exception_request}", ("agent", "operations", "admin")),
    Endpoint(
        "post",
        lambda w: f"/authority/exception-requests/{w.exception_request}/decision",
        ("operations", "admin"),
        lambda w: {"grant": True, "reason": "Outage week"},
        success=200,
    ),
    Endpoint("get", lambda w: "/authority/reports/policies", REPORT_READERS),
    # authority: follow-up fixes and root causes
    Endpoint("get", lambda w: "/authority/root-causes", ALL_ROLES),
    Endpoint("post", lambda w: "/authority/root-causes", APPROVERS, lambda w: {"name": f"Cause {_n()}"}),
    Endpoint("get", lambda w: "/authority/follow-ups", ALL_ROLES),
    Endpoint(
        "post",
        lambda w: "/authority/follow-ups",
        CASE_WORKERS,
        lambda w: {
            "case_id": w.case,
            "title": "Replace the card",
            "owner_id": w.agent,
            "due_at": "2099-01-01T09:00:00Z",
        },
    ),
    Endpoint("get", lambda w: f"/authority/follow-ups/{w.follow_up}", ALL_ROLES),
    Endpoint(
        "post",
        lambda w: f"/authority/follow-ups/{w.follow_up}/completion",
        CASE_WORKERS,
        lambda w: {"new_root_cause": "Faulty card", "prevention": "Cards tested monthly"},
        success=200,
    ),
    Endpoint("get", lambda w: "/authority/reports/root-causes", REPORT_READERS),
    # authority: the small step now and the reports on gestures
    Endpoint("get", lambda w: f"/authority/cases/{w.case}/immediate-step", (*CASE_WORKERS, "quality")),
    Endpoint("get", lambda w: "/authority/reports/budgets", CASE_WORKERS),
    Endpoint("get", lambda w: "/authority/reports/gestures-and-outcomes", REPORT_READERS),
    # surveys: definitions, triggers and invitations
    Endpoint("get", lambda w: "/surveys", ALL_ROLES),
    Endpoint(
        "post",
        lambda w: "/surveys",
        SURVEY_RUNNERS,
        lambda w: {
            "code": f"survey-{_n()}",
            "name": "After the call",
            "questions": [{"key": "recommend", "kind": "nps", "text": "Would you recommend us?"}],
        },
    ),
    Endpoint("get", lambda w: f"/surveys/{w.survey}", ALL_ROLES),
    Endpoint("patch", lambda w: f"/surveys/{w.survey}", SURVEY_RUNNERS, lambda w: {"name": f"Renamed {_n()}"}),
    Endpoint("post", lambda w: f"/surveys/{w.survey}/close", SURVEY_RUNNERS, lambda w: {}, success=200),
    Endpoint(
        "put",
        lambda w: f"/surveys/{w.survey}/questions",
        SURVEY_RUNNERS,
        lambda w: {"questions": [{"key": f"q{_n()}", "kind": "csat", "text": "How satisfied are you?"}]},
    ),
    Endpoint("get", lambda w: f"/surveys/{w.survey}/versions", ALL_ROLES),
    Endpoint("get", lambda w: f"/surveys/{w.survey}/triggers", TRIGGER_READERS),
    Endpoint(
        "post",
        lambda w: f"/surveys/{w.survey}/triggers",
        SURVEY_RUNNERS,
        lambda w: {"event": "case_resolved", "queue": f"queue-{_n()}", "sampling_percent": "25.00"},
    ),
    Endpoint(
        "patch", lambda w: f"/surveys/triggers/{w.trigger}", SURVEY_RUNNERS, lambda w: {"delay_minutes": 100 + _n()}
    ),
    Endpoint("get", lambda w: "/surveys/invitations", INVITERS),
    Endpoint(
        "post",
        lambda w: "/surveys/invitations",
        INVITERS,
        lambda w: {"survey_id": w.survey, "method": "email", "contact_id": w.contact},
    ),
    Endpoint("get", lambda w: f"/surveys/invitations/{w.invitation}", INVITERS),
    # surveys: responses and scores (an agent reads those about themselves, so every role gets an answer)
    Endpoint("get", lambda w: "/surveys/responses", ALL_ROLES),
    Endpoint("get", lambda w: f"/surveys/responses.csv?survey_id={w.survey}", ALL_ROLES),
    Endpoint("get", lambda w: f"/surveys/responses/{w.response}", ALL_ROLES),
    Endpoint("get", lambda w: "/surveys/scores", ALL_ROLES),
    # surveys: following up unhappy customers, and the stories of the rant-or-rave page
    Endpoint("get", lambda w: "/surveys/loop-report", FEEDBACK_READERS),
    Endpoint(
        "post",
        lambda w: f"/surveys/loops/{w.loop}/recovery",
        MODERATORS,
        lambda w: {"note": "Renewed for two years"},
        success=200,
    ),
    Endpoint("get", lambda w: "/surveys/stories", FEEDBACK_READERS),
    Endpoint(
        "post",
        lambda w: f"/surveys/stories/{w.story}/moderation",
        MODERATORS,
        lambda w: {"status": "approved", "note": "Kind words"},
        success=200,
    ),
]
