"""What every benchmark shares: the machine's facts, percentiles, a scratch database and a live server."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import platform
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FRONTLINE = [sys.executable, "-m", "frontline.cli"]
POSTGRES_ADMIN_URL = os.environ.get("FRONTLINE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")


def machine_facts() -> dict[str, Any]:
    """The facts a figure is meaningless without: CPU, cores, memory, versions."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        kilobytes = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory_gb = round(kilobytes / 1024 / 1024, 1)
    import django

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95 and max of a list of milliseconds, rounded to 0.1 ms."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
    }


@dataclass(frozen=True)
class Database:
    """A scratch database for one benchmark: an SQLite file under `home`, or a PostgreSQL database."""

    kind: str
    home: Path
    url: str | None

    def env(self) -> dict[str, str]:
        """The environment that points `frontline` at this database."""
        env = {key: value for key, value in os.environ.items() if not key.startswith(("FRONTLINE_", "DJANGO_"))}
        env["FRONTLINE_HOME"] = str(self.home)
        env["FRONTLINE_ENV"] = "development"
        env["FRONTLINE_DEBUG"] = "0"
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    def server_version(self) -> str:
        """The database engine's version."""
        if self.kind == "sqlite":
            return sqlite3.sqlite_version
        import psycopg

        with psycopg.connect(self.url or "") as connection:
            row = connection.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "unknown"


def scratch_database(kind: str, cases: int, workdir: Path) -> Database:
    """The (possibly already seeded) scratch database for `cases` cases of `kind`."""
    home = workdir / f"{kind}-{cases}"
    home.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        return Database(kind, home, None)
    name = f"frontline_bench_{cases}"
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return Database(kind, home, f"{base}/{name}")


def run(arguments: list[str], database: Database, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a `frontline` command against the scratch database, failing loudly."""
    return subprocess.run(
        FRONTLINE + arguments, env=database.env(), cwd=ROOT, check=True, text=True, capture_output=True, **kwargs
    )


def is_seeded(database: Database) -> int:
    """How many cases the scratch database holds (0 when it does not exist yet)."""
    script = "from frontline.cases.models import Case; print(Case.objects.count())"
    try:
        result = run(["shell", "-c", script], database)
    except subprocess.CalledProcessError:
        return 0
    return int(result.stdout.strip().splitlines()[-1])


def prepare(database: Database, cases: int, *, fresh: bool) -> dict[str, Any]:
    """Create, migrate and seed the scratch database unless it already holds `cases` cases."""
    if not fresh and is_seeded(database) == cases:
        return {"seeded_now": False}
    drop(database)
    if database.kind == "postgresql":
        import psycopg

        name = (database.url or "").rsplit("/", 1)[1]
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    run(["migrate", "--verbosity", "0"], database)
    started = time.perf_counter()
    run(["seed", "--seed", "1", "--cases", str(cases)], database, timeout=4 * 3600)
    return {"seeded_now": True, "seed_seconds": round(time.perf_counter() - started, 1)}


def drop(database: Database) -> None:
    """Remove the scratch database."""
    if database.kind == "sqlite":
        shutil.rmtree(database.home / "var", ignore_errors=True)
        return
    import psycopg

    name = (database.url or "").rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def issue_token(database: Database, username: str = "agent") -> str:
    """A fresh API token for `username` in the scratch database."""
    name = f"bench-{secrets.token_hex(4)}"
    result = run(["token", "create", name, "--user", username], database)
    return next(line for line in result.stdout.splitlines() if line.startswith("fl_"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def live_server(database: Database, *, workers: int) -> Iterator[tuple[str, int]]:
    """`frontline serve` (gunicorn, production settings) on a free port, stopped afterwards."""
    port = _free_port()
    env = database.env()
    env.update(
        {
            "FRONTLINE_SECRET_KEY": secrets.token_urlsafe(50),
            "FRONTLINE_SSL_REDIRECT": "0",
            "FRONTLINE_ALLOWED_HOSTS": "127.0.0.1",
            "FRONTLINE_LOG_LEVEL": "WARNING",
        }
    )
    env.pop("FRONTLINE_ENV", None)
    env.pop("FRONTLINE_DEBUG", None)
    server = subprocess.Popen(
        [*FRONTLINE, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--no-access-log"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/api/v1/openapi.json")
                if connection.getresponse().status == 200:
                    break
            if server.poll() is not None:
                raise RuntimeError(f"the server stopped: {server.stderr.read() if server.stderr else ''}")
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not answer within a minute")
        yield "127.0.0.1", port
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=20)
        if server.poll() is None:
            server.kill()


class Client:
    """A keep-alive HTTP/1.1 JSON client with a bearer token."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any, float]:
        """Send one request; return status, parsed JSON and the elapsed milliseconds."""
        payload = None if body is None else json.dumps(body)
        started = time.perf_counter()
        self.connection.request(method, path, body=payload, headers=self.headers)
        response = self.connection.getresponse()
        raw = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        return response.status, json.loads(raw) if raw else None, elapsed


def emit(result: dict[str, Any]) -> None:
    """Print a benchmark's JSON result and keep a copy under benchmarks/results/."""
    text = json.dumps(result, indent=2, default=str)
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{result['benchmark']}-{result.get('database', 'all')}-{result.get('cases', 'na')}.json").write_text(text)
