"""Products, the category tree, cases and contacts in the Django admin."""

from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from frontline.cases.models import Case, Category, Contact, Product
from frontline.core.admin import AuditedModelAdmin


@admin.register(Product)
class ProductAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "is_active")
    prepopulated_fields = {"code": ("name",)}


@admin.register(Category)
class CategoryAdmin(TreeAdmin, AuditedModelAdmin):
    form = movenodeform_factory(Category)
    search_fields = ("name",)


@admin.register(Case)
class CaseAdmin(AuditedModelAdmin):
    list_display = ("reference", "subject", "customer", "status", "priority", "owner", "opened_at")
    list_filter = ("status", "priority", "channel", "product")
    list_select_related = ("customer", "owner__user")
    raw_id_fields = ("customer", "owner", "category")
    date_hierarchy = "opened_at"
    show_full_result_count = False


@admin.register(Contact)
class ContactAdmin(AuditedModelAdmin):
    list_display = ("case", "channel", "direction", "started_at", "agent", "outcome")
    list_filter = ("channel", "direction", "outcome")
    list_select_related = ("case", "agent__user")
    raw_id_fields = ("case", "agent")
    show_full_result_count = False
