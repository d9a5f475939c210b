"""Survey scores by agent by week over a million responses: the daily score cells against one GROUP BY.

    python benchmarks/survey_scores.py --responses 1000000 --database sqlite
    python benchmarks/survey_scores.py --responses 1000000 --database postgresql

Loads N responses (two surveys, 60 agents in 8 teams and 3 branches, 5 queues, 16 categories, 4 channels,
52 weeks) and their invitations (at --response-rate; every response answers one) into a fresh database (an
SQLite file in a temporary directory, or a throwaway PostgreSQL database that is dropped afterwards), with
COPY or one prepared INSERT per table. Then builds the daily score cells with `rollup.recount()` (timed) and
times `selectors.score_table(dimension="agent", period="week")` over the whole year, as the system (no
permission checks), on a new database connection each run (cold) and on a used one (warm); then the same
table computed the naive way, straight from the responses and invitations with one GROUP BY (agent, week)
each and the same scoring maths, alternately with ours (A/B/A/B); then `GET /api/v1/surveys/scores` through
Django's test client, signed in as an administrator. Finally checks that every agent-week tally summed from
the cells, and every score of the table, equals the one computed from the raw rows.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from common import POSTGRES_ADMIN_URL, ROOT, Database, machine_facts

FIRST_DAY = dt.date(2025, 1, 1)  # a Wednesday: the first week of the report is a partial one
DAYS = 52 * 7
BATCH = 50_000
TEAMS = ["Billing A", "Billing B", "Technical A", "Technical B", "Technical C", "Sales", "Retention", "Business"]
BRANCHES = [("Toronto", "America/Toronto"), ("Montreal", "America/Toronto"), ("Vancouver", "America/Vancouver")]
AGENTS = 60
QUEUES = (["billing", "technical", "sales", "retention", "general"], [0.3, 0.35, 0.1, 0.1, 0.15])
CATEGORY_TREE = {
    "Billing": ["Invoice", "Refund", "Payment plan", "Roaming charges"],
    "Technical": ["No signal", "Modem", "Outage", "Porting"],
    "Account": ["Move", "Cancel", "Upgrade", "Password"],
    "Devices": ["Repair", "Return", "Warranty", "Set-up"],
}
CHANNELS = (["phone", "email", "chat", "walk_in"], [0.5, 0.25, 0.2, 0.05])
# Answer distributions: the recommend scale skewed to promoters (about 60% promoters, 20% detractors), some
# questions left unanswered (None), effort asked as agreement 1-7 (7: easy), resolution yes or no.
NPS_SHARES = [0.03, 0.01, 0.02, 0.02, 0.03, 0.04, 0.05, 0.08, 0.12, 0.25, 0.35]
NPS_SHARES_UNHAPPY = [0.12, 0.05, 0.06, 0.07, 0.07, 0.08, 0.1, 0.11, 0.11, 0.11, 0.12]
NPS_MISSING = 0.04
CSAT_SHARES = [0.06, 0.07, 0.12, 0.35, 0.4]
CSAT_MISSING = 0.08
CES_SHARES = [0.03, 0.04, 0.07, 0.14, 0.24, 0.26, 0.22]
CES_MISSING = 0.3
FCR_YES = 0.72
FCR_MISSING = 0.12
FACT_COLUMNS = [
    "agent_id",
    "team_id",
    "branch_id",
    "category_id",
    "queue",
    "channel",
    "served_at",
    "served_on",
    "survey_id",
    "method",
]
RESPONSE_COLUMNS = [
    "id",
    *FACT_COLUMNS,
    "version_id",
    "invitation_id",
    "responded_at",
    "nps",
    "csat",
    "ces",
    "fcr",
    "is_unhappy",
    "has_comment",
]
INVITATION_COLUMNS = [
    "id",
    *FACT_COLUMNS,
    "key",
    "send_after",
    "expires_at",
    "sent_at",
    "answered_at",
    "created_at",
]
TALLY_SQL = """
    COUNT(*),
    SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END),
    SUM(CASE WHEN nps BETWEEN 7 AND 8 THEN 1 ELSE 0 END),
    SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END),
    SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END),
    COUNT(csat),
    COUNT(ces),
    COALESCE(SUM(ces), 0),
    COALESCE(SUM(ces * ces), 0),
    SUM(CASE WHEN fcr THEN 1 ELSE 0 END),
    COUNT(fcr)
