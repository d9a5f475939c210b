"""Run every benchmark at 100,000 and 1,000,000 cases on SQLite, and on PostgreSQL when it answers.

    python benchmarks/run_all.py [--cases 100000 1000000] [--databases sqlite postgresql]

Each script prints its JSON and keeps a copy in benchmarks/results/; docs/performance.md quotes them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["api_list_search.py", "api_create_throughput.py", "import_export.py"]


def postgres_answers() -> bool:
    """Whether the benchmark PostgreSQL server accepts connections."""
    sys.path.insert(0, str(HERE))
    from common import POSTGRES_ADMIN_URL

    try:
        import psycopg

        psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3).close()
    except Exception:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    arguments = parser.parse_args()
    databases = [db for db in arguments.databases if db != "postgresql" or postgres_answers()]
    for cases in arguments.cases:
        for database in databases:
            for script in SCRIPTS:
                command = [sys.executable, str(HERE / script), "--cases", str(cases), "--database", database]
                print(f"--- {' '.join(command[1:])}", flush=True)
                subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
