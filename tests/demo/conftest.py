"""Fixtures for the demo company's tests: seeding at small scale with a fixed reference time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from frontline.demo.seeding import SeedSummary, seed_company

from .support import NOW

Seed = Callable[..., SeedSummary]


@pytest.fixture
def seed_demo(db: Any) -> Seed:
    """Seed the demo company at `NOW`; keyword arguments go to seed_company (300 cases unless told)."""

    def seed(**options: Any) -> SeedSummary:
        options.setdefault("cases", 300)
        options.setdefault("now", NOW)
        return seed_company(**options)

    return seed
