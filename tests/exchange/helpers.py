"""Running an import in a test and reading what it refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from frontline.exchange.importing import ImportOptions, ImportOutcome, RowsRejected, import_file


def refused(kind: str, path: Path, **options: Any) -> list[str]:
    """The problems shown when importing `path` is refused (the test fails if it is not)."""
    with pytest.raises(RowsRejected) as caught:
        import_file(kind, path, ImportOptions(**options))
    return [str(error) for error in caught.value.errors.shown]


def imported(kind: str, path: Path, **options: Any) -> ImportOutcome:
    """Import `path`, expecting it to go through."""
    return import_file(kind, path, ImportOptions(**options))