"""
WEEK_SQL = {
    "sqlite": "date(served_on, 'weekday 0', '-6 days')",
    "postgresql": "CAST(date_trunc('week', CAST(served_on AS timestamp)) AS date)",
}


# --- the scratch database ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def scratch(kind: str, responses: int, keep: bool) -> Iterator[Database]:
    """A fresh, empty database for this run, removed afterwards unless `keep`."""
    home = Path(tempfile.mkdtemp(prefix="frontline-survey-bench-"))
    (home / "var" / "static").mkdir(parents=True)  # collected static files: none needed, but whitenoise asks
    url = None
    name = f"frontline_bench_surveys_{responses}"
    if kind == "postgresql":
        import psycopg

        url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Database(kind, home, url)
    finally:
        if not keep:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(home, ignore_errors=True)
            if kind == "postgresql":
                import psycopg

                with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_django(database: Database) -> None:
    """Point this process's Django at the scratch database (DEBUG off: no query log) and migrate it."""
    for name in [name for name in os.environ if name.startswith(("FRONTLINE_", "DJANGO_"))]:
        del os.environ[name]
    os.environ.update(database.env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "frontline.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


# --- loading ----------------------------------------------------------------------------------------------------


def organisation(rng: np.random.Generator) -> dict[str, Any]:
    """Branches, teams, agents (each with a user), categories and two surveys; what the rows refer to."""
    from django.contrib.auth.models import User

    from frontline.accounts.models import Agent, Branch, Team
    from frontline.cases.models import Category
    from frontline.surveys.models import Survey, SurveyVersion

    branches = [
        Branch.objects.create(name=name, city=name, time_zone=zone, phone_number=f"+1416555010{i}")
        for i, (name, zone) in enumerate(BRANCHES)
    ]
    teams = [Team.objects.create(name=name, branch=branches[i % len(branches)]) for i, name in enumerate(TEAMS)]
    first = ["Ana", "Ben", "Chloé", "Dev", "Emma", "Farid", "Gita", "Hugo", "Ines", "Jon", "Kemal", "Lea"]
    last = ["Martin", "Nguyen", "Okafor", "Patel", "Quinn"]
    users = User.objects.bulk_create(
        User(username=f"agent{i:02}", first_name=first[i % len(first)], last_name=last[i // len(first)])
        for i in range(AGENTS)
    )
    agents = Agent.objects.bulk_create(
        Agent(user=user, team=teams[i % len(teams)], branch=teams[i % len(teams)].branch)
        for i, user in enumerate(users)
    )
    leaves = []
    for root_name, children in CATEGORY_TREE.items():
        root = Category.objects.add_root({"name": root_name})
        leaves += [Category.objects.add_child(root, {"name": child}).pk for child in children]
    surveys = []
    for code, name in (("after-case", "After a case (e-mail)"), ("after-call", "After a call (phone)")):
        survey = Survey.objects.create(code=code, name=name, opens_at=dt.datetime(2024, 12, 1, tzinfo=dt.UTC))
        surveys.append((survey.pk, SurveyVersion.objects.create(survey=survey, number=1).pk))
    # Busier and quieter agents, and a few whose customers are less happy.
    workload = rng.gamma(6.0, 1.0, AGENTS)
    return {
        "agent_ids": np.array([agent.pk for agent in agents]),
        "team_ids": np.array([agent.team_id for agent in agents]),
        "branch_ids": np.array([agent.branch_id for agent in agents]),
        "agent_shares": workload / workload.sum(),
        "unhappy_shares": rng.beta(2.0, 12.0, AGENTS),
        "category_ids": np.array(leaves),
        "surveys": surveys,
    }


def days_of(rng: np.random.Generator, count: int) -> np.ndarray:
    """`count` day numbers (0 = FIRST_DAY), weekdays busier than weekends, in order."""
    weights = np.array([1.0 if (FIRST_DAY + dt.timedelta(days=d)).weekday() < 5 else 0.35 for d in range(DAYS)])
    weights *= np.linspace(0.9, 1.1, DAYS)  # the business grows a little over the year
    return np.sort(rng.choice(DAYS, size=count, p=weights / weights.sum())).astype(np.int64)


class Clock:
    """Database-ready text for days and moments (SQLite stores naive UTC text, PostgreSQL parses the text)."""

    def __init__(self, vendor: str) -> None:
        self.day_text = [(FIRST_DAY + dt.timedelta(days=d)).isoformat() for d in range(DAYS + 40)]
        self.suffix = "+00" if vendor == "postgresql" else ""
        self.time_text = [f"{s // 3600:02}:{s // 60 % 60:02}:{s % 60:02}" for s in range(86400)]

    def moment(self, seconds: int) -> str:
        """Seconds since FIRST_DAY at midnight UTC, as a timestamp."""
        day, second = divmod(seconds, 86400)
        return f"{self.day_text[day]} {self.time_text[second]}{self.suffix}"


def service_facts(rng: np.random.Generator, org: dict[str, Any], days: np.ndarray) -> dict[str, np.ndarray]:
    """Who served each customer, where, about what and when; which survey asked."""
    count = len(days)
    agent = rng.choice(AGENTS, size=count, p=org["agent_shares"])
    channel = rng.choice(len(CHANNELS[0]), size=count, p=CHANNELS[1])
    # Phone contacts are surveyed on the phone half of the time; everything else by e-mail.
    by_phone = (channel == 0) & (rng.random(count) < 0.5)
    return {
        "agent": agent,
        "queue": rng.choice(len(QUEUES[0]), size=count, p=QUEUES[1]),
        "category": rng.integers(0, len(org["category_ids"]), size=count),
        "channel": channel,
        "by_phone": by_phone,
        "served": days * 86400 + rng.integers(8 * 3600, 20 * 3600, size=count),
    }


def answers(rng: np.random.Generator, org: dict[str, Any], agent: np.ndarray) -> dict[str, list[Any]]:
    """Realistic answers: NPS skewed to promoters (less so for a few agents), some questions left blank."""
    count = len(agent)
    unhappy = rng.random(count) < org["unhappy_shares"][agent]
    nps = np.where(unhappy, rng.choice(11, size=count, p=NPS_SHARES_UNHAPPY), rng.choice(11, size=count, p=NPS_SHARES))
    csat = rng.choice(5, size=count, p=CSAT_SHARES) + 1
    csat = np.where(unhappy & (rng.random(count) < 0.5), np.minimum(csat, 3), csat)
    ces = rng.choice(7, size=count, p=CES_SHARES) + 1
    fcr = rng.random(count) < np.where(unhappy, 0.45, FCR_YES)

    def blanked(values: np.ndarray, share: float) -> list[Any]:
        missing = rng.random(count) < share
        return [None if gone else value for value, gone in zip(values.tolist(), missing.tolist(), strict=True)]

    return {
        "nps": blanked(nps, NPS_MISSING),
        "csat": blanked(csat, CSAT_MISSING),
        "ces": blanked(ces, CES_MISSING),
        "fcr": blanked(fcr, FCR_MISSING),
        "has_comment": (rng.random(count) < 0.3).tolist(),
    }


def fact_rows(org: dict[str, Any], facts: dict[str, np.ndarray], clock: Clock) -> list[list[Any]]:
    """The service-fact columns (FACT_COLUMNS) of each row."""
    agent_ids = org["agent_ids"][facts["agent"]].tolist()
    team_ids = org["team_ids"][facts["agent"]].tolist()
    branch_ids = org["branch_ids"][facts["agent"]].tolist()
    category_ids = org["category_ids"][facts["category"]].tolist()
    (email_survey, _), (phone_survey, _) = org["surveys"]
    rows = []
    for i, served in enumerate(facts["served"].tolist()):
        by_phone = bool(facts["by_phone"][i])
        rows.append(
            [
                agent_ids[i],
                team_ids[i],
                branch_ids[i],
                category_ids[i],
                QUEUES[0][facts["queue"][i]],
                CHANNELS[0][facts["channel"][i]],
                clock.moment(served),
                clock.day_text[served // 86400],
                phone_survey if by_phone else email_survey,
                "ivr" if by_phone else "email",
            ]
        )
    return rows


def invitation_rows(
    first_id: int, facts: list[list[Any]], served: list[int], answered: list[int] | None, clock: Clock
) -> Iterator[tuple[Any, ...]]:
    """Invitation rows (INVITATION_COLUMNS), sent an hour after service; `answered` seconds, or None."""
    for i, row in enumerate(facts):
        sent = served[i] + 3600
        yield (
            first_id + i,
            *row,
            f"{first_id + i:032x}",
            clock.moment(sent),
            clock.moment(sent + 14 * 86400),
            clock.moment(sent),
            None if answered is None else clock.moment(answered[i]),
            clock.moment(served[i]),
        )


def load(org: dict[str, Any], responses: int, response_rate: float, seed: int) -> dict[str, Any]:
    """Insert the responses (and their invitations, plus the unanswered ones) in batches; seconds taken."""
    from django.db import connection, transaction

    from frontline.demo.bulk import analyze, insert_rows, reset_sequences, settle_after_load
    from frontline.surveys import scoring
    from frontline.surveys.models import Invitation, Response

    rng = np.random.default_rng(seed)
    clock = Clock(connection.vendor)
    versions = dict(org["surveys"])
    started = time.perf_counter()
    with_invitations = response_rate > 0
    unanswered = round(responses / response_rate) - responses if with_invitations else 0
    all_days = days_of(rng, responses)
    for offset in range(0, responses, BATCH):
        days = all_days[offset : offset + BATCH]
        facts = service_facts(rng, org, days)
        rows = fact_rows(org, facts, clock)
        given = answers(rng, org, facts["agent"])
        served = facts["served"].tolist()
        responded = (facts["served"] + 3600 + rng.integers(600, 3 * 86400, size=len(days))).tolist()
        with transaction.atomic():
            if with_invitations:
                insert_rows(
                    Invitation, INVITATION_COLUMNS, list(invitation_rows(offset + 1, rows, served, responded, clock))
                )
            batch = []
            for i, row in enumerate(rows):
                nps, csat, ces, fcr = given["nps"][i], given["csat"][i], given["ces"][i], given["fcr"][i]
                batch.append(
                    (
                        offset + i + 1,
                        *row,
                        versions[row[8]],
                        offset + i + 1 if with_invitations else None,
                        clock.moment(responded[i]),
                        nps,
                        csat,
                        ces,
                        fcr,
                        scoring.is_unhappy(nps=nps, csat=csat, fcr=fcr),
                        given["has_comment"][i],
                    )
                )
            insert_rows(Response, RESPONSE_COLUMNS, batch)
    all_days = days_of(rng, unanswered)
    for offset in range(0, unanswered, BATCH):
        days = all_days[offset : offset + BATCH]
        facts = service_facts(rng, org, days)
        rows = fact_rows(org, facts, clock)
        with transaction.atomic():
            insert_rows(
                Invitation,
                INVITATION_COLUMNS,
                list(invitation_rows(responses + offset + 1, rows, facts["served"].tolist(), None, clock)),
            )
    inserted = time.perf_counter() - started
    reset_sequences([Invitation, Response])
    analyze([Invitation, Response])
    settle_after_load([Invitation, Response])
    return {
        "responses": Response.objects.count(),
        "invitations": Invitation.objects.count(),
        "insert_seconds": round(inserted, 1),
        "load_seconds": round(time.perf_counter() - started, 1),
    }


# --- the two ways to the table ------------------------------------------------------------------------------------


def ours(start: dt.date, end: dt.date) -> Any:
    """What a supervisor's page asks for: every agent's scores per week, from the daily cells."""
    from frontline.surveys import selectors

    return selectors.score_table(actor=None, dimension="agent", period="week", start=start, end=end)


def raw_tallies(start: dt.date, end: dt.date) -> dict[tuple[str | None, dt.date], Any]:
    """(agent id, week) -> Tally straight from the responses and sent invitations: one GROUP BY each."""
    from django.db import connection

    from frontline.surveys.scoring import Tally

    week = WEEK_SQL[connection.vendor]
    found: dict[tuple[str | None, dt.date], list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT agent_id, {week} AS week, {TALLY_SQL} FROM surveys_response "
            "WHERE served_on BETWEEN %s AND %s GROUP BY agent_id, week",
            [start, end],
        )
        for agent, monday, *counts in cursor.fetchall():
            key = None if agent is None else str(agent)
            found[key, _date(monday)] = [0, *(int(count or 0) for count in counts)]
        cursor.execute(
            f"SELECT agent_id, {week} AS week, COUNT(*) FROM surveys_invitation "
            "WHERE sent_at IS NOT NULL AND served_on BETWEEN %s AND %s GROUP BY agent_id, week",
            [start, end],
        )
        for agent, monday, invited in cursor.fetchall():
            key = None if agent is None else str(agent)
            found.setdefault((key, _date(monday)), [0] * 12)[0] = int(invited)
    return {key: Tally(*counts) for key, counts in found.items()}


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def naive(start: dt.date, end: dt.date) -> dict[str, Any]:
    """The same table the naive way: the raw GROUP BYs, then the same sums and scoring maths per row."""
    from frontline.surveys import scoring

    tallies = raw_tallies(start, end)
    by_agent: dict[str, dict[dt.date, Any]] = defaultdict(dict)
    overall: dict[dt.date, Any] = {}
    for (agent, monday), tally in tallies.items():
        if agent is not None:
            by_agent[agent][monday] = tally
        overall[monday] = overall.get(monday, scoring.Tally()) + tally

    def row(by_period: dict[dt.date, Any]) -> tuple[Any, Any, list[tuple[dt.date, Any]]]:
        total = scoring.total(by_period.values())
        periods = [(day, scoring.scores(tally)) for day, tally in sorted(by_period.items())]
        return total, scoring.scores(total), periods

    return {"rows": {agent: row(weeks) for agent, weeks in by_agent.items()}, "overall": row(overall)}


def cell_tallies(start: dt.date, end: dt.date) -> dict[tuple[str, dt.date], Any]:
    """(agent id, week) -> Tally summed from the agent cells, independently of the selector's code."""
    from frontline.surveys.models import ScoreCell
    from frontline.surveys.rollup import TALLY_FIELDS
    from frontline.surveys.scoring import Tally

    found: dict[tuple[str, dt.date], list[int]] = {}
    cells = ScoreCell.objects.filter(dimension="agent", day__gte=start, day__lte=end).order_by()
    for key, day, *counts in cells.values_list("key", "day", *TALLY_FIELDS).iterator(chunk_size=10_000):
        slot = found.setdefault((key, day - dt.timedelta(days=day.weekday())), [0] * len(TALLY_FIELDS))
        for i, count in enumerate(counts):
            slot[i] += count
    return {key: Tally(*counts) for key, counts in found.items()}


def check_exact(start: dt.date, end: dt.date, responses: int) -> dict[str, Any]:
    """Every agent-week tally from the cells equals the raw one, and so does every score of the table."""
    raw = raw_tallies(start, end)
    from_cells = cell_tallies(start, end)
    raw_agents = {key: tally for key, tally in raw.items() if key[0] is not None}
    assert from_cells == raw_agents, "agent-week tallies from the cells differ from the responses"
    assert sum(tally.responses for tally in raw.values()) == responses
    table = ours(start, end)
    reference = naive(start, end)
    assert {row.key for row in table.rows} == set(reference["rows"])
    for row in table.rows:
        total, total_scores, periods = reference["rows"][row.key]
        assert (row.tally, row.total, row.periods) == (total, total_scores, periods), f"agent {row.key} differs"
    assert table.overall is not None
    assert (table.overall.tally, table.overall.total, table.overall.periods) == reference["overall"]
    return {
        "exact": True,
        "agent_weeks_compared": len(raw_agents),
        "agents": len(table.rows),
        "weeks": len(table.periods),
        "responses_counted": sum(row.tally.responses for row in table.rows),
    }


# --- timing -----------------------------------------------------------------------------------------------------


def timed(function: Callable[[], Any]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict[str, Any]:
    """Median, minimum and every run, in milliseconds."""
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "runs_ms": [round(sample, 1) for sample in samples],
    }


def measure(start: dt.date, end: dt.date, runs: int) -> dict[str, Any]:
    """Cold runs (a new connection each), then ours and the naive way in turn (A/B/A/B), then the API."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    cold = []
    for _ in range(runs):
        connection.close()
        cold.append(timed(lambda: ours(start, end)))
    ours(start, end)
    naive(start, end)
    warm, reference = [], []
    for _ in range(runs):
        warm.append(timed(lambda: ours(start, end)))
        reference.append(timed(lambda: naive(start, end)))
    admin = User.objects.create_superuser("bench-admin", "admin@example.com", None)
    client = Client()
    client.force_login(admin)
    path = f"/api/v1/surveys/scores?by=agent&period=week&start={start}&end={end}"

    def get() -> None:
        answer = client.get(path)
        if answer.status_code != 200:
            raise RuntimeError(f"GET {path}: HTTP {answer.status_code}: {answer.content[:300]!r}")

    get()  # the process's first request sets up URL routing and the API's schemas: not what is measured
    connection.close()
    api_cold = timed(get)
    api = [timed(get) for _ in range(runs)]
    body = client.get(path).json()
    return {
        "score_table_cold": summary(cold),
        "score_table_warm": summary(warm),
        "naive_group_by": summary(reference),
        "api": {"first_on_new_connection_ms": round(api_cold, 1), **summary(api)},
        "api_body_bytes": len(json.dumps(body)),
        "api_rows": len(body["rows"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "postgres"], default="sqlite")
    parser.add_argument(
        "--response-rate", type=float, default=0.3, help="Answered share of invitations; 0: load no invitations."
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database (its place is printed).")
    arguments = parser.parse_args()
    kind = "postgresql" if arguments.database == "postgres" else arguments.database
    if not 0 <= arguments.response_rate <= 1:
        parser.error("--response-rate is a share from 0 to 1")

    facts = machine_facts()
    with scratch(kind, arguments.responses, arguments.keep) as database:
        start_django(database)
        from frontline.surveys import rollup

        org = organisation(np.random.default_rng(arguments.seed))
        loaded = load(org, arguments.responses, arguments.response_rate, arguments.seed)
        started = time.perf_counter()
        cells = rollup.recount()
        recount_seconds = time.perf_counter() - started
        first, last = FIRST_DAY, FIRST_DAY + dt.timedelta(days=DAYS - 1)
        exact = check_exact(first, last, arguments.responses)
        figures = measure(first, last, arguments.runs)
        from frontline.surveys.models import ScoreCell

        result: dict[str, Any] = {
            "benchmark": "survey_scores",
            "database": kind,
            "database_version": database.server_version(),
            "responses": arguments.responses,
            "loaded": loaded,
            "response_rate": arguments.response_rate,
            "agents": AGENTS,
            "teams": len(TEAMS),
            "surveys": 2,
            "start": first,
            "end": last,
            "recount_seconds": round(recount_seconds, 1),
            "score_cells": cells,
            "agent_cells": ScoreCell.objects.filter(dimension="agent").count(),
            **figures,
            "naive_over_ours_warm": round(
                figures["naive_group_by"]["median_ms"] / figures["score_table_warm"]["median_ms"], 1
            ),
            **exact,
            "target": "scores by agent by week over 1,000,000 responses in under 1 s on SQLite and PostgreSQL",
            "machine": facts,
            "kept_at": str(database.url or database.home) if arguments.keep else None,
        }
    text = json.dumps(result, indent=2, default=str)
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / f"survey_scores-{kind}-{arguments.responses}.json").write_text(text)


if __name__ == "__main__":
    main()
