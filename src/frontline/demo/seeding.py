"""Seeding the demo company: the organisation through the services, customers, cases and contacts in bulk.

The same (seed, now) always writes the same rows. The run is recorded by one audit entry; the bulk rows
themselves are not audited one by one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils import timezone

from frontline.cases.models import Case, Contact
from frontline.cases.search import search_index_suspended
from frontline.core import audit
from frontline.customers.models import Customer
from frontline.demo.authority import seed_authority
from frontline.demo.bulk import analyze, insert_rows, moment_encoder, next_id, reset_sequences
from frontline.demo.casework import CASE_COLUMNS, CONTACT_COLUMNS, Casework
from frontline.demo.organisation import Organisation, build_organisation
from frontline.demo.population import Population, build_population
from frontline.demo.surveys import seed_surveys

DEFAULT_SEED = 7
DEFAULT_CASES = 20_000
DAYS_OF_HISTORY = 730
BATCH_SIZE = 5000

Progress = Callable[[str, int, int], None]


class SeedingRefused(Exception):
    """The database is not one the demo company can be written into."""


@dataclass(frozen=True)
class SeedSummary:
    """What a seed run wrote and how long it took."""

    seed: int
    now: dt.datetime
    branches: int
    teams: int
    agents: int
    customers: int
    cases: int
    contacts: int
    follow_ups: int
    statuses: Mapping[str, int] = field(default_factory=dict)
    policies: int = 0
    gestures: int = 0
    survey_responses: int = 0
    survey_follow_ups: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        """The row counts by kind, for printing and for the audit entry."""
        return {
            "branches": self.branches,
            "teams": self.teams,
            "agents": self.agents,
            "customers": self.customers,
            "cases": self.cases,
            "contacts": self.contacts,
            "follow_ups": self.follow_ups,
        }


def start_of_day(moment: dt.datetime | None = None) -> dt.datetime:
    """Midnight UTC of `moment`'s day (default today): the seed's reference time."""
    moment = (moment or timezone.now()).astimezone(dt.UTC)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _ignore_progress(phase: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


def _write_cases(casework: Casework, cases: int, progress: Progress) -> None:
    written = 0
    for batch in casework.batches(cases, BATCH_SIZE):
        insert_rows(Case, CASE_COLUMNS, batch.cases)
        insert_rows(Contact, CONTACT_COLUMNS, batch.contacts)
        written += len(batch.cases)
        progress("cases", written, cases)


def _load(
    *, rng: random.Random, seed: int, cases: int, customers: int, now: dt.datetime, progress: Progress
) -> tuple[Organisation, Population, Casework]:
    """Write everything; expects the caller's transaction (a failure leaves nothing behind)."""
    organisation = build_organisation(rng=rng, seed=seed)
    first_day = now.date() - dt.timedelta(days=DAYS_OF_HISTORY)
    with search_index_suspended():
        population = build_population(
            rng=rng,
            seed=seed,
            count=customers,
            organisation=organisation,
            first_day=first_day,
            days=DAYS_OF_HISTORY,
            expected_cases=cases,
            progress=progress,
        )
        casework = Casework(
            rng=rng,
            organisation=organisation,
            population=population,
            now=now,
            days=DAYS_OF_HISTORY,
            first_case_id=next_id(Case),
            first_contact_id=next_id(Contact),
            moment=moment_encoder(),
        )
        _write_cases(casework, cases, progress)
        progress("search index", 0, 1)
    progress("search index", 1, 1)
    reset_sequences([Customer, Case, Contact])
    analyze([Customer, Case, Contact])
    return organisation, population, casework


def _authority(rng: random.Random, organisation: Organisation, now: dt.datetime, progress: Progress) -> tuple[int, int]:
    progress("policies and gestures", 0, 1)
    written = seed_authority(rng=rng, organisation=organisation, now=now)
    progress("policies and gestures", 1, 1)
    return written.policies, written.gestures


def seed_company(
    *,
    seed: int = DEFAULT_SEED,
    cases: int = DEFAULT_CASES,
    customers: int | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> SeedSummary:
    """Create the demo company with `cases` cases over the two years before `now` (default: today, midnight UTC).

    Expects a migrated database without cases, inside the caller's transaction. `customers` defaults to
    a quarter of `cases`. The same (seed, now) writes the same rows. Raises SeedingRefused when the
    database already has cases.
    """
    if cases < 1 or (customers is not None and customers < 1):
        raise ValueError("seed at least one case and one customer")
    if Case.objects.exists():
        raise SeedingRefused("The database already has cases; the demo company is seeded into an empty one.")
    customers = customers if customers is not None else max(cases // 4, 1)
    now = now or start_of_day()
    if timezone.is_naive(now):
        raise ValueError("now must be timezone-aware")
    started = time.perf_counter()
    organisation, population, casework = _load(
        rng=random.Random(seed),
        seed=seed,
        cases=cases,
        customers=customers,
        now=now,
        progress=progress or _ignore_progress,
    )
    policies, gestures = _authority(random.Random(seed + 1), organisation, now, progress or _ignore_progress)
    (progress or _ignore_progress)("surveys", 0, 1)
    surveys = seed_surveys(rng=random.Random(seed + 2), organisation=organisation, now=now)
    (progress or _ignore_progress)("surveys", 1, 1)
    summary = SeedSummary(
        seed=seed,
        now=now,
        branches=len(organisation.branches),
        teams=len(organisation.teams),
        agents=organisation.agent_count,
        customers=len(population),
        cases=cases,
        contacts=casework.contacts,
        follow_ups=casework.follow_ups,
        statuses=dict(sorted(casework.statuses.items())),
        policies=policies,
        gestures=gestures,
        survey_responses=surveys.responses,
        survey_follow_ups=surveys.follow_ups,
    )
    audit.record(
        actor=None,
        system="seed",
        action="demo.seeded",
        target=next(iter(organisation.branches.values())),
        changes=audit.creation_changes({"seed": seed, "now": now.isoformat(), **summary.counts()}),
    )
    return dataclasses.replace(summary, seconds=time.perf_counter() - started)
