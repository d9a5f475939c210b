#!/usr/bin/env python
"""Django's manage.py, for developers; `frontline` is the same command, installed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from frontline.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
