"""Case list pages (first, middle, last) and full-text search through the API: p50/p95 per request.

    python benchmarks/api_list_search.py --cases 100000 --database sqlite
    python benchmarks/api_list_search.py --cases 1000000 --database postgresql

Seeds a scratch database once (kept under --workdir and reused), serves it with `frontline serve`
(gunicorn, production settings) and times requests over HTTP from one keep-alive client, interleaving
the kinds of request round by round so that machine noise falls on all of them alike.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from common import (
    Client,
    emit,
    issue_token,
    live_server,
    machine_facts,
    percentiles,
    prepare,
    run,
    scratch_database,
)

# From common to rare, and one that matches nothing (the worst case for a plan that walks by date).
SEARCHES = ["bill", "modem", "outage", "roaming charges", "porting", '"no signal"', "router"]
MIDDLE_CURSOR = """
from frontline.cases.models import Case
from frontline.core.pagination import Cursor
rows = Case.objects.order_by("-opened_at", "-id").values_list("opened_at", "id")
total = Case.objects.count()
print(total)
print(Cursor("next", tuple(rows[total // 2])).encode())
"""
MATCHES = """
import json
from frontline.cases import search
from frontline.cases.models import Case
print(json.dumps({q: search.matching(Case.objects.all(), q).count() for q in json.loads(%r)}))
"""


def _requests(cursors: dict[str, str]) -> dict[str, str]:
    paths = {
        "list_first_page": "/api/v1/cases?limit=50",
        "list_middle_page": f"/api/v1/cases?limit=50&cursor={cursors['middle']}",
        "list_last_page": f"/api/v1/cases?limit=50&cursor={cursors['last']}",
        "list_open_cases_first_page": "/api/v1/cases?limit=50&is_open=true",
    }
    for query in SEARCHES:
        paths[f"search {query}"] = "/api/v1/cases?" + urlencode({"limit": 50, "q": query})
    return paths


def measure(client: Client, paths: dict[str, str], rounds: int) -> dict[str, dict[str, float]]:
    """Time every path once per round, in the same order each round, after two warm-up rounds."""
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for round_number in range(rounds + 2):
        for name, path in paths.items():
            status, body, elapsed = client.request("GET", path)
            if status != 200:
                raise RuntimeError(f"{name}: HTTP {status}: {body}")
            if round_number >= 2:
                samples[name].append(elapsed)
    return {name: percentiles(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "frontline-bench")
    parser.add_argument("--fresh", action="store_true", help="Seed again even if the scratch database exists.")
    arguments = parser.parse_args()

    database = scratch_database(arguments.database, arguments.cases, arguments.workdir)
    preparation = prepare(database, arguments.cases, fresh=arguments.fresh)
    total, middle = run(["shell", "-c", MIDDLE_CURSOR], database).stdout.strip().splitlines()[-2:]
    matches = json.loads(run(["shell", "-c", MATCHES % json.dumps(SEARCHES)], database).stdout.splitlines()[-1])
    token = issue_token(database)
    with live_server(database, workers=arguments.workers) as (host, port):
        client = Client(host, port, token)
        _, first, _ = client.request("GET", "/api/v1/cases?limit=50")
        paths = _requests({"middle": middle, "last": first["last_cursor"]})
        started = time.perf_counter()
        figures = measure(client, paths, arguments.rounds)
        seconds = round(time.perf_counter() - started, 1)
    pages = ("list_first_page", "list_middle_page", "list_last_page")
    p95s = [figures[name]["p95_ms"] for name in pages]
    result: dict[str, Any] = {
        "benchmark": "api_list_search",
        "database": arguments.database,
        "database_version": database.server_version(),
        "cases": int(total),
        "page_size": 50,
        "gunicorn_workers": arguments.workers,
        "rounds": arguments.rounds,
        "measured_seconds": seconds,
        "figures": figures,
        "search_matches": matches,
        "worst_list_p95_ms": max(p95s),
        "last_over_first_page_p95": round(p95s[2] / p95s[0], 2),
        "worst_search_p95_ms": max(v["p95_ms"] for k, v in figures.items() if k.startswith("search")),
        "target": "list and search p95 under 150 ms at 1,000,000 cases, flat from the first to the last page",
        "machine": machine_facts(),
        **preparation,
    }
    emit(result)


if __name__ == "__main__":
    main()
