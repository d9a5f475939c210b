"""Suggestions for a case: the closest past cases and why, a resolution drawn from them, what customers with
such cases needed next, and a plain "nothing similar" when the case is new."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from frontline.assist import engine, selectors, services, tasks
from frontline.cases import services as cases
from frontline.core.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from tests.assist.casebase import Base, texts_of
from tests.conftest import Organisation


@pytest.fixture
def built(base: Base) -> Base:
    engine.build()
    return base


def test_the_closest_cases_come_first_with_their_resolution_outcome_and_explanation(
    built: Base, org: Organisation
) -> None:
    found = selectors.for_case(actor=org.user("agent"), case_id=built.open_case.pk)

    assert found.ready
    assert not found.novel
    assert len(found.matches) == selectors.SHOWN
    assert all(subject.startswith("Router drops the connection") for subject in texts_of(found.matches))
    first = found.matches[0]
    assert first.case.resolution == "Updated the router firmware and reset the line profile."
    assert (first.outcome.first_contact, first.outcome.satisfied, first.outcome.retained) == (True, None, None)
    assert {part.name for part in first.parts} >= {"text", "category", "product"}
    assert sum(part.share for part in first.parts) == pytest.approx(1.0)
    assert first.parts == sorted(first.parts, key=lambda part: -part.share)
    assert built.open_case.pk not in [m.case.pk for m in found.matches]


def test_the_proposal_is_the_best_supported_root_cause_weighted_by_how_cases_ended(
    built: Base, org: Organisation
) -> None:
    found = selectors.for_case(actor=org.user("agent"), case_id=built.open_case.pk)

    assert found.proposal is not None
    assert found.proposal.root_cause == "Outdated router firmware"
    assert found.proposal.resolution == "Updated the router firmware and reset the line profile."
    assert found.proposal.supporting == 6
    assert found.proposal.considered == selectors.PROPOSAL_FROM
    assert 0.5 < found.proposal.share <= 1.0


def test_precedents_that_ended_badly_weigh_less_in_the_proposal(built: Base, org: Organisation) -> None:
    with transaction.atomic():
        for case in built.cases["firmware"]:
            services.record_outcome(actor=org.user("quality"), case_id=case.pk, satisfied=False, retained=False)
    engine.HOLDER._checked = 0.0

    found = selectors.for_case(actor=org.user("agent"), case_id=built.open_case.pk)

    assert found.proposal is not None
    assert found.proposal.root_cause == "Street cabinet fault"
    assert found.matches[0].outcome.satisfied is False


def test_customers_with_such_cases_usually_called_back_about_speed(built: Base, org: Organisation) -> None:
    found = selectors.for_case(actor=org.user("agent"), case_id=built.open_case.pk)

    assert found.next_needs
    first = found.next_needs[0]
    assert first.category == "Connectivity › Slow speeds"
    assert first.count >= 6
    assert found.note == first


def test_a_case_unlike_any_other_is_called_new(built: Base, org: Organisation, customer: object) -> None:
    index = engine.current()
    assert index is not None
    index.novelty_threshold = 0.6
    with transaction.atomic():
        strange = cases.open_case(
            actor=None, customer_id=built.customers[1].pk, subject="Parrot swallowed the remote control"
        )

    found = selectors.for_case(actor=org.user("agent"), case_id=strange.pk)

    assert found.ready
    assert found.novel
    assert found.matches == ()
    assert found.proposal is None
    assert found.best_score is not None
    assert found.best_score < 0.6


def test_an_unsaved_case_described_by_its_attributes(built: Base, org: Organisation) -> None:
    found = selectors.for_values(
        actor=org.user("agent"),
        values={"text": "bill shows roaming charges", "category": "Billing", "product": "fibre"},
    )

    assert texts_of(found.matches)[0].startswith("Bill shows a roaming charge")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"text": ""}, "text"),
        ({"text": 7}, "text"),
        ({"tenure_years": "long"}, "tenure_years"),
        ({"tenure_years": float("inf")}, "tenure_years"),
        ({"category": ["", "x"]}, "category"),
        ({}, "case"),
        ({"text": None}, "case"),
    ],
)
def test_wrong_attributes_are_refused_by_name(org: Organisation, values: dict, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        selectors.for_values(actor=org.user("agent"), values=values)
    assert list(refused.value.fields) == [field]


class RecordedTask:
    def __init__(self) -> None:
        self.enqueued = 0

    def enqueue(self) -> None:
        self.enqueued += 1


def test_without_an_index_the_panel_says_so_and_a_build_is_asked_for_once(
    base: Base, org: Organisation, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    build = RecordedTask()
    monkeypatch.setattr(tasks, "build_index", build)

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            found = selectors.for_case(actor=org.user("agent"), case_id=base.open_case.pk)
        assert not found.ready

    assert build.enqueued == 1


def test_reading_needs_the_right_to_read_cases(built: Base, org: Organisation) -> None:
    nobody = User.objects.create_user("nobody", password="x" * 12)
    with pytest.raises(NotAuthenticated):
        selectors.for_case(actor=AnonymousUser(), case_id=built.open_case.pk)
    with pytest.raises(PermissionDenied):
        selectors.for_case(actor=nobody, case_id=built.open_case.pk)
    with pytest.raises(PermissionDenied):
        selectors.for_values(actor=nobody, values={"text": "router"})
    with pytest.raises(NotFound):
        selectors.for_case(actor=org.user("agent"), case_id=999_999)


def test_matches_weaker_than_the_threshold_are_not_shown(built: Base, org: Organisation) -> None:
    everything = selectors.for_case(actor=org.user("agent"), case_id=built.open_case.pk, shown=20)
    scores = [m.score for m in everything.matches]
    index = engine.current()
    assert index is not None
    index.novelty_threshold = (scores[2] + scores[3]) / 2 if scores[2] > scores[3] else scores[2]

    found = selectors.for_case(actor=org.user("agent"), case_id=built.open_case.pk, shown=20)

    assert not found.novel
    assert [m.score for m in found.matches] == [s for s in scores if s >= index.novelty_threshold]
    assert len(found.matches) < len(everything.matches)
