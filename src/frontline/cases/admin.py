"""Products, the category tree, cases and contacts in the Django admin."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from frontline.cases.models import Case, Category, Contact, Product
from frontline.core.admin import AuditedAdminMixin, AuditedModelAdmin
from frontline.core.audit import JsonValue


@admin.register(Product)
class ProductAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "is_active")
    prepopulated_fields = {"code": ("name",)}


class CategoryForm(MoveNodeForm):
    """treebeard's form, refusing (like the services) two categories of the same name under one parent."""

    def _new_parent(self, position: str, reference: Category | None) -> Category | None:
        if reference is None:
            return None
        if position in ("first-child", "last-child", "sorted-child"):
            return reference
        return Category.objects.get_parent(reference)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        name, position = cleaned.get("name"), cleaned.get("treebeard_position")
        if not name or not position:
            return cleaned
        parent = self._new_parent(position, cleaned.get("treebeard_ref_node"))
        siblings = Category.objects.get_children(parent) if parent else Category.objects.get_root_nodes()
        if self.instance.pk is not None:
            siblings = siblings.exclude(pk=self.instance.pk)
        if siblings.filter(name__iexact=name).exists():
            self.add_error("name", f"{name!r} already exists here.")
        return cleaned


@admin.register(Category)
class CategoryAdmin(AuditedAdminMixin, TreeAdmin):
    """The tree; a category moves on its change page (validated and audited), not by drag and drop."""

    form = movenodeform_factory(Category, form=CategoryForm)
    search_fields = ("name",)

    def audit_values(self, obj: Model) -> dict[str, JsonValue]:
        parent = Category.objects.get_parent(obj, update=True)
        return {"parent_id": parent.pk if parent else None}

    def audit_deleted_rows(self, obj: Model) -> Iterable[Model]:
        return Category.objects.get_tree(obj)  # deleting a category deletes everything under it

    def move_node(self, request: HttpRequest) -> HttpResponse:
        """Turned off: treebeard's drag-and-drop move would bypass the checks and the audit log."""
        messages.error(request, "Categories cannot be dragged: change the parent on the category's page.")
        raise PermissionDenied


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
