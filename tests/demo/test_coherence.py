"""Each seeded case tells one coherent story: one problem type's text, category, product and team, and
contacts that fit the case's timeline."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from frontline.cases.models import Case, CaseStatus, Category, Contact, ContactOutcome
from frontline.demo import catalogue
from frontline.demo.catalogue_base import ProblemType

from .conftest import Seed
from .support import NOW, seeded_cases

FOLLOW_UP_NOTE = re.compile(r" Follows up case C-\d{6}\.$")


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression matching what `template` writes, whatever fills its slots."""
    parts = re.split(r"\{[a-z_0-9]+\}", template)
    return re.compile("^" + ".+?".join(re.escape(part) for part in parts) + "$", re.DOTALL)


def _matches(templates: tuple[str, ...], text: str) -> bool:
    return any(_pattern(template).match(text) for template in templates)


def _category_paths() -> dict[int, str]:
    paths = {}
    for category in Category.objects.all():
        names = [ancestor.name for ancestor in Category.objects.get_ancestors(category)] + [category.name]
        paths[category.pk] = catalogue.PATH_SEPARATOR.join(names)
    return paths


def _told_by(problem: ProblemType, case: Case, path: str) -> bool:
    """Whether `case` (subject, description, category, product, team, resolution) is of this problem type."""
    description = FOLLOW_UP_NOTE.sub("", case.description)
    team = next(team for team in catalogue.TEAMS if team.key == problem.team)
    if problem.category != path or case.product.code not in problem.products or case.team.name != team.name:
        return False
    if not (_matches(problem.subjects, case.subject) and _matches(problem.descriptions, description)):
        return False
    if not case.resolution:
        return True
    return any(
        catalogue.ROOT_CAUSES[resolution.root_cause] == case.root_cause
        and _matches((resolution.text,), case.resolution)
        for resolution in problem.resolutions
    )


def test_each_case_comes_from_one_problem_type(seed_demo: Seed) -> None:
    seed_demo(cases=400, seed=3)
    paths = _category_paths()

    # The cases a survey opened to call an unhappy customer back come from the survey, not from a problem.
    cases = seeded_cases().select_related("product", "team")
    for case in cases:
        path = paths[case.category_id]
        assert any(_told_by(problem, case, path) for problem in catalogue.PROBLEM_TYPES), case.subject
    assert len({case.subject for case in cases}) > 150


def test_done_cases_have_a_resolution_and_open_ones_do_not(seed_demo: Seed) -> None:
    seed_demo(cases=1500, seed=4)

    for case in seeded_cases():
        if case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
            assert case.resolution and case.root_cause, case.pk
            assert case.resolved_at is not None and case.opened_at <= case.resolved_at <= NOW
            assert (case.closed_at is not None) == (case.status == CaseStatus.CLOSED)
            assert case.closed_at is None or case.resolved_at <= case.closed_at <= NOW
            assert case.owner_id is not None
        else:
            assert (case.resolution, case.root_cause, case.resolved_at, case.closed_at) == ("", "", None, None)
            assert (case.owner_id is None) == (case.status == CaseStatus.NEW)
        assert case.opened_at <= case.updated_at <= NOW
        assert case.opened_at >= NOW - dt.timedelta(days=731)


def test_contacts_fit_the_case_and_the_customer(seed_demo: Seed) -> None:
    seed_demo(cases=1500, seed=5)
    contacts = defaultdict(list)
    for contact in Contact.objects.order_by("started_at", "id"):
        contacts[contact.case_id].append(contact)

    for case in seeded_cases().select_related("customer"):
        steps = contacts[case.pk]
        assert 1 <= len(steps) <= 4
        assert steps[0].started_at == case.opened_at
        assert case.opened_at.date() >= case.customer.customer_since
        for step in steps:
            assert step.ended_at is None or step.started_at <= step.ended_at <= NOW
            assert step.ended_at is None or step.handle_seconds <= (step.ended_at - step.started_at).total_seconds()
            assert bool(step.ivr_path) <= (step.channel == "phone" and step.direction == "inbound")
        assert all(step.outcome != ContactOutcome.RESOLVED for step in steps[:-1])
        if case.is_done:
            assert steps[-1].outcome == ContactOutcome.RESOLVED
            assert steps[-1].ended_at == case.resolved_at
            assert steps[-1].agent_id == case.owner_id
        else:
            assert steps[-1].outcome != ContactOutcome.RESOLVED
