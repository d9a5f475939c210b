"""The case page and its similar-cases panel, served by gunicorn, over the seeded demo company.

    python benchmarks/assist_desk.py --cases 1000000 --database sqlite

Seeds a scratch database (reused while it holds exactly N cases), builds the similar-case index with
`frontline assist rebuild` (timed, with its peak memory), serves the app with `frontline serve`, signs in as an
agent and, for 100 open cases in turn, loads the case page and then its similar-cases panel as the browser does
(the panel is an HTMX fragment). Reports p50 / p95 of each and of the two together.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import resource
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

from common import emit, live_server, machine_facts, prepare, run, scratch_database

DEMO_PASSWORD = "frontline-demo"  # noqa: S105 - the demo log-ins' published password (README)
OPEN_CASES = """
import json
from frontline.cases.models import Case
print(json.dumps(list(Case.objects.filter(status__in=["new", "open"]).values_list("id", flat=True)[:5000])))
"""
INDEXED = "from frontline.assist import engine; import json; print(json.dumps(engine.HOLDER.status()))"


def rebuild(database: Any) -> dict[str, Any]:
    """Build the index unless the snapshot already holds every resolved case; time and peak memory."""
    status = json.loads(run(["shell", "-c", INDEXED], database).stdout.strip().splitlines()[-1])
    if status["ready"]:
        return {"index_built_now": False, "indexed": status["snapshot"]["cases"]}
    started = time.perf_counter()
    result = run(["assist", "rebuild"], database, timeout=4 * 3600)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "index_built_now": True,
        "index_build_seconds": round(seconds, 1),
        "index_build_peak_memory_mb": round(peak, 1),
        "index_build_report": result.stdout.strip().splitlines()[-2:],
    }


def log_in(connection: http.client.HTTPConnection) -> str:
    """Sign in as the demo agent through the log-in page; the session cookie."""
    connection.request("GET", "/accounts/login/")
    page = connection.getresponse()
    html = page.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if csrf_cookie is None or token is None:
        raise RuntimeError("the log-in page did not offer a CSRF token")
    form = urllib.parse.urlencode(
        {"username": "agent", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token[1], "next": "/desk/"}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie[1]}"}
    connection.request("POST", "/accounts/login/", body=form, headers=headers)
    answer = connection.getresponse()
    answer.read()
    session = re.search(r"sessionid=([^;]+)", answer.getheader("Set-Cookie") or "")
    if answer.status != 302 or session is None:
        raise RuntimeError(f"signing in failed: HTTP {answer.status}")
    return session[1]


def fetch(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> float:
    """GET `path`; the milliseconds until the whole body arrived (fails on any status but 200)."""
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"GET {path}: HTTP {response.status}: {body[:300]!r}")
    return elapsed


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "frontline-bench")
    arguments = parser.parse_args()

    database = scratch_database(arguments.database, arguments.cases, arguments.workdir)
    preparation = prepare(database, arguments.cases, fresh=False)
    built = rebuild(database)
    candidates = json.loads(run(["shell", "-c", OPEN_CASES], database).stdout.strip().splitlines()[-1])
    chosen = random.Random(1).sample(candidates, min(arguments.pages, len(candidates)))
    pages, panels, both = [], [], []
    with live_server(database, workers=arguments.workers) as (host, port):
        connection = http.client.HTTPConnection(host, port, timeout=120)
        cookie = {"Cookie": f"sessionid={log_in(connection)}"}
        fragment = {**cookie, "HX-Request": "true", "HX-Target": "panel-similar"}
        for case_id in chosen[:5]:  # warm-up: each worker maps the snapshot on first use
            fetch(connection, f"/desk/cases/{case_id}/panels/similar/", fragment)
        for case_id in chosen:
            page = fetch(connection, f"/desk/cases/{case_id}/", cookie)
            panel = fetch(connection, f"/desk/cases/{case_id}/panels/similar/", fragment)
            pages.append(page)
            panels.append(panel)
            both.append(page + panel)
    emit(
        {
            "benchmark": "assist_desk",
            "database": arguments.database,
            "database_version": database.server_version(),
            "cases": arguments.cases,
            "gunicorn_workers": arguments.workers,
            "pages": len(chosen),
            "case_page": _summary(pages),
            "similar_panel": _summary(panels),
            "case_page_then_panel": _summary(both),
            "target": "the case page with the similar-cases panel p95 under 200 ms at 1,000,000 cases",
            **built,
            **preparation,
            "machine": machine_facts(),
        }
    )


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"{error.cmd}: {error.stderr}") from None
