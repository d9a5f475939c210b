"""What agent assist suggests for a case: the most similar past cases and why, a proposed resolution, what
customers with similar cases needed next, or plainly that nothing similar exists."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from frontline.assist import engine, records
from frontline.assist.models import CaseOutcome
from frontline.assist.tasks import request_build
from frontline.cases import selectors as cases
from frontline.cases.models import Case
from frontline.cbr.index import CaseIndex, Match, Method
from frontline.core.errors import ValidationFailed
from frontline.core.permissions import Actor, require_permission

SHOWN = 5
PROPOSAL_FROM = 10  # the best matches a proposed resolution is drawn from
NEXT_NEEDS_FROM = 50  # the best matches whose customers' next contacts are counted
NEXT_NEED_DAYS = 30
NOTE_AT_SHARE = 0.25  # a next need is worth a note when at least this share of similar cases had it...
NOTE_AT_COUNT = 3  # ...and at least this many
NUMBER_RANGES = {"tenure_years": (0.0, 150.0), "opened_day": (0.0, 200_000.0)}  # days: up to the year 2517
LABELS = {
    "text": "Subject and description",
    "category": "Category",
    "product": "Product",
    "channel": "Channel",
    "priority": "Priority",
    "tier": "Customer tier",
    "tenure_years": "Customer tenure",
    "opened_day": "Opened",
}


@dataclass(frozen=True, slots=True)
class Part:
    """One attribute's part in a match."""

    name: str
    label: str
    similarity: float
    weight: float
    share: float


@dataclass(frozen=True, slots=True)
class SimilarCase:
    """A past case like this one: what it was, how it was resolved, how it ended, why it matches."""

    case: Case
    score: float
    outcome: records.Outcome
    precedent: float
    parts: list[Part]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A resolution drawn from the best matches, weighted by similarity and by how well each ended."""

    root_cause: str
    resolution: str
    source: Case
    supporting: int  # matches (of PROPOSAL_FROM) with this root cause
    considered: int
    share: float  # of the weighted support of all root causes
    sources: tuple[int, ...] = ()  # the supporting cases


@dataclass(frozen=True, slots=True)
class NextNeed:
    """What customers with similar cases contacted about next, within NEXT_NEED_DAYS."""

    category: str
    count: int
    of: int

    @property
    def share(self) -> float:
        """The share of similar cases followed by this need."""
        return self.count / self.of if self.of else 0.0


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Everything the similar-cases panel shows."""

    ready: bool
    novel: bool = False
    best_score: float | None = None
    threshold: float | None = None
    matches: tuple[SimilarCase, ...] = ()
    proposal: Proposal | None = None
    next_needs: tuple[NextNeed, ...] = ()
    indexed: int = 0

    @property
    def note(self) -> NextNeed | None:
        """The next need common enough to mention to the customer now."""
        first = self.next_needs[0] if self.next_needs else None
        if first and first.count >= NOTE_AT_COUNT and first.share >= NOTE_AT_SHARE:
            return first
        return None


def for_case(*, actor: Actor, case_id: int, shown: int = SHOWN) -> Suggestions:
    """Suggestions for an existing case (it never suggests itself)."""
    case = cases.get_case(actor=actor, case_id=case_id)
    paths = records.category_paths()
    return _suggest(records.query_values(case, paths), shown=shown, exclude=(case.pk,), paths=paths)


def for_values(*, actor: Actor, values: Mapping[str, Any], shown: int = SHOWN) -> Suggestions:
    """Suggestions for a case not saved yet, described by its attribute values (see `records.FILLED`)."""
    require_permission(actor, "cases.view_case")
    return _suggest(clean_values(values), shown=shown, exclude=(), paths=records.category_paths())


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The past cases most like a case, without explanations: for other contexts to learn from."""

    ready: bool
    scores: tuple[tuple[int, float], ...] = ()  # (case id, similarity), best first, above the novelty threshold

    @property
    def case_ids(self) -> list[int]:
        """The similar cases' ids, best first."""
        return [case_id for case_id, _ in self.scores]


