"""The `frontline` command: Django's management commands plus Frontline's own.

`frontline demo` runs the demo, `frontline serve` the production server (it forces FRONTLINE_ENV=production),
`frontline worker` the background tasks; `seed`, `import`, `export` and `token` manage data.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a `frontline` subcommand; with none, list them."""
    arguments = list(sys.argv if argv is None else argv)
    arguments[0] = "frontline"
    if len(arguments) > 1 and arguments[1] == "serve":
        os.environ["FRONTLINE_ENV"] = "production"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontline.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(arguments)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"frontline: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
