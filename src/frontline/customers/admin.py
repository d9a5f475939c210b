"""Customers in the Django admin."""

from django.contrib import admin

from frontline.core.admin import AuditedModelAdmin
from frontline.customers.models import Customer


@admin.register(Customer)
class CustomerAdmin(AuditedModelAdmin):
    list_display = ("account_number", "name", "tier", "branch", "relationship_owner", "customer_since")
    list_filter = ("tier", "branch")
    list_select_related = ("branch", "relationship_owner__user")
    search_fields = ("account_number", "name", "email", "phone")
    autocomplete_fields = ("relationship_owner",)