def neighbours_of_case(*, actor: Actor, case_id: int, k: int = PROPOSAL_FROM * 2) -> Neighbours:
    """The `k` past cases most like case `case_id` that pass the novelty threshold (none for a new problem)."""
    case = cases.get_case(actor=actor, case_id=case_id)
    query = records.query_values(case, records.category_paths())

    def search(index: CaseIndex) -> tuple[list[Match], float | None]:
        known = {name: value for name, value in query.items() if name in index.columns}
        method: Method = "two_stage" if len(index) > TWO_STAGE_FROM else "exact"
        return index.search(known, k, exclude=(case.pk,), method=method, explain=False), index.novelty_threshold

    found = engine.HOLDER.use(search)
    if found is None:
        request_build()
        return Neighbours(ready=False)
    matches, threshold = found
    return Neighbours(
        ready=True,
        scores=tuple((m.case_id, m.score) for m in matches if threshold is None or m.score >= threshold),
    )


def outcomes_of_cases(*, actor: Actor, case_ids: Sequence[int]) -> dict[int, records.Outcome]:
    """How each of these cases ended, as far as is known (first contact, satisfied, retained)."""
    require_permission(actor, "cases.view_case")
    return records.outcomes(list(case_ids))


@dataclass(frozen=True, slots=True)
class EndedCase:
    """A resolved case whose satisfaction or retention is known."""

    case_id: int
    category_id: int | None
    satisfied: bool | None
    retained: bool | None


def ended_cases(*, actor: Actor, since: dt.datetime) -> list[EndedCase]:
    """The cases resolved since `since` with a recorded outcome."""
    require_permission(actor, "cases.view_case")
    rows = (
        CaseOutcome.objects.filter(case__resolved_at__gte=since)
        .filter(Q(satisfied__isnull=False) | Q(retained__isnull=False))
        .values_list("case_id", "case__category_id", "satisfied", "retained")
    )
    return [EndedCase(*row) for row in rows.iterator()]


def clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Attribute values checked for their kind; ValidationFailed names each wrong one."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    names = records.schema().names
    for name, value in values.items():
        if name not in names:
            errors[name] = [f"Not an attribute; use {', '.join(names)}."]
        elif value is None:
            continue
        elif name in NUMBER_RANGES:
            low, high = NUMBER_RANGES[name]
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                errors[name] = ["Send a number."]
            elif not low <= value <= high:
                errors[name] = [f"Send a number from {low:g} to {high:g}."]
            else:
                clean[name] = float(value)
        elif name == "category":
            path = value.split(" › ") if isinstance(value, str) else value
            if not isinstance(path, list) or not all(isinstance(part, str) and part.strip() for part in path):
                errors[name] = ['Send the category\'s path: a list of names from the top, or "A › B".']
            else:
                clean[name] = [part.strip() for part in path]
        elif not isinstance(value, str) or not value.strip():
            errors[name] = ["Send non-empty text."]
        else:
            clean[name] = value.strip()
    if errors:
        raise ValidationFailed(errors)
    if not clean:
        raise ValidationFailed({"case": ["Describe the case: at least one attribute with a value."]})
    return clean


def _suggest(
    query: dict[str, Any], *, shown: int, exclude: Sequence[int], paths: Mapping[int, tuple[str, ...]]
) -> Suggestions:
    found = engine.HOLDER.use(lambda index: _search(index, query, shown, exclude))
    if found is None:
        request_build()
        return Suggestions(ready=False)
    matches, explained, threshold, indexed = found
    best = matches[0].score if matches else None
    if threshold is not None:  # weaker matches are not similar cases, only the least dissimilar ones
        matches = [m for m in matches if m.score >= threshold]
        explained = [m for m in explained if m.score >= threshold]
    if not matches:
        return Suggestions(ready=True, novel=True, best_score=best, threshold=threshold, indexed=indexed)
    rows = _cases([m.case_id for m in matches])
    ended = records.outcomes([m.case_id for m in matches[:shown]])
    similar = tuple(
        SimilarCase(
            case=rows[m.case_id], score=m.score, outcome=ended[m.case_id], precedent=m.precedent, parts=_parts(m)
        )
        for m in explained
        if m.case_id in rows
    )
    return Suggestions(
        ready=True,
        best_score=best,
        threshold=threshold,
        matches=similar,
        proposal=_proposal(matches[:PROPOSAL_FROM], rows),
        next_needs=tuple(_next_needs(matches, rows, paths)),
        indexed=indexed,
    )


