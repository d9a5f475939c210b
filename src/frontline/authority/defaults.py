"""The usual gesture types and a starting authority profile per role, installed by a migration (and by the
demo and tests after a database flush). Edited afterwards in the admin; installing again changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

GESTURE_TYPES = [
    # code, name, is_monetary, usual value
    ("account_credit", "Account credit", True, "20.00"),
    ("fee_waiver", "Fee waiver", True, "15.00"),
    ("free_service_period", "Free service period", True, "40.00"),
    ("replacement", "Replacement", True, "120.00"),
    ("expedited_delivery", "Expedited delivery", True, "25.00"),
    ("useful_advice", "A useful piece of advice", False, "0.00"),
    ("call_back", "A call-back at a time the customer chooses", False, "0.00"),
]
# role, budget per month, limit per gesture, investigation threshold
ROLE_PROFILES = [
    ("agent", "400.00", "50.00", "35.00"),
    ("supervisor", "5000.00", "500.00", "300.00"),
    ("admin", "50000.00", "5000.00", "2000.00"),
]


def install(gesture_type_model: Any, profile_model: Any, currency: str) -> None:
    """Create what is missing; the models are passed in so a migration can use its historical ones."""
    for code, name, is_monetary, value in GESTURE_TYPES:
        gesture_type_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "is_monetary": is_monetary,
                "value_amount": Decimal(value),
                "value_currency": currency,
            },
        )
    for role, budget, limit, threshold in ROLE_PROFILES:
        profile_model.objects.get_or_create(
            role=role,
            defaults={
                "period": "month",
                "currency": currency,
                "budget_amount": Decimal(budget),
                "per_gesture_limit": Decimal(limit),
                "investigation_threshold": Decimal(threshold),
            },
        )
