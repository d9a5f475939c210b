"""Intervals against worked examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.core.intervals import difference, share


def test_wilson_80_of_100() -> None:
    found = share(80, 100)
    assert (round(found.low * 100, 1), round(found.high * 100, 1)) == (71.1, 86.7)


def test_newcombe_56_of_70_against_48_of_80() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873-890, example (a): 0.2000, interval 0.0524 to 0.3339.
    found = difference(share(56, 70), share(48, 80))
    assert round(found.value, 4) == 0.2
    assert (round(found.low, 4), round(found.high, 4)) == (0.0524, 0.3339)
    assert found.is_clear


def test_empty_groups_have_no_interval() -> None:
    assert share(0, 0).low is None
    assert difference(share(0, 0), share(1, 2)) is None
    with pytest.raises(ValueError, match="k <= n"):
        share(3, 2)


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_interval_holds_the_share_and_stays_within_0_and_1(kn: tuple[int, int]) -> None:
    k, n = kn
    found = share(k, n)
    if n:
        assert 0 <= found.low <= found.value <= found.high <= 1
