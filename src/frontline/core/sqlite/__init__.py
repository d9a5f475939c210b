"""Django's SQLite back end, with writers queued on an operating-system lock (see base.py)."""
