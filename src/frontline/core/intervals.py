"""Honest intervals for shares: Wilson's score interval for one proportion (SciPy's formula), and Newcombe's hybrid
score interval for the difference of two independent proportions built from them. Pure: no Django."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.special import ndtri


@dataclass(frozen=True, slots=True)
class Share:
    """k of n, with its 95% Wilson interval (None when n is 0)."""

    k: int
    n: int
    low: float | None
    high: float | None

    @property
    def value(self) -> float | None:
        """k / n."""
        return self.k / self.n if self.n else None


def share(k: int, n: int, *, confidence: float = 0.95) -> Share:
    """`k` successes of `n`, with Wilson's score interval."""
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if not 0 <= confidence <= 1:
        raise ValueError(f"confidence must be from 0 to 1, got {confidence}")
    if n == 0:
        return Share(k, n, None, None)
    # SciPy's binomtest(k, n).proportion_ci(method="wilson") computes exactly this (the same operations in the
    # same order, so the same floats), but runs the exact binomial test first: 0.8 ms a share instead of 3 us,
    # which made a year of weekly scores by agent take seconds.
    p = k / n
    z = ndtri(0.5 + 0.5 * confidence)
    denominator = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denominator
    delta = z / denominator * math.sqrt(4 * n * p * (1 - p) + z**2)
    low = 0.0 if k == 0 else center - delta
    high = 1.0 if k == n else center + delta
    return Share(k, n, float(low), float(high))


@dataclass(frozen=True, slots=True)
class Difference:
    """The difference of two shares (first minus second) with Newcombe's interval."""

    value: float
    low: float
    high: float

    @property
    def is_clear(self) -> bool:
        """Whether the interval leaves out zero: the data say which share is higher."""
        return self.low > 0 or self.high < 0


def _bounds(part: Share) -> tuple[float, float, float] | None:
    if part.value is None or part.low is None or part.high is None:
        return None
    return part.value, part.low, part.high


def difference(first: Share, second: Share) -> Difference | None:
    """first - second with Newcombe's hybrid score interval (his method 10); None when either share is empty."""
    a, b = _bounds(first), _bounds(second)
    if a is None or b is None:
        return None
    (p1, low1, high1), (p2, low2, high2) = a, b
    value = p1 - p2
    low = value - math.hypot(p1 - low1, high2 - p2)
    high = value + math.hypot(high1 - p1, p2 - low2)
    return Difference(value, low, high)