def _search(
    index: CaseIndex, query: dict[str, Any], shown: int, exclude: Sequence[int]
) -> tuple[list[Match], list[Match], float | None, int]:
    method: Method = "two_stage" if len(index) > TWO_STAGE_FROM else "exact"
    known = {name: value for name, value in query.items() if name in index.columns}
    matches = index.search(known, max(NEXT_NEEDS_FROM, shown), exclude=exclude, method=method, explain=shown)
    return matches, matches[:shown], index.novelty_threshold, len(index)


TWO_STAGE_FROM = 200_000  # larger indexes answer the desk with the two-stage search


def _parts(match: Match) -> list[Part]:
    return [
        Part(name=name, label=LABELS.get(name, name), similarity=p.similarity, weight=p.weight, share=p.share)
        for name, p in sorted(match.explanation.items(), key=lambda item: -item[1].share)
    ]


def _cases(ids: Sequence[int]) -> dict[int, Case]:
    found: QuerySet[Case] = Case.objects.select_related("customer", "category", "product").filter(id__in=ids)
    return {case.pk: case for case in found}


def _proposal(matches: Sequence[Match], rows: Mapping[int, Case]) -> Proposal | None:
    support: Counter[str] = Counter()
    weight: dict[str, float] = {}
    best: dict[str, tuple[float, int]] = {}
    for match in matches:
        case = rows.get(match.case_id)
        if case is None or not case.resolution.strip():
            continue
        cause = case.root_cause.strip() or "(no root cause recorded)"
        value = match.score * match.precedent
        support[cause] += 1
        weight[cause] = weight.get(cause, 0.0) + value
        if cause not in best or value > best[cause][0]:
            best[cause] = (value, match.case_id)
    if not weight:
        return None
    cause = max(weight, key=lambda name: (weight[name], support[name]))
    source = rows[best[cause][1]]
    return Proposal(
        root_cause=cause,
        resolution=source.resolution,
        source=source,
        supporting=support[cause],
        considered=len(matches),
        share=weight[cause] / sum(weight.values()),
        sources=tuple(
            m.case_id
            for m in matches
            if m.case_id in rows and (rows[m.case_id].root_cause.strip() or "(no root cause recorded)") == cause
        ),
    )


def _next_needs(
    matches: Sequence[Match], rows: Mapping[int, Case], paths: Mapping[int, tuple[str, ...]]
) -> list[NextNeed]:
    """What the customers of the similar cases opened next, within NEXT_NEED_DAYS of each case."""
    similar = [rows[m.case_id] for m in matches if m.case_id in rows]
    if not similar:
        return []
    window = dt.timedelta(days=NEXT_NEED_DAYS)
    # One narrow range per similar case, each answered from the (customer, opened_at) index.
    ranges = Q()
    for case in similar:
        ranges |= Q(customer_id=case.customer_id, opened_at__gt=case.opened_at, opened_at__lte=case.opened_at + window)
    later = Case.objects.filter(ranges).order_by().values_list("customer_id", "opened_at", "id", "category_id")
    by_customer: dict[int, list[tuple[dt.datetime, int, int | None]]] = {}
    for customer_id, opened_at, case_id, category_id in later:
        by_customer.setdefault(customer_id, []).append((opened_at, case_id, category_id))
    needs: Counter[str] = Counter()
    for case in similar:
        following = sorted(
            entry
            for entry in by_customer.get(case.customer_id, [])
            if case.opened_at < entry[0] <= case.opened_at + window and entry[1] != case.pk
        )
        category = following[0][2] if following else None
        if category is not None and category in paths:
            needs[" › ".join(paths[category])] += 1
    return [NextNeed(category=name, count=count, of=len(similar)) for name, count in needs.most_common(3)]
