"""The `frontline` command: Django's management commands plus Frontline's own (demo, serve, worker, seed, ...)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a `frontline` subcommand; with none, list them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontline.settings")
    from django.core.management import execute_from_command_line

    arguments = list(sys.argv if argv is None else argv)
    arguments[0] = "frontline"
    execute_from_command_line(arguments)


if __name__ == "__main__":
    main()
