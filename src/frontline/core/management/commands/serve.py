"""`frontline serve`: the production web server (gunicorn), with DEBUG off and secure settings."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_workers() -> int:
    """Gunicorn's usual rule: two workers per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = (
        "Serve Frontline in production with gunicorn. Needs FRONTLINE_SECRET_KEY (never the demo key) and "
        "FRONTLINE_ALLOWED_HOSTS; run `frontline migrate` first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("FRONTLINE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("FRONTLINE_WORKERS", default_workers())))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("FRONTLINE_THREADS", "1")))
        parser.add_argument("--timeout", type=int, default=30, help="Seconds before a stuck worker is restarted.")
        parser.add_argument("--check-only", action="store_true", help="Run the start-up checks, then exit.")
        parser.add_argument("--no-access-log", action="store_true", help="Do not log each request.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.IS_PRODUCTION:
            raise CommandError("serve runs only with FRONTLINE_ENV=production (the frontline command sets it).")
        if settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
            raise CommandError("Refusing to serve with the demo secret key: set FRONTLINE_SECRET_KEY.")
        call_command("check", deploy=True, fail_level="WARNING")
        call_command("collectstatic", interactive=False, verbosity=0)
        if options["check_only"]:
            self.stdout.write("Start-up checks passed.")
            return
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "frontline.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            str(options["timeout"]),
            *([] if options["no_access_log"] else ["--access-logfile", "-"]),
            "--forwarded-allow-ips",
            os.environ.get("FRONTLINE_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        self.stdout.write(f"Serving on http://{options['bind']} with {options['workers']} workers.")
        sys.stdout.flush()
        os.execv(sys.executable, command)  # noqa: S606 - replaces this process with gunicorn, our own argv
