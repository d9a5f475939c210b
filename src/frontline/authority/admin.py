"""Gesture types and authority profiles are set up in the Django admin; budgets, gestures and the ledger are
only read there (they change through the services, under a lock, with a ledger entry each)."""

from __future__ import annotations

from django.contrib import admin

from frontline.authority.models import (
    AuthorityProfile,
    Budget,
    ExceptionRequest,
    Gesture,
    GestureType,
    LedgerEntry,
    Policy,
)
from frontline.core.admin import AuditedModelAdmin, ReadOnlyAdmin


@admin.register(GestureType)
class GestureTypeAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "is_monetary", "value_amount", "value_currency", "is_active")
    prepopulated_fields = {"code": ("name",)}


@admin.register(AuthorityProfile)
class AuthorityProfileAdmin(AuditedModelAdmin):
    list_display = ("holder", "period", "budget_amount", "per_gesture_limit", "investigation_threshold", "currency")


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ("agent", "period_start", "period_end", "allocated_amount", "topped_up_amount", "spent_amount")
    list_filter = ("period_start",)


@admin.register(Gesture)
class GestureAdmin(ReadOnlyAdmin):
    list_display = ("id", "case", "gesture_type", "amount", "currency", "status", "given_by", "is_flagged")
    list_filter = ("status", "is_flagged", "gesture_type")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "budget", "kind", "amount", "balance_after", "gesture", "created_at")
    list_filter = ("kind",)


@admin.register(Policy)
class PolicyAdmin(AuditedModelAdmin):
    list_display = ("title", "constraint_class", "owner", "review_on", "is_active")
    list_filter = ("constraint_class", "is_active")
    search_fields = ("title", "statement", "reason")
    filter_horizontal = ("products", "categories")


@admin.register(ExceptionRequest)
class ExceptionRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "policy", "case", "requested_by", "status", "due_at", "escalated_at")
    list_filter = ("status",)
