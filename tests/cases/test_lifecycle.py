"""Every status transition, allowed and refused, through the one service that changes status."""

from __future__ import annotations

import itertools

import pytest

from frontline.cases import services
from frontline.cases.lifecycle import ALLOWED_TRANSITIONS, can_transition
from frontline.cases.models import Case, CaseStatus
from frontline.core.errors import Conflict, ValidationFailed
from frontline.core.models import AuditEntry

PAIRS = [(a, b) for a, b in itertools.product(CaseStatus, CaseStatus) if a != b]
# The shortest path from a new case to each status, through allowed transitions.
PATH_TO = {
    CaseStatus.NEW: [],
    CaseStatus.OPEN: [CaseStatus.OPEN],
    CaseStatus.WAITING_ON_CUSTOMER: [CaseStatus.WAITING_ON_CUSTOMER],
    CaseStatus.WAITING_ON_US: [CaseStatus.WAITING_ON_US],
    CaseStatus.RESOLVED: [CaseStatus.RESOLVED],
    CaseStatus.CLOSED: [CaseStatus.RESOLVED, CaseStatus.CLOSED],
}


def _case_in(status, customer) -> Case:
    case = services.open_case(actor=None, customer_id=customer.pk, subject="Lifecycle")
    for step in PATH_TO[status]:
        services.change_case_status(actor=None, case_id=case.pk, status=step, resolution="Fixed", root_cause="Cause")
    case.refresh_from_db()
    assert case.status == status
    return case


def test_the_table_names_every_status():
    assert set(ALLOWED_TRANSITIONS) == set(CaseStatus)
    assert ALLOWED_TRANSITIONS[CaseStatus.CLOSED] == frozenset()


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_each_transition_is_allowed_or_refused_as_the_table_says(customer, current, target):
    case = _case_in(current, customer)
    audit_before = AuditEntry.objects.count()
    if can_transition(current, target):
        changed = services.change_case_status(
            actor=None, case_id=case.pk, status=target, resolution="Replaced the router", root_cause="Faulty router"
        )
        assert changed.status == target
        assert AuditEntry.objects.filter(action="case.status_changed", target_id=str(case.pk)).exists()
    else:
        with pytest.raises(Conflict):
            services.change_case_status(actor=None, case_id=case.pk, status=target, resolution="x", root_cause="y")
        case.refresh_from_db()
        assert case.status == current
        assert AuditEntry.objects.count() == audit_before


def test_resolving_sets_resolved_at_and_reopening_clears_it(customer):
    case = _case_in(CaseStatus.OPEN, customer)
    resolved = services.resolve_case(actor=None, case_id=case.pk, resolution="Reset line", root_cause="Line fault")
    assert resolved.resolved_at is not None
    assert (resolved.resolution, resolved.root_cause) == ("Reset line", "Line fault")
    reopened = services.change_case_status(actor=None, case_id=case.pk, status=CaseStatus.OPEN)
    assert reopened.resolved_at is None


def test_closing_sets_closed_at(customer):
    case = _case_in(CaseStatus.CLOSED, customer)
    assert case.closed_at is not None and case.resolved_at is not None


@pytest.mark.parametrize(
    ("resolution", "root_cause", "fields"), [("", "", {"resolution", "root_cause"}), ("Done", " ", {"root_cause"})]
)
def test_resolving_needs_a_resolution_and_a_root_cause(customer, resolution, root_cause, fields):
    case = _case_in(CaseStatus.OPEN, customer)
    with pytest.raises(ValidationFailed) as failure:
        services.resolve_case(actor=None, case_id=case.pk, resolution=resolution, root_cause=root_cause)
    assert set(failure.value.fields) == fields
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_database_refuses_a_resolved_case_without_resolved_at(customer):
    from django.db import IntegrityError, transaction

    case = _case_in(CaseStatus.OPEN, customer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.RESOLVED)
