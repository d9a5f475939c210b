"""Cases created per second through the API: one client in sequence, then 8 concurrent clients, on gunicorn.

    python benchmarks/api_create_throughput.py --cases 100000 --database sqlite

Each request is a complete POST /api/v1/cases (token authentication, validation, the row, its audit entry
and its search index entry) with an Idempotency-Key, as an integration would send it.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

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

IDS = """
import json
from frontline.customers.models import Customer
from frontline.cases.models import Product, Category
print(json.dumps({
    "customers": list(Customer.objects.order_by("id").values_list("id", flat=True)[:500]),
    "products": list(Product.objects.values_list("id", flat=True)),
    "categories": list(Category.objects.filter(depth__gte=2).values_list("id", flat=True)),
}))
"""


def _body(number: int, ids: dict[str, list[int]]) -> dict[str, Any]:
    return {
        "customer_id": ids["customers"][number % len(ids["customers"])],
        "product_id": ids["products"][number % len(ids["products"])],
        "category_id": ids["categories"][number % len(ids["categories"])],
        "subject": f"Benchmark case {number}: modem light blinking orange",
        "description": "The customer reports the modem light blinking orange since this morning.",
        "channel": "phone",
        "priority": "normal",
    }


def create_cases(client: Client, numbers: range, ids: dict[str, list[int]], latencies: list[float]) -> None:
    """POST one case per number, each with its own idempotency key; raise on any failure."""
    for number in numbers:
        client.headers["Idempotency-Key"] = str(uuid.uuid4())
        status, body, elapsed = client.request("POST", "/api/v1/cases", _body(number, ids))
        if status != 201:
            raise RuntimeError(f"HTTP {status}: {body}")
        latencies.append(elapsed)


def sequential(host: str, port: int, token: str, ids: dict[str, list[int]], count: int) -> dict[str, Any]:
    """One client, one request at a time."""
    latencies: list[float] = []
    started = time.perf_counter()
    create_cases(Client(host, port, token), range(count), ids, latencies)
    seconds = time.perf_counter() - started
    return {
        "load_generator": "python",
        "clients": 1,
        "created": count,
        "seconds": round(seconds, 2),
        "cases_per_second": round(count / seconds, 1),
        "latency": percentiles(latencies),
    }


def concurrent(host: str, port: int, token: str, ids: dict[str, list[int]], count: int, clients: int) -> dict[str, Any]:
    """`clients` threads of one Python process, each with its own keep-alive connection."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[BaseException] = []
    share = count // clients

    def work(index: int) -> None:
        try:
            create_cases(Client(host, port, token), range(index * share, (index + 1) * share), ids, latencies[index])
        except BaseException as exc:  # reported below, after every thread has stopped
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} clients failed; first: {errors[0]}")
    created = share * clients
    return {
        "load_generator": "python threads",
        "clients": clients,
        "created": created,
        "seconds": round(seconds, 2),
        "cases_per_second": round(created / seconds, 1),
        "latency": percentiles([x for xs in latencies for x in xs]),
    }


WRK_SCRIPT = """
counter = 0
customers = {%(customers)s}
products = {%(products)s}
categories = {%(categories)s}
request = function()
  counter = counter + 1
  local body = string.format(
    '{"customer_id": %%d, "product_id": %%d, "category_id": %%d, "channel": "phone", "priority": "normal", '
    .. '"subject": "Benchmark case %%d: modem light blinking orange", '
    .. '"description": "The customer reports the modem light blinking orange since this morning."}',
    customers[counter %% #customers + 1], products[counter %% #products + 1],
    categories[counter %% #categories + 1], counter)
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer %(token)s"
  wrk.headers["Idempotency-Key"] = string.format("%%s-%%d-%%d", "%(run)s", counter, math.random(1, 2147483647))
  return wrk.format("POST", "/api/v1/cases", nil, body)
end
"""


def concurrent_wrk(
    host: str, port: int, token: str, ids: dict[str, list[int]], clients: int, seconds: int
) -> dict[str, Any]:
    """`clients` connections from wrk (a C load generator that leaves the cores to the server) for `seconds`."""
    lists = {name: ", ".join(str(value) for value in values) for name, values in ids.items()}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {**lists, "token": token, "run": uuid.uuid4().hex[:8]})
    command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--latency", "-s", script.name, f"http://{host}:{port}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw failed requests:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    done = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    quantiles = dict(re.findall(r"^\s+(50|90|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    return {
        "load_generator": "wrk",
        "clients": clients,
        "created": done,
        "seconds": seconds,
        "cases_per_second": round(rate, 1),
        "latency": {f"p{q}": value for q, value in quantiles.items()},
    }


COUNT = "from frontline.cases.models import Case; print(Case.objects.count())"


def _median(runs: list[dict[str, Any]], generator: str) -> float | None:
    rates = [r["cases_per_second"] for r in runs if r["load_generator"] == generator]
    return round(statistics.median(rates), 1) if rates else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="Seeded cases already in the database.")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--creates", type=int, default=2000, help="Cases to create in each Python-client run.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10, help="Length of each wrk run.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (one per core serves best)")
    parser.add_argument("--repeats", type=int, default=3, help="Rounds of sequential / concurrent runs, A/B/A/B.")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "frontline-bench")
    arguments = parser.parse_args()

    database = scratch_database(arguments.database, arguments.cases, arguments.workdir)
    preparation = prepare(database, arguments.cases, fresh=False)
    ids = json.loads(run(["shell", "-c", IDS], database).stdout.strip().splitlines()[-1])
    token = issue_token(database)
    has_wrk = shutil.which("wrk") is not None
    before = int(run(["shell", "-c", COUNT], database).stdout.strip().splitlines()[-1])
    runs: list[dict[str, Any]] = []
    with live_server(database, workers=arguments.workers) as (host, port):
        create_cases(Client(host, port, token), range(50), ids, [])  # warm-up
        for _ in range(arguments.repeats):
            runs.append(sequential(host, port, token, ids, arguments.creates // 2))
            runs.append(concurrent(host, port, token, ids, arguments.creates, arguments.clients))
            if has_wrk:
                runs.append(concurrent_wrk(host, port, token, ids, arguments.clients, arguments.seconds))
    after = int(run(["shell", "-c", COUNT], database).stdout.strip().splitlines()[-1])
    expected = 50 + sum(r["created"] for r in runs)
    # wrk stops counting at its deadline while up to one request per connection is still being served.
    in_flight = arguments.clients * sum(1 for r in runs if r["load_generator"] == "wrk")
    if not expected <= after - before <= expected + in_flight:
        raise RuntimeError(f"{after - before} cases were written for {expected} successful requests")
    emit(
        {
            "benchmark": "api_create_throughput",
            "database": arguments.database,
            "database_version": database.server_version(),
            "cases": arguments.cases,
            "gunicorn_workers": arguments.workers,
            "runs": runs,
            "cases_written_checked": after - before,
            "sequential_cases_per_second_median": _median([r for r in runs if r["clients"] == 1], "python"),
            "concurrent_python_clients_cases_per_second_median": _median(
                [r for r in runs if r["clients"] > 1], "python threads"
            ),
            "concurrent_wrk_cases_per_second_median": _median(runs, "wrk") if has_wrk else "wrk not installed",
            "target": "at least 300 cases created per second through the API on one machine",
            "reference": "django-helpdesk 2.6 created 33 tickets per second through its API (quoted in the issue)",
            "machine": machine_facts(),
            **preparation,
        }
    )


if __name__ == "__main__":
    main()
