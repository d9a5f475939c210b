"""Money: a Decimal amount with an ISO 4217 currency. Pure, no Django import."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

CENT = Decimal("0.01")
# Amounts are stored in DecimalField(max_digits=14, decimal_places=2).
MAX_WHOLE_DIGITS = 12


class MoneyError(ValueError):
    """An amount or currency that cannot be money."""


def parse_currency(code: str) -> str:
    """Return the upper-case three-letter currency code, or raise MoneyError."""
    normalised = code.strip().upper()
    if len(normalised) != 3 or not normalised.isascii() or not normalised.isalpha():
        raise MoneyError(f"{code!r} is not a three-letter ISO 4217 currency code")
    return normalised


def parse_amount(value: object) -> Decimal:
    """Return `value` as a Decimal rounded to cents (banker's rounding); floats are refused."""
    if isinstance(value, float):
        raise MoneyError("money is never a float; send a decimal string such as '12.50'")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise MoneyError(f"{value!r} is not a decimal amount") from exc
    if not amount.is_finite():
        raise MoneyError(f"{value!r} is not a finite amount")
    if amount.adjusted() >= MAX_WHOLE_DIGITS:
        raise MoneyError(f"{value!r} is too large; amounts have at most {MAX_WHOLE_DIGITS} digits before the point")
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency. Adding two currencies is an error, not a conversion."""

    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        """Build Money from any decimal-like amount and a currency code, validating both."""
        return cls(parse_amount(amount), parse_currency(currency))

    def __add__(self, other: Money) -> Money:
        if self.currency != other.currency:
            raise MoneyError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        if self.currency != other.currency:
            raise MoneyError(f"cannot subtract {other.currency} from {self.currency}")
        return Money(self.amount - other.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
