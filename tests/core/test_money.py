"""Money is Decimal with a currency: never a float, never two currencies added."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.core.money import Money, MoneyError, parse_amount, parse_currency

amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(amounts, amounts)
def test_adding_then_subtracting_gives_back_the_amount(a, b):
    assert (Money.of(a, "CAD") + Money.of(b, "CAD") - Money.of(b, "CAD")).amount == a


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**6), max_value=10**6))
def test_amounts_are_kept_to_cents(value):
    assert parse_amount(value).as_tuple().exponent == -2


def test_rounding_is_bankers_rounding():
    assert parse_amount("0.125") == Decimal("0.12")
    assert parse_amount("0.135") == Decimal("0.14")


@pytest.mark.parametrize("bad", [1.5, "abc", "NaN", "Infinity", ""])
def test_floats_and_non_numbers_are_refused(bad):
    with pytest.raises(MoneyError):
        parse_amount(bad)


@pytest.mark.parametrize(("code", "expected"), [("cad", "CAD"), (" eur ", "EUR")])
def test_currency_codes_are_normalised(code, expected):
    assert parse_currency(code) == expected


@pytest.mark.parametrize("code", ["EURO", "C4D", "", "€€€"])
def test_bad_currency_codes_are_refused(code):
    with pytest.raises(MoneyError):
        parse_currency(code)


def test_two_currencies_do_not_add():
    with pytest.raises(MoneyError):
        Money.of("1", "CAD") + Money.of("1", "USD")


def test_money_prints_with_its_currency():
    assert str(Money.of("1234.5", "CAD")) == "1,234.50 CAD"
