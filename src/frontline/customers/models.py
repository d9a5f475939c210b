"""Customer accounts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from frontline.core.models import TimeStampedModel
from frontline.core.money import Money
from frontline.core.validation import validate_phone_number

currency_code = RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code such as CAD.")


class Tier(models.TextChoices):
    STANDARD = "standard", "Standard"
    PLUS = "plus", "Plus"
    PREMIUM = "premium", "Premium"
    BUSINESS = "business", "Business"


def _default_currency() -> str:
    return str(settings.FRONTLINE_DEFAULT_CURRENCY)


class Customer(TimeStampedModel):
    """A customer account."""

    account_number = models.CharField(
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]{3,32}$", "Use 3 to 32 letters, digits or dashes.")],
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True, validators=[validate_phone_number])
    tier = models.CharField(max_length=16, choices=Tier.choices, default=Tier.STANDARD)
    branch = models.ForeignKey(
        "accounts.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="customers"
    )
    relationship_owner = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_customers"
    )
    customer_since = models.DateField(default=timezone.localdate)
    revenue_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text="Revenue over the last twelve months.",
    )
    revenue_currency = models.CharField(max_length=3, default=_default_currency, validators=[currency_code])
    cost_to_serve_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text="Cost to serve over the last twelve months.",
    )
    cost_to_serve_currency = models.CharField(max_length=3, default=_default_currency, validators=[currency_code])

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"], name="customer_name_idx"),
            models.Index(fields=["email"], name="customer_email_idx"),
            models.Index(fields=["phone"], name="customer_phone_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.account_number})"

    @property
    def revenue(self) -> Money:
        """Revenue over the last twelve months."""
        return Money(self.revenue_amount, self.revenue_currency)

    @property
    def cost_to_serve(self) -> Money:
        """Cost to serve over the last twelve months."""
        return Money(self.cost_to_serve_amount, self.cost_to_serve_currency)
